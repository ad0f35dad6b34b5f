"""`python -m tools.sopgen [KEY ...]`: (re)draw the SOP diagrams, forms and rows files from the seeds.

After the first drawing the BPMN files are the source; analysts change them in a modeler. Running this
again overwrites processes/<key>.bpmn and forms/<key>/. The diagrams are then laid out by tools.layout.
"""

from __future__ import annotations

import sys

from tools.layout.engine import lay_out
from tools.layout.place import LayoutError

from . import binmas3, others, seed
from .builder import ROOT


def main(argv: list[str]) -> int:
    text = (seed.SEEDS / "000_1a2a44e43304ea90.txt").read_text(encoding="utf-8")
    builders = {c.key: (lambda c=c: binmas3.build(c, text)) for c in binmas3.CONFIGS}
    builders.update(others.BUILDERS)
    wanted = argv or sorted(builders)
    for key in wanted:
        sop = builders[key]()
        sop.write()
        print(f"wrote processes/{key}.bpmn ({len(sop.nodes)} elements, {len(sop.forms)} forms)")
    paths = [ROOT / "processes" / f"{key}.bpmn" for key in wanted]
    try:
        for path, (out, _) in zip(paths, lay_out([p.read_bytes() for p in paths])):
            path.write_bytes(out)
    except LayoutError as err:
        print(f"diagrams keep the simple layout ({err}); run python -m tools.layout processes/*.bpmn", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
