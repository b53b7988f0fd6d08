"""When each data file last changed, from git history: one ``git log`` for the whole folder;
and, for an audience, when each document last changed what that audience sees of it."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import subprocess
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


def _git_log(folder: Path, *args: str) -> str | None:
    """``git log`` run in ``folder``; None when it is not in a git repository or git is missing."""
    try:
        return subprocess.run(["git", "log", *args], cwd=folder, capture_output=True, text=True,
                              timeout=60, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None


@dataclass(frozen=True)
class Version:
    """A commit that touched a data file."""

    commit: str
    date: dt.date
    path: str
    """The file's path in the repository, as the commit has it."""


def versions(data_dir: Path) -> dict[str, list[Version]]:
    """Document ID (the YAML file's stem) to the commits that touched its file, newest first.
    Empty when the folder is not in a git repository or git is missing. An attachment's file
    (``papers/…/<ID>/<name>``) is not its paper's: a PDF named after its paper does not date it."""
    out = _git_log(data_dir, "--format=%x00%H %cs", "--name-only", "--no-renames", "--", ".")
    found: dict[str, list[Version]] = {}
    for block in (out or "").split("\x00")[1:]:
        lines = block.strip().splitlines()
        if not lines:
            continue
        commit, date = lines[0].split(" ")
        for name in lines[1:]:
            if name.endswith((".yml", ".yaml")):
                found.setdefault(Path(name).stem, []).append(Version(commit, dt.date.fromisoformat(date), name))
    return found


@contextlib.contextmanager
def _files_at(folder: Path) -> Iterator[Callable[[Version], bytes | None]]:
    """A reader of a file as a commit left it (None where the commit deleted it), by one
    ``git cat-file --batch`` for every file asked for."""
    proc = subprocess.Popen(["git", "cat-file", "--batch"], cwd=folder, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdin is not None and proc.stdout is not None
    stdin, stdout = proc.stdin, proc.stdout

    def read(version: Version) -> bytes | None:
        stdin.write(f"{version.commit}:{version.path}\n".encode())
        stdin.flush()
        header = stdout.readline().split()
        if len(header) != 3 or header[1] != b"blob":  # "<what was asked> missing"
            return None
        raw = stdout.read(int(header[2]))
        stdout.read(1)  # the newline after each file
        return raw

    try:
        yield read
    finally:
        stdin.close()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def last_changed(data_dir: Path, shows_same: Mapping[str, Callable[[bytes], bool]] | None = None
                 ) -> dict[str, dt.date]:
    """Document ID (the file's stem) to the date of the last commit that touched its file.

    With ``shows_same`` (by ID: whether a version of the file, its bytes, shows an audience
    what the file shows it now), the date of the last commit that changed what that audience
    sees: going back from the newest commit, while the version the commit before left shows
    the same, the date is that earlier commit's. So a change only another audience sees (a
    GREEN paragraph added to WHITE headlines) does not date the page, the feed entry or the
    sitemap of the audience that does not see it.

    Empty when the folder is not in a git repository or git is missing: pages then show
    their document's own date instead. ``OSError`` where git fails while earlier versions are
    read: the newest commit's date would tell what ``shows_same`` is there to keep."""
    history = versions(data_dir)
    changed = {stem: found[0].date for stem, found in history.items()}
    walked = [stem for stem in (shows_same or {}) if len(history.get(stem, ())) > 1]
    if not walked:
        return changed
    assert shows_same is not None
    with _files_at(data_dir) as file_at:
        for stem in walked:
            for earlier in history[stem][1:]:
                raw = file_at(earlier)
                if raw is None or not shows_same[stem](raw):
                    break
                changed[stem] = earlier.date
    return changed


def last_commit(folder: Path, leaving_out: Sequence[Path] = ()) -> dt.date | None:
    """The date of the last commit of the repository holding ``folder`` that touched anything
    but ``leaving_out`` (the labelled data: each site dates it by what it shows of it, with
    ``last_changed``); None outside git (or in a repository with no commit yet)."""
    paths = ["--", ":/", *(f":(exclude){os.path.relpath(path, folder)}" for path in leaving_out)]
    out = (_git_log(folder, "-1", "--format=%cs", *(paths if leaving_out else ())) or "").strip()
    return dt.date.fromisoformat(out) if out else None
