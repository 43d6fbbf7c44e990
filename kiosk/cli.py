"""The ``kiosk`` command: show the presentation, validate content, render slides to PNG."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from kiosk import package_version
from kiosk.content import Content, ContentError, load_content
from kiosk.glyphs import glyph_problems
from kiosk.resources import bundled_content_path
from kiosk.system.platform.video import VIDEO_PATHS

log = logging.getLogger("kiosk")


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        message = f"expected WIDTHxHEIGHT, e.g. 1920x1080, not {text!r}"
        raise argparse.ArgumentTypeError(message) from None
    if not (16 <= width <= 8192 and 16 <= height <= 8192):
        raise argparse.ArgumentTypeError("width and height must be 16 to 8192 pixels")
    return width, height


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, not {text!r}") from None
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError("must be more than 0 and at most 3600 seconds")
    return value


class _VersionAction(argparse.Action):
    """``--version``, reading the package metadata only when asked."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, **kwargs)  # type: ignore[arg-type]

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        print(f"{parser.prog} {package_version()}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """The whole command line: window and presenter options, kiosk mode, the commands."""
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Offline presentation and kiosk app for the NHS Race and Health "
        "Observatory's 'Our Priorities'. With no command, opens the presentation.",
    )
    parser.add_argument("--version", action=_VersionAction, help="show the version number and exit")
    parser.add_argument(
        "--content",
        type=Path,
        metavar="PATH",
        help="content file, or the folder holding content.yaml (default: the bundled one)",
    )
    parser.add_argument("--fullscreen", action="store_true", help="start fullscreen (F11 toggles)")
    parser.add_argument(
        "--video-path",
        choices=VIDEO_PATHS,
        default="auto",
        help="how video reaches the screen: 'cpu' avoids software OpenGL on machines "
        "without a GPU driver (default: auto-detect)",
    )
    parser.add_argument(
        "--log-level",
        default="WARNING",
        choices=("DEBUG", "INFO", "WARNING", "ERROR"),
        help="log detail (default: WARNING)",
    )
    parser.add_argument(
        "--screen", type=int, metavar="N", help="screen to show the slides on (0 = first)"
    )
    parser.add_argument(
        "--presenter",
        action="store_true",
        help="slides fullscreen on the audience screen (--screen, default: not the primary"
        " one) and the presenter console (notes, next slide, timer) on the other",
    )
    _add_kiosk_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_content_commands(commands)
    _add_set_pin_command(commands)
    return parser


def _add_kiosk_options(parser: argparse.ArgumentParser) -> None:
    kiosk = parser.add_argument_group(
        "kiosk mode", "an unattended touchscreen; settings default to content.yaml's kiosk:"
    )
    kiosk.add_argument(
        "--kiosk", action="store_true", help="sealed fullscreen kiosk with attract loop"
    )
    kiosk.add_argument(
        "--idle-timeout",
        type=_seconds,
        metavar="SECONDS",
        help="seconds without input before 'Still there?' (content default: 90)",
    )
    kiosk.add_argument(
        "--countdown",
        type=_seconds,
        metavar="SECONDS",
        help="seconds the 'Still there?' countdown lasts (content default: 10)",
    )
    kiosk.add_argument(
        "--attract-video",
        choices=("muted", "skip"),
        help="in the attract loop, play the video muted or skip it",
    )
    kiosk.add_argument(
        "--supervise",
        action="store_true",
        help="run the kiosk in a child process and restart it if it crashes or hangs",
    )
    kiosk.add_argument("--heartbeat", type=Path, metavar="PATH", help=argparse.SUPPRESS)
    kiosk.add_argument(
        "--pin-file",
        type=Path,
        metavar="PATH",
        dest="pin_file",
        help="staff PIN file (default: staff-pin.json in the user's config folder)",
    )


def _add_content_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """validate, render, self-test and export-pdf: each reads the content, none opens a window."""
    validate = commands.add_parser(
        "validate",
        help="check a content file; print every problem as file:line:col: message",
    )
    validate.add_argument(
        "path", nargs="?", type=Path, metavar="PATH", help="content file (default: the bundled one)"
    )
    render = commands.add_parser("render", help="write one PNG per slide, without a window")
    render.add_argument(
        "--content",
        type=Path,
        metavar="PATH",
        dest="render_content",
        help="content file (default: the bundled one)",
    )
    render.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="folder for the PNG files"
    )
    render.add_argument(
        "--size",
        type=_size,
        default=(1920, 1080),
        metavar="WxH",
        help="image size in pixels (default: 1920x1080)",
    )
    self_test = commands.add_parser(
        "self-test",
        help="check that this machine can show the content: content, fonts, pictures, "
        "QR code, video; one line per check, exit 1 if any fails",
    )
    self_test.add_argument(
        "--content",
        type=Path,
        metavar="PATH",
        dest="self_test_content",
        help="content.yaml, or the folder holding it (default: the bundled content)",
    )
    self_test.add_argument(
        "--timeout",
        type=float,
        default=20.0,
        metavar="SECONDS",
        help="how long a video may take to show real frames (default: 20)",
    )
    export = commands.add_parser(
        "export-pdf", help="write the slides to a PDF handout (vector text), without a window"
    )
    export.add_argument("out", type=Path, metavar="OUT.pdf", help="PDF file to write")
    export.add_argument(
        "--content",
        type=Path,
        metavar="PATH",
        dest="export_content",
        help="content file (default: the bundled one)",
    )
    export.add_argument(
        "--notes", action="store_true", help="A4 pages: each slide with its speaker notes below"
    )


def _add_set_pin_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    set_pin = commands.add_parser(
        "set-pin", help="set or clear the staff PIN that unlocks kiosk mode (4 to 12 digits)"
    )
    pin_source = set_pin.add_mutually_exclusive_group()
    pin_source.add_argument(
        "--stdin", action="store_true", help="read the PIN from one line of standard input"
    )
    pin_source.add_argument("--clear", action="store_true", help="remove the staff PIN")
    set_pin.add_argument(
        "--pin-file",
        type=Path,
        metavar="PATH",
        dest="set_pin_file",
        help="PIN file (default: staff-pin.json in the user's config folder)",
    )


def _print_problems(error: ContentError) -> None:
    for problem in error.problems:
        print(problem, file=sys.stderr)
    count = len(error.problems)
    print(f"{count} problem{'s' if count != 1 else ''} found.", file=sys.stderr)


def _load(path: Path | None, *, check_files: bool = True) -> Content | None:
    if path is not None and path.is_dir():
        path = path / "content.yaml"  # a content folder stands for the file in it
    try:
        return load_content(path or bundled_content_path(), check_files=check_files)
    except ContentError as error:
        _print_problems(error)
        return None


def cmd_validate(path: Path | None) -> int:
    content = _load(path)
    if content is None:
        return 1
    problems = glyph_problems(content)
    if problems:
        _print_problems(ContentError(problems))
        return 1
    print(f"{content.path}: valid, {len(content.slides)} slides.")
    return 0


def _load_lenient(path: Path | None) -> Content | None:
    """Content whose missing or broken assets are reported but not fatal: the slides show
    their fallbacks, as the running app does."""
    content = _load(path, check_files=False)
    if content is not None:
        try:
            load_content(content.path)
        except ContentError as error:
            for problem in error.problems:
                log.warning("%s", problem)
    return content


def cmd_render(path: Path | None, out: Path, size: tuple[int, int]) -> int:
    content = _load_lenient(path)
    if content is None:
        return 1
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.ui.app import create_application  # lazy: Qt loads only for commands that draw
    from kiosk.ui.render.png import render_slides  # lazy: Qt loads only for commands that draw

    create_application(sys.argv[:1], content.theme.font)
    for written in render_slides(content, out, *size):
        print(written)
    return 0


def cmd_self_test(path: Path | None, timeout: float) -> int:
    from kiosk.selftest import run_self_test  # lazy: only `kiosk self-test` needs it

    return run_self_test(path, video_timeout=timeout, report=lambda line: print(line, flush=True))


def cmd_export_pdf(path: Path | None, out: Path, *, notes: bool = False) -> int:
    content = _load(path)
    if content is None:
        return 1
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.export_pdf import export_pdf  # lazy: Qt loads only for commands that draw
    from kiosk.ui.app import create_application  # lazy: Qt loads only for commands that draw

    create_application(sys.argv[:1], content.theme.font)
    pages = export_pdf(content, out, notes=notes)
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


def _kiosk_content(path: Path | None) -> Content | None:
    """Content for an unattended kiosk: a broken --content falls back to the bundled one,
    because a kiosk must show something rather than a desktop."""
    content = _load_lenient(path)
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
    content = _kiosk_content(args.content) if args.kiosk else _load_lenient(args.content)
    if content is None:
        return 1
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

    window = MainWindow(content)
    if os.environ.get("KIOSK_BENCH_STARTUP"):
        # bench/ measures launch-to-first-slide by this line; nothing else prints it.
        window.first_painted.connect(lambda: print("first-paint", flush=True))
    if args.screen is not None:
        move_to_screen(window, args.screen)
    if args.kiosk:
        from kiosk.ui.kiosk.run import KioskOptions, run_kiosk  # lazy: only --kiosk

        options = KioskOptions(
            idle_timeout=args.idle_timeout,
            countdown=args.countdown,
            attract_video=args.attract_video,
            heartbeat=args.heartbeat,
            pin_file=args.pin_file,
            screen=args.screen,
        )
        return run_kiosk(app, window, options)
    if args.presenter:
        from kiosk.ui.presenter.screens import start_presenter  # lazy: only --presenter

        _console, _session = start_presenter(window, screen_index=args.screen)
        return app.exec()
    if args.fullscreen:
        window.show_fullscreen()
    else:
        window.show()
    return app.exec()


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
    try:
        if args.supervise and args.command is None:
            if not args.kiosk:
                parser.error("--supervise goes with --kiosk")
            return cmd_supervise(arguments)
        if args.command == "validate":
            return cmd_validate(args.path or args.content)
        if args.command == "render":
            return cmd_render(args.render_content or args.content, args.out, args.size)
        if args.command == "self-test":
            return cmd_self_test(args.self_test_content or args.content, args.timeout)
        if args.command == "export-pdf":
            return cmd_export_pdf(args.export_content or args.content, args.out, notes=args.notes)
        if args.command == "set-pin":
            return cmd_set_pin(args.set_pin_file, from_stdin=args.stdin, clear=args.clear)
        return cmd_show(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # never a traceback for the user; the log has the details
        log.debug("unexpected error", exc_info=True)
        print(f"kiosk: error: {exc}", file=sys.stderr)
        return 1
