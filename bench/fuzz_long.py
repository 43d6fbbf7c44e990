"""A long content fuzz run: the properties of ``tests/test_fuzz_content.py`` (they live in
``tests/support/fuzz.py``) with many thousands of fresh (random, not derandomised) examples
each.

```sh
python -m bench.fuzz_long                       # 5000 examples a property, a few minutes
python -m bench.fuzz_long --examples 50000 --seed 7
python -m bench.fuzz_long --only mutations,shaped
```

Every file is written in a temporary folder, and Hypothesis keeps no example database
(``database=None``); a failure prints the falsifying example, its seed and Hypothesis's
reproduction blob, and the run exits with 1. Exit 0: every property held.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from tests.support import fuzz
from tests.support.show import copy_content

Property = Callable[[], None]


def properties(folder: Path) -> dict[str, tuple[dict[str, Any], Callable[..., None]]]:
    """Name -> (strategies by argument, check) for every property of the CI fuzz tests."""

    def content(text: str | bytes, check_files: bool = False) -> None:
        fuzz.check_content_file(fuzz.write(folder, text), check_files=check_files)

    def shaped(document: dict[str, Any], flow: bool | None, check_files: bool) -> None:
        content(fuzz.dump(document, flow, True), check_files)

    def mutations(operations: list[tuple[str, int, int, str]], check_files: bool) -> None:
        content(fuzz.mutate(fuzz.ORIGINAL_LINES, operations), check_files)

    flows = st.sampled_from([None, False, True])
    return {
        "yaml": ({"text": fuzz.yaml_texts, "check_files": st.booleans()}, content),
        "shaped": (
            {"document": fuzz.documents, "flow": flows, "check_files": st.booleans()},
            shaped,
        ),
        "text": ({"text": fuzz.raw_texts}, content),
        "bytes": ({"text": st.binary(max_size=4000)}, content),
        "mutations": ({"operations": fuzz.mutations, "check_files": st.booleans()}, mutations),
        "svg": ({"data": fuzz.svg_documents}, fuzz.check_svg),
        "headers": ({"data": fuzz.picture_headers}, fuzz.check_picture_header),
        "vtt": ({"text": fuzz.vtt_texts}, fuzz.check_vtt),
    }


def run(name: str, strategies: dict[str, Any], check: Callable[..., None], args: Any) -> bool:
    """Run one property; True if it held for every example."""
    count = [0]

    def counted(**kwargs: Any) -> None:
        count[0] += 1
        check(**kwargs)

    test = settings(
        database=None,
        deadline=args.deadline,
        derandomize=False,
        max_examples=args.examples,
        print_blob=True,
        suppress_health_check=list(HealthCheck),
    )(given(**strategies)(counted))
    if args.seed is not None:
        test = seed(args.seed)(test)
    start = time.monotonic()
    try:
        test()
    except Exception as error:  # the report of a failed property
        print(f"{name:10} FAILED after {count[0]} examples: {type(error).__name__}", flush=True)
        traceback.print_exception(error)  # with the falsifying example and any sub-failures
        return False
    print(f"{name:10} ok: {count[0]} examples in {time.monotonic() - start:.1f} s", flush=True)
    return True


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fuzz_long", description=__doc__)
    parser.add_argument("--examples", type=int, default=5000, help="examples a property")
    parser.add_argument("--seed", type=int, default=None, help="a fixed seed (default: random)")
    parser.add_argument("--deadline", type=int, default=fuzz.DEADLINE_MS, help="ms an example")
    parser.add_argument("--only", default="", help="comma-separated property names")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="kiosk-fuzz-"))
    try:
        copy_content(folder, content_file=False)
        chosen = properties(folder)
        wanted = [name for name in args.only.split(",") if name]
        unknown = sorted(set(wanted) - set(chosen))
        if unknown:
            parser.error(f"unknown properties {unknown}; known: {', '.join(chosen)}")
        held = [
            run(name, strategies, check, args)
            for name, (strategies, check) in chosen.items()
            if not wanted or name in wanted
        ]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0 if all(held) else 1


if __name__ == "__main__":
    sys.exit(main())
