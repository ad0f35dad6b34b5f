"""Copy the front-end packages npm installed into static/vendor, where Flask serves them.

Run by the setup script after `npm ci`; the copies are not kept in git (the lock file is).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "node_modules" / "bpmn-js" / "dist"
TARGET = HERE / "static" / "vendor" / "bpmn-js"
FILES = ["bpmn-navigated-viewer.production.min.js", "bpmn-modeler.production.min.js"]


def main() -> int:
    if not SOURCE.exists():
        print("bpmn-js is not installed: run `npm ci` in webui/ first", file=sys.stderr)
        return 1
    TARGET.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        shutil.copy2(SOURCE / name, TARGET / name)
    if (TARGET / "assets").exists():
        shutil.rmtree(TARGET / "assets")
    shutil.copytree(SOURCE / "assets", TARGET / "assets")
    print(f"front-end assets copied to {TARGET.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
