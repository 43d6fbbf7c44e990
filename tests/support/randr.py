"""RandR monitors on an X display, as plugging a projector in and out makes them.

The layout every test and bench run uses: an X screen of :data:`X_SCREEN` (Xvfb), a
1280x720 ``laptop`` monitor at its left and a 1920x1080 ``projector`` beside it, which
:class:`Projector` unplugs and plugs back in. Qt (``QT_QPA_PLATFORM=xcb``) sees real
screens come and go. Needs Debian's libx11-6 and libxrandr2 (ctypes, no Python package).
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Iterator
from contextlib import contextmanager

from tests.support.xvfb import missing_tool, xvfb

X_SCREEN = (3200, 1080)
"""The X screen: room for the laptop and the projector side by side."""
LAPTOP = (0, 0, 1280, 720)
PROJECTOR = (1280, 0, 1920, 1080)
"""x, y, width and height of each monitor on the X screen."""


class RandR:
    """Adds and removes RandR monitors on an X display, as plugging a projector does."""

    class _Monitor(ctypes.Structure):
        _fields_ = [
            ("name", ctypes.c_ulong),
            ("primary", ctypes.c_int),
            ("automatic", ctypes.c_int),
            ("noutput", ctypes.c_int),
            ("x", ctypes.c_int),
            ("y", ctypes.c_int),
            ("width", ctypes.c_int),
            ("height", ctypes.c_int),
            ("mwidth", ctypes.c_int),
            ("mheight", ctypes.c_int),
            ("outputs", ctypes.POINTER(ctypes.c_ulong)),
        ]

    def __init__(self, display: str) -> None:
        x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
        xrandr = ctypes.CDLL(ctypes.util.find_library("Xrandr") or "libXrandr.so.2")
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x11.XDefaultRootWindow.restype = ctypes.c_ulong
        x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x11.XInternAtom.restype = ctypes.c_ulong
        x11.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        monitor_p = ctypes.POINTER(self._Monitor)
        xrandr.XRRAllocateMonitor.restype = monitor_p
        xrandr.XRRAllocateMonitor.argtypes = [ctypes.c_void_p, ctypes.c_int]
        xrandr.XRRGetMonitors.restype = monitor_p
        xrandr.XRRGetMonitors.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.c_int,
            ctypes.POINTER(ctypes.c_int),
        ]
        xrandr.XRRSetMonitor.argtypes = [ctypes.c_void_p, ctypes.c_ulong, monitor_p]
        xrandr.XRRDeleteMonitor.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong]
        self.x11, self.xrandr = x11, xrandr
        self.connection = x11.XOpenDisplay(display.encode())
        if not self.connection:
            raise OSError(f"cannot open display {display}")
        self.root = x11.XDefaultRootWindow(self.connection)

    def set_monitor(
        self, name: str, x: int, y: int, width: int, height: int, *, first: bool = False
    ) -> None:
        """Add monitor ``name``; ``first`` gives it the screen's output (replacing the
        automatic monitor that covers the whole X screen)."""
        outputs = []
        if first:
            count = ctypes.c_int()
            current = self.xrandr.XRRGetMonitors(self.connection, self.root, 0, ctypes.byref(count))
            outputs = [current[0].outputs[0]]
        monitor = self.xrandr.XRRAllocateMonitor(self.connection, len(outputs))
        monitor.contents.name = self.x11.XInternAtom(self.connection, name.encode(), 0)
        monitor.contents.x, monitor.contents.y = x, y
        monitor.contents.width, monitor.contents.height = width, height
        monitor.contents.mwidth, monitor.contents.mheight = width // 4, height // 4
        for index, output in enumerate(outputs):
            monitor.contents.outputs[index] = output
        self.xrandr.XRRSetMonitor(self.connection, self.root, monitor)
        self.x11.XSync(self.connection, 0)

    def delete_monitor(self, name: str) -> None:
        atom = self.x11.XInternAtom(self.connection, name.encode(), 0)
        self.xrandr.XRRDeleteMonitor(self.connection, self.root, atom)
        self.x11.XSync(self.connection, 0)

    def close(self) -> None:
        self.x11.XCloseDisplay(self.connection)


class Projector:
    """The laptop and the projector monitors on ``display``; the projector starts plugged
    in, and :meth:`unplug`, :meth:`plug_in` and :meth:`toggle` change that."""

    def __init__(self, display: str) -> None:
        self.randr = RandR(display)
        self.randr.set_monitor("laptop", *LAPTOP, first=True)
        self.randr.set_monitor("projector", *PROJECTOR)
        self.plugged = True
        self.toggles = 0

    def unplug(self) -> None:
        self.randr.delete_monitor("projector")
        self.plugged = False

    def plug_in(self) -> None:
        self.randr.set_monitor("projector", *PROJECTOR)
        self.plugged = True

    def toggle(self) -> str:
        """Unplug a plugged projector, or plug it in; says which."""
        if self.plugged:
            self.unplug()
        else:
            self.plug_in()
        self.toggles += 1
        return f"projector {'plugged in' if self.plugged else 'unplugged'}"

    def screens(self) -> int:
        """How many screens Qt should see."""
        return 2 if self.plugged else 1

    def close(self) -> None:
        self.randr.close()


@contextmanager
def projector_display() -> Iterator[str]:
    """For a test: a private Xvfb of :data:`X_SCREEN` to add the monitors to; yields its
    DISPLAY. Skips without libxrandr2 or Xvfb (fails under CI and ./dev test)."""
    if not ctypes.util.find_library("Xrandr"):
        missing_tool("Debian's libxrandr2")
    with xvfb(*X_SCREEN) as name:
        yield name
