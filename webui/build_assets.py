"""Copy the front-end packages npm installed into static/vendor, where Flask serves them, and bundle
the analyst's modeler (bpmn-js + properties panel + sopflow's provider, from frontend/) with esbuild.

Run by the setup script after `npm ci`; the outputs are not kept in git (the lock file is).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MODULES = HERE / "node_modules"
SOURCE = MODULES / "bpmn-js" / "dist"
TARGET = HERE / "static" / "vendor" / "bpmn-js"
FILES = ["bpmn-navigated-viewer.production.min.js", "bpmn-modeler.production.min.js"]
MODELER_ENTRY = HERE / "frontend" / "index.js"
MODELER_TARGET = HERE / "static" / "vendor" / "sopflow"


def bundle_modeler() -> None:
    """One IIFE script (no eval, no inline code: it runs under script-src 'self') plus the panel's CSS."""
    MODELER_TARGET.mkdir(parents=True, exist_ok=True)
    subprocess.run([str(MODULES / ".bin" / "esbuild"), str(MODELER_ENTRY), "--bundle", "--minify",
                    "--format=iife", "--target=es2019", "--legal-comments=none", "--log-level=warning",
                    f"--outfile={MODELER_TARGET / 'modeler.js'}"], check=True)
    shutil.copy2(MODULES / "@bpmn-io" / "properties-panel" / "dist" / "assets" / "properties-panel.css",
                 MODELER_TARGET / "properties-panel.css")
    shutil.copy2(MODULES / "bpmn-js-token-simulation" / "assets" / "css" / "bpmn-js-token-simulation.css",
                 MODELER_TARGET / "token-simulation.css")


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
    try:
        bundle_modeler()
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"the modeler bundle could not be built: {e}", file=sys.stderr)
        return 1
    print(f"front-end assets copied to {TARGET.relative_to(HERE.parent)}, modeler bundled into "
          f"{MODELER_TARGET.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
