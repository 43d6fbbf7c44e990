"""Offline presentation and kiosk app for the NHS Race and Health Observatory."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("rho-kiosk")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0+checkout"
