"""The leak check of one build's output, run beside the build (``workers``).

Started once the pages' text is known (on_files), it makes its needles and reads the data
files (``data.json``, the feeds) while MkDocs renders the pages, reads every file already
written once the first page is (assets, the sitemap, the 404 page), then each page as soon
as it is written; at the end of the build it
reads every file it has not read as the file now is (Pagefind's index among them). So every
output file is read as it was finally written, and most of them while the build still runs.

A file is read once: from the disk, as written. A file read earlier is read again at the end
only to see that its bytes are the ones checked; if they are not, it is checked again.
"""

from __future__ import annotations

import hashlib
import os
from collections import deque
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from .classify import Withheld
from .leakcheck import Leak, LeakCheck
from .schema import SEALED_ATTACHMENTS
from .searchindex import is_indexed
from .workers import Worker, can_fork

_BATCH_BYTES = 4 << 20  # bytes of files read before their words are looked up
_SHARED_AT_LEAST = 64  # files left to read at the end before a second process takes half
_REPORTED = 100  # leaks sent back at most: a build with any fails; the first are what an editor needs


@dataclass
class Report:
    """What the check found in every file it read."""

    leaks: list[Leak]
    leak_count: int
    files: int
    """The site's files, each read as it was in the end."""
    needles: int
    indexed_not_fed: list[str] = field(default_factory=list)
    fed_not_indexed: list[str] = field(default_factory=list)
    """Pages written with an article to index that the search index was not fed, and the other way round."""


def _digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


def file_digest(path: Path) -> bytes:
    """A file's digest as the check takes it of every output file, read a piece at a time."""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, lambda: hashlib.blake2b(digest_size=16)).digest()


class OutputCheck:
    """A ``LeakCheck`` and what it has read so far; ``handle`` answers the build's messages.

    Files to read (those written, those a walk finds) wait in a backlog, read between messages
    (``idle``), so that the check never keeps the build waiting. What is left when the build
    asks for its report, the build then being idle, is shared with a second process."""

    def __init__(self, withheld: list[Withheld], allowed: list[str], composed: Collection[str],
                 files: Collection[tuple[bytes, Withheld]] = (), published: Collection[bytes] = ()) -> None:
        """``files``: the digests (``file_digest``) of the files the site may not hold, each
        with what it is: withheld attachments', and those beside hidden hand-written pages.
        ``published``: the digests of the attachments' files it shows whose kind is sealed
        (``schema.SEALED_ATTACHMENTS``): a file with one of those endings and digests is
        checked by its bytes alone, never held whole nor scanned for text (a 30 MB PDF took
        2.4 s and 400 MB to scan, for nothing a compressed stream could show)."""
        self.checker = LeakCheck(withheld, allowed, composed)
        self.files = dict(files)
        self.published = frozenset(published).difference(self.files)
        self.read: dict[str, tuple[bytes, bool]] = {}  # path in the site -> digest, whether indexed
        self.walked: set[str] = set()  # the site's files, each read as it now is
        self.leaks: list[Leak] = []
        self.leak_count = 0
        self._backlog: deque[tuple[str, str, bool]] = deque()  # file, path in the site, found by a walk of the site
        self._batch: list[tuple[str, bytes]] = []
        self._size = 0

    def handle(self, message: tuple) -> object:
        kind = message[0]
        if kind == "written":
            _, site_dir, rels = message
            self._backlog.extend((os.path.join(site_dir, rel), rel, False) for rel in rels)
        elif kind == "content":
            _, rel, raw = message
            self.take(rel, raw)
        elif kind == "walk":
            _, root, under, skip, alias = message
            self._backlog.extend(self._files(Path(root), under, skip, alias))
        elif kind == "report":
            self._finish()
            return self._report(message[1])
        elif kind == "share":
            return self._share(message[1])
        elif kind == "scan":
            return self.checker.scan_files(message[1])
        else:
            raise ValueError(f"unknown message {kind!r}")
        return None

    def idle(self) -> bool:
        """Read some of the backlog; whether any is left."""
        size = 0
        while self._backlog and size < _BATCH_BYTES:
            size += self._read(*self._backlog.popleft())
        return bool(self._backlog)

    def take(self, rel: str, raw: bytes) -> None:
        """A file's bytes, as written or to be written."""
        digest = _digest(raw)
        self.read[rel] = (digest, rel.endswith(".html") and is_indexed(raw))
        if digest in self.files:  # a file the site may not hold, under whatever name
            what = self.files[digest]
            self.leak_count += 1
            if len(self.leaks) < _REPORTED:
                self.leaks.append(Leak(rel, what.where, what.label.display, "the whole file, byte for byte"))
        self._batch.append((rel, raw))
        self._size += len(raw)
        if self._size >= _BATCH_BYTES:
            self._flush()

    def _read(self, path: str, rel: str, walked: bool) -> int:
        """Read a file unless read as it now is; the bytes read. A file gone meanwhile (a part's
        fragment, moved into the site) is left to the walk that finds it where it went."""
        try:
            if self.published and rel.rpartition(".")[2] in SEALED_ATTACHMENTS:
                digest = file_digest(Path(path))
                if digest in self.published:  # an attachment the site shows, byte for byte
                    self.read[rel] = (digest, False)
                    if walked:
                        self.walked.add(rel)
                    return 0
            with open(path, "rb") as f:
                raw = f.read()
        except FileNotFoundError:
            return 0
        if rel not in self.read or self.read[rel][0] != _digest(raw):
            self.take(rel, raw)
        if walked:
            self.walked.add(rel)
        return len(raw)

    def _flush(self) -> None:
        if self._batch:
            found = self.checker.scan_files(self._batch)
            self.leak_count += len(found)
            self.leaks.extend(found[: max(0, _REPORTED - len(self.leaks))])
            self._batch, self._size = [], 0

    @staticmethod
    def _files(root: Path, under: str | None, skip: str | None, alias: str | None) -> list[tuple[str, str, bool]]:
        """Every file under ``root`` (or its folder ``under``; not its folder ``skip``). A file's
        path in the site is its path under ``root``, or under ``alias`` where given (a folder
        whose files will be moved into the site there)."""
        top = root / under if under else root
        out = []
        for folder, dirs, names in os.walk(top):
            if skip is not None and Path(folder) == top:
                dirs[:] = [d for d in dirs if d != skip]
            dirs.sort()
            for name in sorted(names):
                path = Path(folder) / name
                rel = path.relative_to(root).as_posix()
                out.append((str(path), f"{alias}/{rel}" if alias is not None else rel, alias is None))
        return out

    def _finish(self) -> None:
        """Read the backlog, half of it in a second process, forked with what is read so far."""
        latest: dict[str, tuple[str, str, bool]] = {}  # each file read once, as it is now
        for path, rel, walked in self._backlog:
            walked = walked or latest.get(path, ("", "", False))[2]
            latest.pop(path, None)
            latest[path] = (path, rel, walked)
        items = list(latest.values())
        self._backlog.clear()
        helper = None
        if len(items) >= _SHARED_AT_LEAST and can_fork():
            helper = Worker(lambda: self, fork=True)
            helper.send(("share", items[len(items) // 2:]))
            items = items[: len(items) // 2]
        for item in items:
            self._read(*item)
        self._flush()
        if helper is not None:
            try:
                read, walked, leaks, count = helper.answer()
            finally:
                helper.close()
            self.read.update(read)
            self.walked.update(walked)
            self.leak_count += count
            self.leaks.extend(leaks[: max(0, _REPORTED - len(self.leaks))])

    def _share(self, items: list[tuple[str, str, bool]]) -> tuple[dict, set[str], list[Leak], int]:
        """(In the second process) read ``items``; what was read, walked and found."""
        self.read, before = dict(self.read), self.read
        self.walked, self.leaks, self.leak_count = set(), [], 0
        for item in items:
            self._read(*item)
        self._flush()
        read = {rel: entry for rel, entry in self.read.items() if before.get(rel) != entry}
        return read, self.walked, self.leaks, self.leak_count

    def _report(self, fed: list[str] | None) -> Report:
        report = Report(sorted(self.leaks, key=lambda leak: leak.file), self.leak_count, len(self.walked),
                        self.checker.needle_count)
        if fed is not None:
            indexed = {rel for rel in self.walked if self.read[rel][1]}
            report.indexed_not_fed = sorted(indexed.difference(fed))[:5]
            report.fed_not_indexed = sorted(set(fed).difference(indexed))[:5]
        return report
