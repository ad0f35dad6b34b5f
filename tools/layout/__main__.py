"""`python -m tools.layout [--check] FILE.bpmn ...`: lay out the diagrams of BPMN files in place.

Only the diagram interchange (BPMNDiagram) is rewritten; the process model stays byte for byte.
With --check nothing is written: it prints the defect counts of each file as it is and exits 1 when a
file has any (see engine/checks/diagram.py).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from engine.checks import diagram as geometry
from .engine import lay_out
from .place import LayoutError


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.layout", description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--check", action="store_true", help="only count defects, write nothing")
    args = parser.parse_args(argv)
    if args.check:
        bad = 0
        for path in args.files:
            counts = geometry.check(path)
            bad += sum(counts.values()) > 0
            print(f"{path}: {counts}")
        return 1 if bad else 0
    started = time.perf_counter()
    try:
        datas = [p.read_bytes() for p in args.files]
        results = lay_out(datas)
    except (OSError, LayoutError) as err:
        print(f"layout failed, nothing written: {err}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started
    failed = 0
    for path, data, (out, counts) in zip(args.files, datas, results):
        if out != data:
            path.write_bytes(out)
        state = "unchanged" if out == data else "written"
        failed += sum(counts.values()) > 0
        print(f"{path}: {state} {counts}")
    print(f"{len(args.files)} file(s) in {elapsed:.2f}s ({elapsed / len(args.files):.2f}s per file)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
