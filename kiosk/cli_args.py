"""The ``kiosk`` command line: its options and commands (argparse), for :mod:`kiosk.cli`."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from kiosk import package_version
from kiosk.content.model import COUNTDOWN_RANGE
from kiosk.logic.timings import parse_seconds
from kiosk.system.platform.video import VIDEO_PATHS


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
        return parse_seconds(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _talk_minutes(text: str) -> float:
    """``--talk``: the talk's length in minutes, as content.yaml's ``presenter.talk_minutes``."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of minutes, not {text!r}") from None
    if not 0 < value <= 600:
        raise argparse.ArgumentTypeError("must be more than 0 and at most 600 minutes")
    return value


def _countdown_seconds(text: str) -> float:
    """``--countdown``: within the bounds content.yaml's ``kiosk.countdown`` has."""
    value = _seconds(text)
    least, most = COUNTDOWN_RANGE
    if not least <= value <= most:
        raise argparse.ArgumentTypeError(f"must be at least {least:g} and at most {most:g} seconds")
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
    _add_presenter_options(parser)
    parser.add_argument(
        "--watch",
        action="store_true",
        help="live preview for whoever edits the content: show each saved version at once, "
        "on the same slide, with its problems in a banner (window and presenter modes)",
    )
    _add_usage_options(parser)
    _add_language_option(parser, "language")
    _add_kiosk_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser(
        "keys",
        help="open a window that prints the name of every key pressed in it, for content.yaml",
    )
    _add_content_commands(commands)
    for command in ("render", "export-pdf"):  # they draw the slides: in which language?
        _add_language_option(commands.choices[command], f"{command.split('-')[0]}_language")
    _add_set_pin_command(commands)
    _add_report_command(commands)
    _add_publish_command(commands)
    return parser


def _add_presenter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--presenter",
        action="store_true",
        help="slides fullscreen on the audience screen (--screen, default: not the primary"
        " one) and the presenter console (notes, next slide, timer) on the other",
    )
    parser.add_argument(
        "--talk",
        type=_talk_minutes,
        metavar="MINUTES",
        help="with --presenter: the talk's length; the console counts the time left down and"
        " says whether you are ahead of the slides' plan (content default: presenter.talk_minutes)",
    )


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2026-06-30, not {text!r}") from None


def _add_report_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = commands.add_parser(
        "report",
        help="what the stand achieved: CSV files and a one-page report (HTML, PDF) from one "
        "or many kiosks' usage databases",
    )
    report.add_argument("databases", nargs="+", type=Path, metavar="DB", help="usage databases")
    report.add_argument(
        "--out", type=Path, required=True, metavar="DIR", dest="report_out", help="output folder"
    )
    report.add_argument("--since", type=_date, metavar="DATE", help="first day (YYYY-MM-DD)")
    report.add_argument("--until", type=_date, metavar="DATE", help="last day (YYYY-MM-DD)")


def _add_publish_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    publish = commands.add_parser(
        "publish",
        help="for a fleet's coordinator: copy a content folder into the folder Syncthing sends "
        "to every kiosk, then write its version marker (content.version) last",
    )
    publish.add_argument("publish_source", type=Path, metavar="SOURCE", help="content folder")
    publish.add_argument("publish_folder", type=Path, metavar="FOLDER", help="the synced folder")
    publish.add_argument("--version", help="the version's name (default: date and time)")


def _add_usage_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--record",
        action="store_true",
        help="record anonymous usage figures in window and presenter modes too "
        "(a kiosk records unless content.yaml says kiosk: record: false)",
    )
    parser.add_argument(
        "--usage-db",
        type=Path,
        metavar="PATH",
        help="usage database (default: usage.sqlite in the user's data folder)",
    )
    parser.add_argument(
        "--outbox",
        type=Path,
        metavar="DIR",
        help="kiosk: export the usage database into DIR (a synced folder) on a schedule and at"
        " exit, as usage-<kiosk name>.sqlite",
    )
    parser.add_argument(
        "--export-minutes",
        type=float,
        default=15.0,
        metavar="MINUTES",
        help="with --outbox: minutes between exports (default: 15)",
    )
    parser.add_argument(
        "--kiosk-name",
        metavar="NAME",
        help="this stand's name in its usage figures (default: content.yaml's kiosk.name)",
    )


def _add_language_option(parser: argparse.ArgumentParser, dest: str) -> None:
    parser.add_argument(
        "--language", metavar="CODE", dest=dest, help="one of the content's languages, e.g. ar"
    )


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
        type=_countdown_seconds,
        metavar="SECONDS",
        help="seconds the 'Still there?' countdown lasts, 20 to 120 (content default: 20)",
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


def _add_validate_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """validate [PATH] [--strict] [--format text|json]."""
    validate = commands.add_parser(
        "validate",
        help="check a content file; print every problem as file:line:col: message",
    )
    validate.add_argument(
        "path", nargs="?", type=Path, metavar="PATH", help="content file (default: the bundled one)"
    )
    validate.add_argument(
        "--strict", action="store_true", help="warnings count as errors (exit 1 if any)"
    )
    validate.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        dest="validate_format",
        help="json: one object {valid, errors, warnings} on stdout, for editors and CI",
    )


def _add_content_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """validate, render, self-test and export-pdf: each reads the content, none opens a window."""
    _add_validate_command(commands)
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
