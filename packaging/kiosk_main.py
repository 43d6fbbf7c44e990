"""Entry point of the frozen app (build.spec): the same as the ``kiosk`` command."""

import sys

from kiosk.__main__ import run

if __name__ == "__main__":
    sys.exit(run())
