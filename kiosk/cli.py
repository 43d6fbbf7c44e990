"""The ``kiosk`` command: show the presentation, validate content, render slides to PNG."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
import threading
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.cli_args import build_parser
from kiosk.content import Content, ContentError, Problem, load_content
from kiosk.content.languages import check_language
from kiosk.resources import bundled_content_path

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.show.watch import LivePreview
    from kiosk.ui.show.window import MainWindow

log = logging.getLogger("kiosk")


def _print_problems(error: ContentError) -> None:
    for problem in error.problems:
        print(problem, file=sys.stderr)
    count = len(error.problems)
    print(f"{count} problem{'s' if count != 1 else ''} found.", file=sys.stderr)


def _content_file(path: Path | None) -> Path:
    if path is not None and path.is_dir():
        return path / "content.yaml"  # a content folder stands for the file in it
    return path or bundled_content_path()


def _load(path: Path | None, *, check_files: bool = True) -> Content | None:
    try:
        return load_content(_content_file(path), check_files=check_files)
    except ContentError as error:
        _print_problems(error)
        return None


def _validation(path: Path | None) -> tuple[Content | None, list[Problem], list[Problem]]:
    """The content (None if unusable), its errors and its warnings."""
    try:
        content = load_content(_content_file(path))
    except ContentError as error:
        errors = [problem for problem in error.problems if not problem.warning]
        return None, errors, [problem for problem in error.problems if problem.warning]
    from kiosk.glyphs import glyph_problems  # lazy: font tables, only for validate

    return content, glyph_problems(content), list(content.warnings)


def _as_json(problem: Problem) -> dict[str, object]:
    return {
        "file": str(problem.path),
        "line": problem.line,
        "column": problem.column,
        "field": problem.field,
        "message": problem.message,
    }


def cmd_validate(path: Path | None, *, strict: bool = False, as_json: bool = False) -> int:
    """0 when the content is valid (warnings allowed, unless ``strict``), else 1."""
    content, errors, warnings = _validation(path)
    valid = content is not None and not errors and not (strict and warnings)
    if as_json:
        report = {
            "valid": valid,
            "errors": [_as_json(problem) for problem in errors],
            "warnings": [_as_json(problem) for problem in warnings],
        }
        import json  # lazy: only --format json

        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0 if valid else 1
    for problem in [*errors, *warnings]:
        print(problem, file=sys.stderr)
    if not valid:
        count = len(errors) + (len(warnings) if strict else 0)
        why = " (--strict: warnings count)" if strict and warnings else ""
        print(f"{count} problem{'s' if count != 1 else ''} found{why}.", file=sys.stderr)
        return 1
    assert content is not None
    print(f"{content.path}: valid, {len(content.slides)} slides.")
    return 0


def _load_lenient(path: Path | None, *, files_later: bool = False) -> Content | None:
    """Content whose missing or broken assets are reported but not fatal: the slides show
    their fallbacks, as the running app does.

    ``files_later``: the assets are not opened now; the caller calls
    :func:`log_file_problems` once the first slide shows (start-up: bench/RESULTS.md).
    """
    if files_later:
        return _load(path, check_files=False)
    try:  # content whose files are all right is read once
        return load_content(_content_file(path))
    except ContentError as error:
        content = _load(path, check_files=False)
        if content is not None:
            for problem in error.problems:
                log.warning("%s", problem)
        return content


def check_files_aside(content: Content) -> threading.Thread:
    """Run :func:`log_file_problems` on a thread of its own (the content model imports no
    Qt): reading and scanning large pictures and films never holds up the slides. Not a
    daemon: an app that quits at once waits for it rather than cut it off mid-message."""
    worker = threading.Thread(target=log_file_problems, args=(content,), name="file-check")
    worker.start()
    return worker


def log_file_problems(content: Content) -> None:
    """Log what the full check of ``content``'s asset files finds (missing, broken, not
    as designed); the slides show fallbacks for broken ones. About 10 ms for the bundled
    content: the show runs it after its first paint, not before."""
    try:
        load_content(content.path)
    except ContentError as error:
        for problem in error.problems:
            log.warning("%s", problem)


def cmd_keys() -> int:
    """A window that prints the name of every key pressed in it (for content.yaml's keys)."""
    from kiosk.ui.app import create_application  # lazy: Qt loads only for commands that draw
    from kiosk.ui.show.keynames import KeyNames  # lazy: Qt loads only for commands that draw

    app = create_application(sys.argv[:1])
    window = KeyNames()
    window.show()
    print("Press keys in the window; close it to stop.")
    return app.exec()


def cmd_render(path: Path | None, out: Path, size: tuple[int, int], language: str | None) -> int:
    content = _load_lenient(path)
    if content is None:
        return 1
    check_language(content, language)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.ui.app import create_application  # lazy: Qt loads only for commands that draw
    from kiosk.ui.render.png import render_slides  # lazy: Qt loads only for commands that draw

    create_application(sys.argv[:1], content.theme.font)
    for written in render_slides(content, out, *size, language):
        print(written)
    return 0


def cmd_self_test(path: Path | None, timeout: float) -> int:
    from kiosk.selftest import run_self_test  # lazy: only `kiosk self-test` needs it

    return run_self_test(path, video_timeout=timeout, report=lambda line: print(line, flush=True))


def cmd_export_pdf(path: Path | None, out: Path, *, notes: bool, language: str | None) -> int:
    content = _load(path)
    if content is None:
        return 1
    check_language(content, language)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.export_pdf import export_pdf  # lazy: Qt loads only for commands that draw
    from kiosk.ui.app import create_application  # lazy: Qt loads only for commands that draw

    create_application(sys.argv[:1], content.theme.font)
    pages = export_pdf(content, out, notes=notes, language=language)
    print(f"{out}: {pages} pages{' with notes' if notes else ''}.")
    return 0


def cmd_set_pin(pin_file: Path | None, *, from_stdin: bool = False, clear: bool = False) -> int:
    """Set (prompting twice, or one line from stdin) or clear the staff PIN; 0 on success."""
    from kiosk.system.pin import PinStore  # lazy: only `kiosk set-pin` needs it

    store = PinStore(pin_file)
    if clear:
        if store.clear():
            print(f"Staff PIN removed from {store.path}.")
        else:
            print(f"No staff PIN was set ({store.path}).")
        return 0
    if from_stdin:
        pin = sys.stdin.readline().strip()
    else:
        import getpass

        try:
            pin = getpass.getpass("New staff PIN (4 to 12 digits): ")
            again = getpass.getpass("Type the PIN again: ")
        except EOFError:
            print("kiosk set-pin: no PIN entered; nothing changed", file=sys.stderr)
            return 1
        if pin != again:
            print("kiosk set-pin: the two PINs differ; nothing changed", file=sys.stderr)
            return 1
    try:
        store.set_pin(pin)
    except ValueError as error:
        print(f"kiosk set-pin: {error}; nothing changed", file=sys.stderr)
        return 1
    print(f"Staff PIN stored in {store.path}.")
    return 0


def cmd_publish(source: Path, folder: Path, version: str | None) -> int:
    """The coordinator's step: copy ``source`` into the synced ``folder``, marker last."""
    if _load(source) is None:
        print("kiosk publish: the content has problems; nothing published", file=sys.stderr)
        return 1
    version = version or datetime.now().strftime("%Y-%m-%d.%H%M%S")
    from kiosk.system.fleet import publish  # lazy: only the publish command

    marker = publish(source if source.is_dir() else source.parent, folder, version)
    print(f"Published version {marker.version} ({len(marker.files)} files) to {folder}.")
    return 0


def cmd_report(databases: list[Path], out: Path, since: date | None, until: date | None) -> int:
    missing = [path for path in databases if not path.is_file()]
    if missing:
        print(f"kiosk report: no such database: {missing[0]}", file=sys.stderr)
        return 1
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.report import write_report  # lazy: Qt loads only for commands that draw
    from kiosk.ui.app import create_application  # lazy: Qt loads only for commands that draw

    create_application(sys.argv[:1], "Noto Sans")
    for written in write_report(databases, out, since, until):
        print(written)
    return 0


def _is_fleet_folder(path: Path) -> bool:
    """Whether ``path`` is a fleet's synced folder (``kiosk publish``)."""
    if not path.is_dir():
        return False
    from kiosk.system.fleet import is_fleet_folder  # lazy: only a kiosk shown from a folder

    return is_fleet_folder(path)


def _kiosk_content(path: Path | None, *, files_later: bool = False) -> Content | None:
    """Content for an unattended kiosk: a broken --content falls back to the bundled one,
    because a kiosk must show something rather than a desktop. A synced fleet folder
    (``kiosk publish``) gives its last complete, verified version."""
    if path is not None and _is_fleet_folder(path):
        from kiosk.system.fleet import default_cache, resolve  # lazy: only a fleet's kiosk

        path = resolve(path, default_cache())
        if path is None:
            log.error("no complete content version has arrived yet: the bundled content")
            return _load(None, check_files=False)
    content = _load_lenient(path, files_later=files_later)
    if content is None and path is not None:
        log.error("falling back to the bundled content")
        content = _load(None, check_files=False)
    return content


def cmd_supervise(argv: Sequence[str]) -> int:
    """Run ``kiosk --kiosk`` in a child process and keep it on screen."""
    from kiosk.system.supervisor import supervise_kiosk  # lazy: --supervise

    child = [arg for arg in argv if arg != "--supervise"]
    log.info("supervising: %s", " ".join(child))
    return supervise_kiosk(child)


def cmd_show(args: argparse.Namespace) -> int:
    # Missing or broken assets are not fatal here: the slide shows a fallback instead.
    if args.watch and args.kiosk:
        print(
            "kiosk: --watch is for window and presenter modes; a kiosk reloads by itself",
            file=sys.stderr,
        )
        return 2
    # The first slide waits for no asset check; --watch's banner starts with the warnings.
    files_later = not args.watch
    if args.kiosk:
        content = _kiosk_content(args.content, files_later=files_later)
    else:
        content = _load_lenient(args.content, files_later=files_later)
    if content is None:
        return 1
    check_language(content, args.language)
    from kiosk.ui.app import (
        choose_video_path,
        create_application,
        install_exception_hook,
    )  # lazy: Qt

    choose_video_path(args.video_path)
    app = create_application(sys.argv[:1], content.theme.font)
    install_exception_hook()
    from kiosk.ui.show.window import MainWindow  # lazy: Qt loads only for commands that show
    from kiosk.ui.widgets.screens import move_to_screen  # lazy: Qt

    window = MainWindow(content, language=args.language)
    if os.environ.get("KIOSK_BENCH_STARTUP"):
        # bench/ measures launch-to-first-slide by this line; nothing else prints it.
        window.first_painted.connect(lambda: print("first-paint", flush=True))
    collect_after_first_paint(window)
    if files_later:
        from kiosk.ui.show.painted import after_first_paint  # lazy: Qt

        after_first_paint(window, lambda: check_files_aside(content))
    if args.screen is not None:
        move_to_screen(window, args.screen)
    if args.kiosk:
        return _run_kiosk(app, window, args)
    _preview = _live_preview(window) if args.watch else None  # kept while the app runs
    if args.record:
        _record(app, window, args.usage_db)
    if args.presenter:
        from kiosk.ui.presenter.screens import start_presenter  # lazy: only --presenter

        _console, _session = start_presenter(
            window, screen_index=args.screen, talk_minutes=args.talk
        )
        return app.exec()
    if args.fullscreen:
        window.show_fullscreen()
    else:
        window.show()
    return app.exec()


def _run_kiosk(app: QApplication, window: MainWindow, args: argparse.Namespace) -> int:
    from kiosk.ui.kiosk.run import KioskOptions, run_kiosk  # lazy: only --kiosk

    options = KioskOptions(
        idle_timeout=args.idle_timeout,
        countdown=args.countdown,
        attract_video=args.attract_video,
        heartbeat=args.heartbeat,
        pin_file=args.pin_file,
        screen=args.screen,
        usage_db=args.usage_db,
        outbox=args.outbox,
        export_minutes=args.export_minutes,
        kiosk_name=args.kiosk_name,
        fleet=args.content if args.content and _is_fleet_folder(args.content) else None,
    )
    return run_kiosk(app, window, options)


def collect_after_first_paint(window: MainWindow, latest_ms: int = 5000) -> None:
    """Turn Python's cycle collector back on (kiosk/__main__.py paused it) when ``window``'s
    first slide is painted, or after ``latest_ms`` milliseconds if that never comes."""
    from kiosk.ui.show.painted import after_first_paint  # lazy: Qt

    after_first_paint(window, gc.enable, latest_ms=latest_ms)


def _record(app: QApplication, window: MainWindow, database: Path | None) -> None:
    """``--record`` in window and presenter modes: the whole run is one visit, from the first
    slide painted. The database (SQLite, a writer thread) opens then, not on the start-up
    path, as the kiosk's does (about 5 ms sooner on screen; nothing to record before)."""

    from kiosk.ui.show.painted import after_first_paint  # lazy: Qt

    def start() -> None:
        from kiosk.ui.kiosk.usage import open_tracker  # lazy: only --record

        usage = open_tracker(window, database, recording=True)  # the window keeps it
        if usage is not None:
            usage.begin()
            app.aboutToQuit.connect(usage.close)

    after_first_paint(window, start)


def _live_preview(window: MainWindow) -> LivePreview:
    from kiosk.ui.show.watch import LivePreview  # lazy: only --watch

    return LivePreview(window)


def _level(name: str) -> int:
    return int(logging.getLevelName(name))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``kiosk`` command; returns the process exit code."""
    parser = build_parser()
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(arguments)
    from kiosk.system.logs import configure_logging  # lazy: not for --help

    # A kiosk keeps a rotating log file (nobody watches its terminal); the supervisor
    # writes its own file, since two processes must not rotate the same one.
    configure_logging(
        args.log_level if not args.kiosk else min(args.log_level, "INFO", key=_level),
        to_file=args.kiosk and args.command is None,
        file_name="supervisor.log" if args.supervise else "kiosk.log",
    )
    if args.command is not None or args.supervise:
        gc.enable()  # paused while the app starts (kiosk/__main__.py); the show: first paint
    try:
        if args.supervise and args.command is None:
            if not args.kiosk:
                parser.error("--supervise goes with --kiosk")
            return cmd_supervise(arguments)
        if args.command == "validate":
            return cmd_validate(
                args.path or args.content,
                strict=args.strict,
                as_json=args.validate_format == "json",
            )
        if args.command == "render":
            language = args.render_language or args.language
            return cmd_render(args.render_content or args.content, args.out, args.size, language)
        if args.command == "self-test":
            return cmd_self_test(args.self_test_content or args.content, args.timeout)
        if args.command == "export-pdf":
            path, language = args.export_content or args.content, args.export_language
            return cmd_export_pdf(
                path, args.out, notes=args.notes, language=language or args.language
            )
        if args.command == "keys":
            return cmd_keys()
        if args.command == "report":
            return cmd_report(args.databases, args.report_out, args.since, args.until)
        if args.command == "publish":
            return cmd_publish(args.publish_source, args.publish_folder, args.version)
        if args.command == "set-pin":
            return cmd_set_pin(args.set_pin_file, from_stdin=args.stdin, clear=args.clear)
        return cmd_show(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # never a traceback for the user; the log has the details
        log.debug("unexpected error", exc_info=True)
        print(f"kiosk: error: {exc}", file=sys.stderr)
        return 1
