"""PySide6.QtGui: PyInstaller's own hook, minus the Qt plugins that build.spec excludes.

Dropping a plugin here, before PyInstaller follows its link-time dependencies, also keeps out
the libraries only that plugin needs: GTK, cairo and pango for the GTK platform theme,
libwayland for the Wayland platform, libQt6Pdf for the PDF image format. The patterns, and
why each is excluded, are in build.spec (``hooksconfig["PySide6"]["exclude"]``).
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
