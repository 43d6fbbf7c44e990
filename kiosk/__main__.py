"""``python -m kiosk``; the ``kiosk`` command and the frozen app start here too (:func:`run`)."""

import gc
import sys


def run() -> int:
    """Run the ``kiosk`` command and return its exit code.

    Python's cycle collector waits while the app starts: the imports, Qt's enums and the
    first slide's widgets live as long as the app, and the collector walked them again and
    again, about 9 ms of start-up (bench/RESULTS.md). :func:`kiosk.cli.main` turns it back
    on: at once for the commands, at the first slide painted for the show.
    """
    gc.disable()
    from kiosk.cli import main  # lazy: imported with the collector paused

    return main()


if __name__ == "__main__":
    sys.exit(run())
