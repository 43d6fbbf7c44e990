"""Cut Noto Sans CJK SC down to the Chinese characters content files use (kiosk/fonts/).

The whole font is a collection of about 19 MB (Regular alone); the bundle's budget has no
room for it, and a kiosk shows a few hundred Chinese characters at most. This keeps only the
characters of CJK scripts (U+2E80 and above, private use excluded) found in the given content
files, plus digits and Chinese punctuation, and writes
``kiosk/fonts/NotoSansCJKsc-Subset.otf`` (family "Noto Sans CJK SC", SIL Open Font License).

Staff who add or change Chinese text run it again on every content file the kiosk may show,
then ``kiosk validate``, which names any character no bundled font draws:

    apt-get install fonts-noto-cjk      # or pass --source with the .ttc from notofonts.github.io
    .venv/bin/python tools/subset_cjk.py examples/multilingual/content.yaml [more.yaml ...]

Needs fontTools (the ``build`` extra of pyproject.toml); the app itself never imports it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml
from fontTools import subset

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SC_INDEX = 2
"""Simplified Chinese in Noto Sans CJK's collection (JP, KR, SC, TC, HK, then the Mono ones)."""
DEFAULT_OUT = ROOT / "kiosk" / "fonts" / "NotoSansCJKsc-Subset.otf"
ALWAYS = (
    "0123456789"
    "\uff0c\u3002\u3001\uff1a\uff1b\uff01\uff1f\uff08\uff09\u300c\u300d\u300e\u300f\u300a\u300b\u3008\u3009\u3010\u3011\u2014\u2026\u00b7\u201c\u201d\u2018\u2019\u3000"
)
"""Kept whatever the content says: digits and Chinese punctuation (a label may need them)."""
FIRST_CJK = 0x2E80
PRIVATE_USE = range(0xE000, 0xF900)


def strings(node: object) -> Iterator[str]:
    """Every string in a parsed YAML value, keys included."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from strings(key)
            yield from strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from strings(item)


def wanted_characters(paths: Iterable[Path]) -> str:
    """The CJK characters of the content files, with :data:`ALWAYS`, sorted."""
    found = set(ALWAYS)
    for path in paths:
        for text in strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            found.update(c for c in text if ord(c) >= FIRST_CJK and ord(c) not in PRIVATE_USE)
    return "".join(sorted(found))


def make_subset(source: Path, out: Path, characters: str) -> None:
    """Write the glyphs of ``characters`` from the collection ``source`` to ``out``."""
    options = subset.Options()
    options.font_number = SC_INDEX
    options.layout_features = ["*"]  # vertical forms, punctuation widths: keep them all
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.prune_unicode_ranges = False  # keep the OS/2 bits that tell Qt the font is Chinese
    options.prune_codepage_ranges = False
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    subset.save_font(font, str(out), options)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", nargs="+", type=Path, help="content.yaml files")
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="NotoSansCJK .ttc")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    characters = wanted_characters(args.content)
    make_subset(args.source, args.out, characters)
    size = args.out.stat().st_size
    print(f"{args.out}: {len(characters)} characters, {size / 1024:.0f} KiB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
