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
from dataclasses import dataclass, field
from pathlib import Path

from .classify import Withheld
from .leakcheck import Leak, LeakCheck
from .searchindex import is_indexed

_BATCH_BYTES = 4 << 20  # bytes of files read before their words are looked up
_REPORTED = 100  # leaks sent back at most: a build with any fails; the first are what an editor needs


@dataclass
class Report:
    """What the check found in every file it read."""

    leaks: list[Leak]
    leak_count: int
    files: int
    needles: int
    indexed_not_fed: list[str] = field(default_factory=list)
    fed_not_indexed: list[str] = field(default_factory=list)
    """Pages written with an article to index that the search index was not fed, and the other way round."""


def _digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


class OutputCheck:
    """A ``LeakCheck`` and what it has read so far; ``handle`` answers the build's messages."""

    def __init__(self, withheld: list[Withheld], allowed: list[str], composed: list[str]) -> None:
        self.checker = LeakCheck(withheld, allowed, composed)
        self.read: dict[str, tuple[bytes, bool]] = {}  # path in the site -> digest, whether indexed
        self.leaks: list[Leak] = []
        self.leak_count = 0
        self._batch: list[tuple[str, bytes]] = []
        self._size = 0

    def handle(self, message: tuple) -> object:
        kind = message[0]
        if kind == "written":
            _, site_dir, rels = message
            for rel in rels:
                path = Path(site_dir) / rel
                if path.is_file():  # MkDocs writes no file for an empty page; the last walk sees what is there
                    self.take(rel, path.read_bytes())
        elif kind == "content":
            _, rel, raw = message
            self.take(rel, raw)
        elif kind == "walk":
            _, site_dir, under, skip = message
            self._walk(Path(site_dir), under, skip)
        elif kind == "report":
            self._flush()
            return self._report(message[1])
        elif kind == "scan":
            return self.checker.scan_files(message[1])
        else:
            raise ValueError(f"unknown message {kind!r}")
        return None

    def take(self, rel: str, raw: bytes) -> None:
        """A file's bytes, as written or to be written."""
        self.read[rel] = (_digest(raw), rel.endswith(".html") and is_indexed(raw))
        self._batch.append((rel, raw))
        self._size += len(raw)
        if self._size >= _BATCH_BYTES:
            self._flush()

    def _flush(self) -> None:
        if self._batch:
            found = self.checker.scan_files(self._batch)
            self.leak_count += len(found)
            self.leaks.extend(found[: max(0, _REPORTED - len(self.leaks))])
            self._batch, self._size = [], 0

    def _walk(self, site_dir: Path, under: str | None, skip: str | None) -> None:
        """Every file under ``site_dir`` (or its folder ``under``; not its folder ``skip``) not
        read as it now is."""
        top = site_dir / under if under else site_dir
        for root, dirs, names in os.walk(top):
            if skip is not None and Path(root) == top:
                dirs[:] = [d for d in dirs if d != skip]
            dirs.sort()
            for name in sorted(names):
                path = Path(root) / name
                rel = path.relative_to(site_dir).as_posix()
                raw = path.read_bytes()
                if rel not in self.read or self.read[rel][0] != _digest(raw):
                    self.take(rel, raw)

    def _report(self, fed: list[str] | None) -> Report:
        report = Report(sorted(self.leaks, key=lambda leak: leak.file), self.leak_count, len(self.read),
                        self.checker.needle_count)
        if fed is not None:
            indexed = {rel for rel, (_, marked) in self.read.items() if marked}
            report.indexed_not_fed = sorted(indexed.difference(fed))[:5]
            report.fed_not_indexed = sorted(set(fed).difference(indexed))[:5]
        return report
