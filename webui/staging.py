"""The analysts' upload staging folders: containment of uploaded paths, and removal of stale uploads."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

#: An upload not deployed within this many seconds is removed.
STALE_AFTER = 24 * 3600


def inside(target: Path, folder: Path) -> bool:
    """Whether resolved ``target`` lies within ``folder`` (a real path check: ``forms_sibling`` is not in ``forms``)."""
    try:
        target.relative_to(folder)
    except ValueError:
        return False
    return target != folder


def remove_stale_uploads(root: Path, now: float | None = None) -> int:
    """Delete staged uploads older than :data:`STALE_AFTER`; returns how many were removed."""
    limit = (now or time.time()) - STALE_AFTER
    removed = 0
    for folder in root.iterdir() if root.exists() else []:
        try:
            if folder.is_dir() and not folder.is_symlink() and folder.stat().st_mtime < limit:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
        except OSError:
            continue
    return removed
