"""Diagram layout speed and readability: `python -m benchmarks.layout [FILE.bpmn ...]` (default:
processes/*.bpmn). Prints the seconds per file (one batch, and each file alone, which includes starting
Node and ELK), the defect counts and how each diagram opens on a 1280px screen. Writes nothing."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from engine.checks import diagram as geometry
from tools.layout.engine import lay_out

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted((ROOT / "processes").glob("*.bpmn"))
    datas = [p.read_bytes() for p in paths]
    started = time.perf_counter()
    results = lay_out(datas)
    batch = time.perf_counter() - started
    print(f"batch of {len(paths)} file(s): {batch:.2f}s, {batch / len(paths):.2f}s per file")
    for path, data, (out, counts) in zip(paths, datas, results):
        started = time.perf_counter()
        lay_out([data])
        alone = time.perf_counter() - started
        d = geometry.diagrams(out)[0]
        v = geometry.viewport(d)
        print(f"{path.name:24} alone {alone:5.2f}s  {counts}  {v['width']:.0f}x{v['height']:.0f}px "
              f"fit {v['fit_scale']:.2f} opens {v['open_scale']:.2f} readable={geometry.readable(d)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
