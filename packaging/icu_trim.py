"""Build a smaller ICU data library for the Linux bundle (used by build.spec).

libQt6Core links ICU, so libicudata.so.NN must be present; as PySide6 ships it, it is 31 MB of
data for every language: names of languages, regions, currencies, units and time zones,
transliteration, spelled-out numbers, dictionaries for Chinese, Japanese, Thai, Khmer, Lao and
Burmese line breaking, and legacy character-set tables. Qt uses ICU only for collation
(QCollator), locale-aware case mapping, legacy text codecs and time zones; it has its own
locale tables, text boundaries and IDNA. The app uses none of these (its text is UTF-8 from
content.yaml), so the bundle keeps the Unicode property data, the root locale, collation and
locale data for English, Arabic and Urdu (the languages the README names), and time-zone rules;
about 5 MB. ICU reports anything else as missing and falls back to the root locale.

The data is the ``icudtNN_dat`` symbol of libicudata. This takes it out, removes items with
``icupkg`` (Debian: ``apt-get install icu-devtools``) and links the rest into a new
libicudata.so.NN with binutils (``as``, ``ld``, ``readelf``), which PyInstaller needs anyway.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

KEEP_LANGUAGES = frozenset({"en", "ar", "ur"})
"""Languages whose locale and collation data stay in the bundle."""

_LOCALE_FILE = re.compile(r"^(?P<language>[a-z]{2,3})(_[A-Za-z0-9]*)*\.res$")
_ALWAYS = frozenset({"root.res", "res_index.res", "pool.res"})


def keep_item(name: str) -> bool:
    """Whether the ICU data item ``name`` (e.g. ``coll/ar.res``) stays in the bundle."""
    folder, _, base = name.rpartition("/")
    if folder in ("translit", "brkitr"):  # transliteration, text boundaries: Qt uses neither
        return False
    if base.endswith(".cnv"):  # legacy character-set tables
        return False
    if base in _ALWAYS:
        return True
    locale = _LOCALE_FILE.match(base)
    if locale:  # per-locale data: only the kept languages (and all their regional variants)
        return locale.group("language") in KEEP_LANGUAGES
    return True  # Unicode properties, normalisation, supplemental data, time-zone rules


def tools_available() -> bool:
    return all(shutil.which(tool) for tool in ("icupkg", "readelf", "as", "ld"))


def _run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def _extract(library: Path, symbol: str) -> bytes:
    """The bytes of the data ``symbol`` in the ELF shared ``library``."""
    address = size = None
    for line in _run("readelf", "-s", "-W", "--dyn-syms", str(library)).splitlines():
        fields = line.split()
        if len(fields) >= 8 and fields[7] == symbol:
            address, size = int(fields[1], 16), int(fields[2], 0)
            break
    if address is None or size is None:
        raise RuntimeError(f"{library}: no symbol {symbol}")
    for line in _run("readelf", "-S", "-W", str(library)).splitlines():
        match = re.search(r"\]\s+\S+\s+\S+\s+([0-9a-f]{8,})\s+([0-9a-f]+)\s+([0-9a-f]+)", line)
        if match:
            start, offset, length = (int(group, 16) for group in match.groups())
            if start <= address and address + size <= start + length:
                with library.open("rb") as stream:
                    stream.seek(address - start + offset)
                    return stream.read(size)
    raise RuntimeError(f"{library}: {symbol} lies in no section")


def trim_icudata(library: Path, workdir: Path) -> tuple[Path, int, int]:
    """Write a trimmed copy of ``library`` (libicudata.so.NN) into ``workdir``.

    Returns the new library's path and the data sizes before and after, in bytes.
    """
    major = library.name.rsplit(".", 1)[-1]
    symbol = f"icudt{major}_dat"
    workdir.mkdir(parents=True, exist_ok=True)
    full = workdir / f"icudt{major}l-full.dat"
    full.write_bytes(_extract(library, symbol))
    # --auto_toc_prefix: keep the item names' prefix (icudtNNl/) whatever the file is called.
    items = _run("icupkg", "--auto_toc_prefix", "-l", str(full)).split()
    remove = workdir / "remove.txt"
    remove.write_text("".join(f"{item}\n" for item in items if not keep_item(item)))
    trimmed = workdir / f"icudt{major}l.dat"
    trimmed.unlink(missing_ok=True)
    _run("icupkg", "--auto_toc_prefix", "-r", str(remove), str(full), str(trimmed))
    # A shared library whose only content is the data, under the symbol libicuuc looks for.
    source = workdir / "icudata.s"
    source.write_text(
        "\t.section .rodata\n"
        f"\t.globl {symbol}\n"
        f"\t.type {symbol}, @object\n"
        "\t.balign 16\n"
        f"{symbol}:\n"
        f'\t.incbin "{trimmed.name}"\n'
        f"\t.size {symbol}, . - {symbol}\n"
        '\t.section .note.GNU-stack,"",@progbits\n'
    )
    subprocess.run(["as", "-o", "icudata.o", "icudata.s"], cwd=workdir, check=True)
    output = workdir / library.name
    subprocess.run(
        ["ld", "-shared", "-soname", library.name, "-o", output.name, "icudata.o"],
        cwd=workdir,
        check=True,
    )
    check = _extract(output, symbol)
    if check != trimmed.read_bytes():
        raise RuntimeError(f"{output}: the linked data differs from {trimmed}")
    return output, full.stat().st_size, trimmed.stat().st_size
