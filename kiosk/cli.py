"""The ``kiosk`` command: show the presentation, validate content, render slides to PNG."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from kiosk import __version__
from kiosk.content import Content, ContentError, load_content
from kiosk.resources import bundled_content_path

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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Offline presentation and kiosk app for the NHS Race and Health "
        "Observatory's 'Our Priorities'. With no command, opens the presentation.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--content",
        type=Path,
        metavar="PATH",
        help="content file to show (default: the bundled content.yaml)",
    )
    parser.add_argument("--fullscreen", action="store_true", help="start fullscreen (F11 toggles)")
    parser.add_argument(
        "--video-path",
        choices=("auto", "gpu", "cpu"),
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
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
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
    return parser


def _print_problems(error: ContentError) -> None:
    for problem in error.problems:
        print(problem, file=sys.stderr)
    count = len(error.problems)
    print(f"{count} problem{'s' if count != 1 else ''} found.", file=sys.stderr)


def _load(path: Path | None, *, check_files: bool = True) -> Content | None:
    try:
        return load_content(path or bundled_content_path(), check_files=check_files)
    except ContentError as error:
        _print_problems(error)
        return None


def cmd_validate(path: Path | None) -> int:
    content = _load(path)
    if content is None:
        return 1
    print(f"{content.path}: valid, {len(content.slides)} slides.")
    return 0


def cmd_render(path: Path | None, out: Path, size: tuple[int, int]) -> int:
    content = _load(path)
    if content is None:
        return 1
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.ui.app import create_application
    from kiosk.ui.render import render_slides

    create_application(sys.argv[:1], content.theme.font)
    for written in render_slides(content, out, *size):
        print(written)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    # Missing or broken assets are not fatal here: the slide shows a fallback instead.
    content = _load(args.content, check_files=False)
    if content is None:
        return 1
    try:
        load_content(content.path)
    except ContentError as error:
        for problem in error.problems:
            log.warning("%s", problem)
    from kiosk.ui.app import choose_video_path, create_application, install_exception_hook

    choose_video_path(args.video_path)
    app = create_application(sys.argv[:1], content.theme.font)
    install_exception_hook()
    from kiosk.ui.window import MainWindow

    window = MainWindow(content)
    if os.environ.get("KIOSK_BENCH_STARTUP"):
        # bench/ measures launch-to-first-slide by this line; nothing else prints it.
        window.first_painted.connect(lambda: print("first-paint", flush=True))
    if args.fullscreen:
        window.show_fullscreen()
    else:
        window.show()
    return app.exec()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``kiosk`` command; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=args.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        if args.command == "validate":
            return cmd_validate(args.path or args.content)
        if args.command == "render":
            return cmd_render(args.render_content or args.content, args.out, args.size)
        return cmd_show(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # never a traceback for the user; the log has the details
        log.debug("unexpected error", exc_info=True)
        print(f"kiosk: error: {exc}", file=sys.stderr)
        return 1
