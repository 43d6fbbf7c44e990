"""The architecture stays as ARCHITECTURE.md draws it: no import cycles, no imports hidden in
functions to dodge one, modules and functions of a readable size, every module in the
README's tree, and one window per screen role.

The layers themselves are checked by ``lint-imports`` (pyproject.toml [tool.importlinter]),
which ``./dev lint`` runs.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.ui.presenter.console import PresenterConsole
from kiosk.ui.show.window import MainWindow
from tests.conftest import REPO_ROOT

PACKAGE = REPO_ROOT / "kiosk"
MAX_MODULE_LINES = 450
MAX_FUNCTION_LINES = 60
LONG_FUNCTIONS: dict[str, str] = {}
"""Functions allowed past the limit, with the reason (each one is still checked to exist)."""


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        if "_content" in path.parts:
            continue
        parts = list(path.relative_to(REPO_ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        yield ".".join(parts), path


MODULES = dict(_modules())


def _target(node: ast.Import | ast.ImportFrom, module: str) -> list[str]:
    """The kiosk modules an import statement imports (``from a import b``: a.b if a module)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name.split(".")[0] == "kiosk"]
    base = node.module or ""
    if node.level:  # relative: from the importing module's package
        package = module.split(".")
        if MODULES[module].name != "__init__.py":
            package.pop()
        package = package[: len(package) - node.level + 1]
        base = ".".join([*package, base] if base else package)
    if base.split(".")[0] != "kiosk":
        return []
    found = [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES]
    return found or [base]


def _imports(module: str) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Every import statement of ``module``, with whether it sits inside a function."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))

    def walk(
        node: ast.AST, in_function: bool
    ) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                yield child, in_function
            inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            yield from walk(child, inside)

    yield from walk(tree, False)


def test_no_import_cycles() -> None:
    graph = {
        module: {target for node, _ in _imports(module) for target in _target(node, module)}
        for module in MODULES
    }
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph.get(module, ())):
            if target not in MODULES:
                continue
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in MODULES:
        if module not in state:
            visit(module, [module])
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_no_kiosk_imports_inside_functions_unless_lazy() -> None:
    found = []
    for module, path in MODULES.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for node, in_function in _imports(module):
            if not in_function or not _target(node, module):
                continue
            statement = lines[node.lineno - 1 : node.end_lineno]
            if not any("# lazy:" in line for line in statement):
                found.append(f"{path.relative_to(REPO_ROOT)}:{node.lineno}: {statement[0].strip()}")
    assert not found, (
        "imports of kiosk modules inside functions (move them up, or say why they are lazy "
        "with a '# lazy: reason' comment):\n" + "\n".join(found)
    )


def test_modules_are_short() -> None:
    long = {
        str(path.relative_to(REPO_ROOT)): count
        for path in MODULES.values()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long, f"modules over {MAX_MODULE_LINES} lines: {long}"


def _functions() -> Iterator[tuple[str, int]]:
    for path in MODULES.values():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                body = node.body[0].lineno  # the body, its docstring included
                length = (node.end_lineno or body) - body + 1
                yield f"{path.relative_to(REPO_ROOT)}::{node.name}", length


def test_functions_are_short() -> None:
    lengths = dict(_functions())
    long = {name: n for name, n in lengths.items() if n > MAX_FUNCTION_LINES}
    for name in LONG_FUNCTIONS:
        assert name in lengths, f"{name} is gone: take it off LONG_FUNCTIONS"
        long.pop(name, None)
    assert not long, f"functions over {MAX_FUNCTION_LINES} lines: {long}"


def _readme_tree() -> set[str]:
    """The paths the README's module tree (under "How it is built") names."""
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How it is built", 1)[1]
    block = re.search(r"```\n(kiosk/\n.*?)```", section, re.S)
    assert block, "README lost its module tree"
    names: set[str] = set()
    folders: list[str] = []
    for line in block.group(1).splitlines():
        entry = line.strip().split(" ", 1)[0]
        if not entry.endswith((".py", "/")):
            continue  # a description's second line
        depth = (len(line) - len(line.lstrip(" "))) // 2
        del folders[depth:]
        path = "".join(folders) + entry
        names.add(path.rstrip("/"))
        if entry.endswith("/"):
            folders.append(entry)
    return names


def test_every_module_is_in_the_readme_tree() -> None:
    named = _readme_tree()
    missing = []
    for path in MODULES.values():
        relative = path.relative_to(REPO_ROOT)
        shown = relative.parent if relative.name == "__init__.py" else relative
        if str(shown) not in named:
            missing.append(str(shown))
    assert not missing, f"README's module tree (How it is built) does not name: {missing}"
    stale = [name for name in named if not (REPO_ROOT / name).exists()]
    assert not stale, f"README's module tree names what is not there: {stale}"


# --- the tests' helpers ---------------------------------------------------------------------
def _tests_imported(path: Path) -> set[str]:
    """The modules of the tests package that the file at ``path`` imports."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names |= {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
    return {name for name in names if name.split(".")[0] == "tests"}


def test_helpers_are_imported_from_tests_support_only() -> None:
    """Shared helpers live in tests/support/: no file imports from a test module, and
    tests/support/ and bench/ do not import tests/conftest.py (its fixtures are pytest's)."""
    files = [*(REPO_ROOT / "tests").rglob("*.py"), *(REPO_ROOT / "bench").rglob("*.py")]
    found = []
    for path in sorted(files):
        relative = path.relative_to(REPO_ROOT)
        helper = relative.parts[0] == "bench" or relative.parts[:2] == ("tests", "support")
        for name in sorted(_tests_imported(path)):
            part = name.split(".")[1] if "." in name else ""
            if part.startswith("test_") or (helper and part == "conftest"):
                found.append(f"{relative} imports {name}")
    assert not found, "\n".join(found)


# --- one window per screen role -------------------------------------------------------------
def _windows() -> list[str]:
    """The app's top-level windows a person (or a screen reader) can meet."""
    return sorted(
        type(widget).__name__
        for widget in QApplication.topLevelWidgets()
        if widget.isWindow() and widget.isVisible()
    )


def test_the_overview_makes_no_second_window(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_O)
    assert window.talk_layers.overview().isVisible()
    assert _windows() == ["MainWindow"]


@pytest.mark.parametrize("key", [Qt.Key.Key_O, Qt.Key.Key_G])
def test_the_presenter_has_two_windows_only(qtbot: QtBot, window: MainWindow, key: Qt.Key) -> None:
    console = PresenterConsole(window)
    qtbot.addWidget(console)
    console.show()
    qtbot.waitExposed(console)
    qtbot.waitUntil(lambda: console.current_pane.picture is not None)
    qtbot.keyClick(console, key)
    assert _windows() == ["MainWindow", "PresenterConsole"]
    console.close()
