"""When each data file last changed, from git history: one ``git log`` for the whole folder."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path


def last_changed(data_dir: Path) -> dict[str, dt.date]:
    """Document ID (the file's stem) to the date of the last commit that touched its file.

    Empty when the folder is not in a git repository or git is missing: pages then show
    their document's own date instead."""
    try:
        out = subprocess.run(
            ["git", "log", "--format=%x00%cs", "--name-only", "--", "."],
            cwd=data_dir, capture_output=True, text=True, timeout=60, check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    changed: dict[str, dt.date] = {}
    for block in out.split("\x00")[1:]:
        lines = block.strip().splitlines()
        if not lines:
            continue
        date = dt.date.fromisoformat(lines[0])
        for name in lines[1:]:
            changed.setdefault(Path(name).stem, date)  # newest first: the first date seen wins
    return changed


def last_commit(folder: Path) -> dt.date | None:
    """The date of the last commit of the repository holding ``folder``; None outside git."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%cs"], cwd=folder,
                             capture_output=True, text=True, timeout=60, check=True).stdout.strip()
        return dt.date.fromisoformat(out) if out else None
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
