"""When each data file last changed, from git history: one ``git log`` for the whole folder."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path


def _git_log(folder: Path, *args: str) -> str | None:
    """``git log`` run in ``folder``; None when it is not in a git repository or git is missing."""
    try:
        return subprocess.run(["git", "log", *args], cwd=folder, capture_output=True, text=True,
                              timeout=60, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None


def last_changed(data_dir: Path) -> dict[str, dt.date]:
    """Document ID (the file's stem) to the date of the last commit that touched its file.

    Empty when the folder is not in a git repository or git is missing: pages then show
    their document's own date instead."""
    out = _git_log(data_dir, "--format=%x00%cs", "--name-only", "--", ".")
    if out is None:
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
    """The date of the last commit of the repository holding ``folder``; None outside git
    (or in a repository with no commit yet)."""
    out = (_git_log(folder, "-1", "--format=%cs") or "").strip()
    return dt.date.fromisoformat(out) if out else None
