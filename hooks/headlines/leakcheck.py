"""The leak check: every output file scanned for the text of every withheld item.

Text is compared as bare words (case folded, punctuation and markup dropped), so that
HTML escaping, Markdown, abbreviations and curly quotes cannot hide a leak. Each file is
read twice over: as it is (attributes, scripts, JSON) and with its tags removed. JSON is
decoded and gzip unpacked first. A needle that also occurs in text the audience may read
(its published data, the templates, the hand-written pages) proves nothing and is dropped.
"""

from __future__ import annotations

import gzip
import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import ahocorasick

from .classify import Withheld

_WORDS = re.compile(r"[^\W_]+")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_SENTENCE = re.compile(r"(?<=[.!?;:])\s+|\n+")
_BLOCK_TAG = re.compile(r"</?(?:p|div|li|ul|ol|td|th|tr|table|thead|tbody|h[1-6]|br|hr|section|article|nav|"
                        r"header|footer|main|aside|dd|dt|dl|caption|figure|figcaption|blockquote|pre|option)\b[^>]*>",
                        re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def words(text: str) -> str:
    """Text as bare words: ``The <abbr>DCC</abbr>'s C&amp;S`` gives ``the dcc s c s``."""
    return " ".join(_WORDS.findall(html.unescape(text).casefold()))


def _distinctive(needle: str) -> bool:
    """Long enough that finding it means something."""
    digits = sum(ch.isdigit() for ch in needle)
    return (" " in needle and len(needle) >= 8) or len(needle) >= 12 or digits >= 5


def needles_of(text: str) -> set[str]:
    """The whole text and each of its sentences, as bare words, where distinctive."""
    plain = _LINK.sub(r"\1", text)
    out = {words(plain)}
    out.update(words(part) for part in _SENTENCE.split(plain))
    return {n for n in out if n and _distinctive(n)}


@dataclass(frozen=True)
class Leak:
    file: str
    where: str
    label: str
    text: str

    def __str__(self) -> str:
        return f"{self.file}: holds {self.label} text of {self.where}: '{self.text[:80]}'"


def _views(path: Path, raw: bytes) -> list[str]:
    if path.suffix == ".gz":
        try:
            raw = gzip.decompress(raw)
        except OSError:
            pass
    text = raw.decode("utf-8", errors="replace")
    if path.suffix == ".json":
        try:
            pieces: list[str] = []
            stack = [json.loads(text)]
            while stack:
                item = stack.pop()
                if isinstance(item, str):
                    pieces.append(item)
                elif isinstance(item, dict):
                    stack.extend(item.keys())
                    stack.extend(item.values())
                elif isinstance(item, list):
                    stack.extend(item)
                elif item is not None:
                    pieces.append(str(item))
            text = "\n".join(pieces)
        except ValueError:
            pass
    stripped = _TAG.sub("", _BLOCK_TAG.sub(" ", text))
    return [words(text), words(stripped)]


class LeakCheck:
    """Needles from the withheld items, minus whatever the audience may legitimately read."""

    def __init__(self, withheld: Iterable[Withheld], allowed_text: Iterable[str]) -> None:
        self.origin: dict[str, Withheld] = {}
        for item in withheld:
            for text in item.texts:
                for needle in needles_of(text):
                    self.origin.setdefault(needle, item)
        automaton = ahocorasick.Automaton()
        for needle in self.origin:
            automaton.add_word(f" {needle} ", needle)
        self._automaton = automaton if len(automaton) else None
        if self._automaton is not None:
            automaton.make_automaton()
            allowed = set()
            for text in allowed_text:
                allowed.update(self._find(f" {words(text)} "))
            for needle in allowed:
                self.origin.pop(needle, None)

    @property
    def needle_count(self) -> int:
        return len(self.origin)

    def _find(self, haystack: str) -> set[str]:
        if self._automaton is None:
            return set()
        return {needle for _, needle in self._automaton.iter(haystack)}

    def scan_text(self, name: str, views: Iterable[str]) -> list[Leak]:
        found: set[str] = set()
        for view in views:
            found.update(n for n in self._find(f" {view} ") if n in self.origin)
        return [Leak(name, self.origin[n].where, self.origin[n].label.display, n) for n in sorted(found)]

    def scan_site(self, site_dir: Path) -> list[Leak]:
        """Every file under ``site_dir``, and every file's own path."""
        site_dir = Path(site_dir)
        leaks: list[Leak] = []
        for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
            rel = path.relative_to(site_dir).as_posix()
            leaks.extend(self.scan_text(rel, [words(rel), *_views(path, path.read_bytes())]))
        return leaks
