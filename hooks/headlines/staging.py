"""Build into a fresh sibling folder; swap it into place only when the build succeeded.

A failed build (bad data, a leak, a warning under ``--strict``) leaves the last good site
exactly as it was, and no build ever leaves stale files from an earlier one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def make_staging(site_dir: Path) -> Path:
    site_dir = Path(site_dir).resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))


def swap_into_place(staging: Path, site_dir: Path) -> None:
    """Replace ``site_dir`` by ``staging`` with two renames on one filesystem."""
    site_dir = Path(site_dir).resolve()
    os.chmod(staging, 0o755)
    if site_dir.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.retired-", dir=site_dir.parent))
        os.rename(site_dir, retired / "site")
        os.rename(staging, site_dir)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        os.rename(staging, site_dir)


def discard(staging: Path | None) -> None:
    if staging is not None:
        shutil.rmtree(staging, ignore_errors=True)
