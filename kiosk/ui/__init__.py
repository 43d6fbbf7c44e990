"""Qt views: the window, the slides, the video player facade.

Importing this package makes PySide's check of each module imported after it cheaper
(:func:`uses_pyside`): every ``kiosk.ui`` module, and the first slide, wait for it.
"""

from __future__ import annotations

import sys
from types import ModuleType

import PySide6  # noqa: F401  (PySide's import hook, shibokensupport.feature, exists from here)

_feature = sys.modules.get("shibokensupport.feature")
_pyside_check = getattr(_feature, "_mod_uses_pyside", None)
"""PySide's own check (None if this PySide has none: the check is then left alone)."""


def uses_pyside(module: ModuleType) -> bool:
    """Whether ``module``'s source names PySide6: PySide's answer, read faster.

    PySide's import hook (``shibokensupport.feature``, PYSIDE-2029) asks this of every module
    imported after PySide, to know which may switch on ``from __feature__ import``; it reads
    each source through ``inspect.getsource`` (linecache, a stat per file): about 0.1 ms a
    module, 14 ms of start-up for the 130 modules the first slide needs (bench/RESULTS.md).
    The file's bytes give the same answer; a module without a ``.py`` file (built in, frozen)
    gets PySide's own check.
    """
    path = getattr(module, "__file__", None)
    if isinstance(path, str) and path.endswith(".py"):
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            pass
    return bool(_pyside_check(module)) if _pyside_check is not None else False


if _feature is not None and _pyside_check is not None:
    _feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
