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

from .workers import Worker, by_size, from_both_ends


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
        line = stdout.readline()
        if not line:
            raise OSError(f"git cat-file ended before it gave {version.commit}:{version.path}")
        header = line.split()
        if len(header) != 3:  # "<what was asked> missing"
            return None
        raw = stdout.read(int(header[2]))
        if len(raw) != int(header[2]) or stdout.read(1) != b"\n":  # each object ends in a newline
            raise OSError(f"git cat-file ended before it gave all of {version.commit}:{version.path}")
        if header[1] != b"blob":
            return None
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
    read, ``WorkerError`` where the worker reading them does: the newest commit's date would
    tell what ``shows_same`` is there to keep."""
    history = versions(data_dir)
    changed = {stem: found[0].date for stem, found in history.items()}
    walks = [(stem, history[stem], same) for stem, same in (shows_same or {}).items() if len(history.get(stem, ())) > 1]
    changed.update(_walked(data_dir, walks))
    return changed


_Walk = tuple[str, Sequence[Version], Callable[[bytes], bool]]


def _walk(file_at: Callable[[Version], bytes | None], walk: _Walk) -> dt.date:
    """The date of the oldest of a run of versions, from the newest back, that show the same."""
    _, found, same = walk
    date = found[0].date
    for earlier in found[1:]:
        raw = file_at(earlier)
        if raw is None or not same(raw):
            break
        date = earlier.date
    return date


class _Walking:
    """``_walk`` for each document from the first on, in a worker, answering ``_BATCH`` at a time
    with a ``git cat-file`` of its own."""

    def __init__(self, data_dir: Path, walks: list[_Walk]) -> None:
        self.data_dir, self.walks = data_dir, walks

    def handle(self, message: None) -> Iterator[list[dt.date]]:
        with _files_at(self.data_dir) as file_at:
            for run in by_size(self.walks, _BATCH, lambda walk: 1):
                yield [_walk(file_at, walk) for walk in run]


_FORK_AT = 200
"""Fewer documents to go back through than this are gone through in this process alone: at
about a millisecond each, a fork would cost more than it saves."""
_BATCH = 16


def _walked(data_dir: Path, walks: list[_Walk]) -> dict[str, dt.date]:
    """``_walk``'s date for each document, on two cores (``workers.from_both_ends``): a worker
    forked from this process goes through them from the first on, this process from the last
    backwards, each with a ``git cat-file`` of its own. Each earlier version is read, labelled
    and redacted as the file is, about a millisecond a document, most of it reading the YAML."""
    if not walks:
        return {}
    worker = Worker(lambda: _Walking(data_dir, walks), fork=None if len(walks) >= _FORK_AT else False, first=None)
    with contextlib.ExitStack() as own_reads:
        reader: Callable[[Version], bytes | None] | None = None

        def own(walk: _Walk) -> dt.date:
            nonlocal reader
            if reader is None:  # opened only if this process goes through any itself
                reader = own_reads.enter_context(_files_at(data_dir))
            return _walk(reader, walk)

        try:
            return {walk[0]: date for walk, date in zip(walks, from_both_ends(walks, worker, own))}
        finally:
            worker.close()


def last_commit(folder: Path, leaving_out: Sequence[Path] = ()) -> dt.date | None:
    """The date of the last commit of the repository holding ``folder`` that touched anything
    but ``leaving_out`` (the labelled data: each site dates it by what it shows of it, with
    ``last_changed``); None outside git (or in a repository with no commit yet)."""
    paths = ["--", ":/", *(f":(exclude){os.path.relpath(path, folder)}" for path in leaving_out)]
    out = (_git_log(folder, "-1", "--format=%cs", *(paths if leaving_out else ())) or "").strip()
    return dt.date.fromisoformat(out) if out else None
