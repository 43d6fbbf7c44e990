"""PySide6.QtNetwork: PyInstaller's own hook, minus the plugins build.spec excludes, and
without the OpenSSL libraries that hook adds for Qt's TLS backend.

The app opens no network connection, so Qt's TLS and network-information plugins (and
OpenSSL) are not needed. PySide6.QtMultimedia imports this module, so it stays. The
patterns, and why each is excluded, are in build.spec (``hooksconfig["PySide6"]["exclude"]``).
"""

import os
import re

from PyInstaller.utils.hooks import get_hook_config
from PyInstaller.utils.hooks.qt import add_qt6_dependencies


def hook(hook_api):
    hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
    patterns = get_hook_config(hook_api, "PySide6", "exclude") or ["(?!)"]
    excluded = re.compile("|".join(patterns), re.IGNORECASE)

    def kept(entry):
        source, dest_dir = entry
        name = f"{dest_dir}/{os.path.basename(source)}".replace("\\", "/")
        return not excluded.search(name)

    hook_api.add_imports(*hiddenimports)
    hook_api.add_binaries([entry for entry in binaries if kept(entry)])
    hook_api.add_datas([entry for entry in datas if kept(entry)])
