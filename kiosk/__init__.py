"""Offline presentation and kiosk app for the NHS Race and Health Observatory."""

from __future__ import annotations

from functools import cache


@cache
def package_version() -> str:
    """The installed package's version; looked up on demand (importlib.metadata costs
    about 30 ms, a tenth of the start-up budget)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("rho-kiosk")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "0.0.0+checkout"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return package_version()
    raise AttributeError(f"module 'kiosk' has no attribute {name!r}")
