"""How the supervisor runs its child, per platform (POSIX or Windows). Qt-free."""

from __future__ import annotations

import sys


def child_process_group(platform: str = sys.platform) -> int | None:
    """``subprocess.Popen``'s ``process_group`` for the kiosk child on ``platform``.

    POSIX: 0, a process group of its own, so a Ctrl-C typed in the terminal reaches only
    the supervisor, which then stops the child in order. Windows has no such groups: None.
    """
    if platform == "win32":
        return None
    return 0


def stop_signal_names(platform: str = sys.platform) -> tuple[str, ...]:
    """Names of the signals that ask the supervisor to stop on ``platform``.

    SIGTERM and SIGINT (Ctrl-C) everywhere; SIGHUP (its terminal closed) where it exists,
    which is everywhere but Windows.
    """
    if platform == "win32":
        return ("SIGTERM", "SIGINT")
    return ("SIGTERM", "SIGINT", "SIGHUP")
