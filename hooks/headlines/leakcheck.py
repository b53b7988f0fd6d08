"""The leak check: every output file scanned for the text of every withheld item.

Text is compared as bare words (case folded, punctuation and markup dropped), so that
HTML escaping, Markdown, abbreviations and curly quotes cannot hide a leak. Each file is
read twice over: as it is (attributes, scripts, JSON) and with its tags removed. JSON is
decoded and gzip unpacked first. A needle that also occurs in text the audience may read
(its published data, the templates, the hand-written pages) proves nothing and is dropped.
"""

from __future__ import annotations

import gzip
import hashlib
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


_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
# Dates and reporting periods ("november 2024", "q1 2021", "2021 03") say nothing confidential,
# and every page prints some: as needles they would only ever raise false alarms.
_PERIOD = re.compile(rf"(?:(?:\d{{1,2}} )?(?:{_MONTHS})(?: \d{{4}})?|q[1-4] \d{{4}}|\d{{4}}(?: \d{{2}}){{0,2}}|quarter [1-4] \d{{4}})")


def _distinctive(needle: str) -> bool:
    """Long enough that finding it means something: several words, a long code or a figure.

    A single ordinary word ("classification") or a date is not evidence of anything."""
    if _PERIOD.fullmatch(needle):
        return False
    digits = sum(ch.isdigit() for ch in needle)
    if " " in needle:
        return len(needle) >= 8
    return digits >= 5 or (len(needle) >= 12 and (digits > 0 or len(needle) >= 20))


WINDOW = 8
STRIDE = 4


def needles_of(text: str) -> tuple[set[str], set[str]]:
    """(the whole text and each sentence; overlapping runs of eight words), where distinctive.

    The runs catch a partial leak (a truncated preview, a quoted clause): any leaked run of
    WINDOW + STRIDE - 1 (eleven) words or more holds one of them whole."""
    plain = _LINK.sub(r"\1", text)
    whole = words(plain)
    strict = {whole}
    strict.update(words(part) for part in _SENTENCE.split(plain))
    tokens = whole.split()
    runs = {" ".join(tokens[i:i + WINDOW]) for i in range(0, max(len(tokens) - WINDOW, 0) + 1, STRIDE)}
    return {n for n in strict if n and _distinctive(n)}, {n for n in runs - strict if _distinctive(n)}


@dataclass(frozen=True)
class Leak:
    file: str
    where: str
    label: str
    text: str

    def __str__(self) -> str:
        return f"{self.file}: holds {self.label} text of {self.where}: '{self.text[:80]}'"


def _views(path: Path, raw: bytes) -> tuple[str, ...]:
    key = (path.suffix, hashlib.blake2b(raw, digest_size=16).digest())
    if key not in _VIEW_CACHE:
        if len(_VIEW_CACHE) > 512:
            _VIEW_CACHE.clear()
        _VIEW_CACHE[key] = _compute_views(path, raw)
    return _VIEW_CACHE[key]


# Theme assets are the same bytes in every build: their normalised text is computed once
# per process (the needles differ per build; the haystack does not).
_VIEW_CACHE: dict[tuple[str, bytes], tuple[str, ...]] = {}


def _compute_views(path: Path, raw: bytes) -> tuple[str, ...]:
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
    return (words(text), words(stripped))


class LeakCheck:
    """Needles from the withheld items, minus whatever the audience may legitimately read.

    ``allowed_text`` is what the audience may read, item by item. ``composed_text`` is the
    generated pages, where templates join public fields into new phrases ("Security
    Sub-Committee (SSC)"): it may excuse a run of eight words, never a whole sentence."""

    def __init__(self, withheld: Iterable[Withheld], allowed_text: Iterable[str],
                 composed_text: Iterable[str] = ()) -> None:
        self.origin: dict[str, Withheld] = {}
        runs: set[str] = set()
        for item in withheld:
            for text in item.texts:
                strict, windows = needles_of(text)
                for needle in strict:
                    self.origin.setdefault(needle, item)
                for needle in windows:
                    if needle not in self.origin:
                        self.origin[needle] = item
                        runs.add(needle)
        automaton = ahocorasick.Automaton()
        for needle in self.origin:
            automaton.add_word(f" {needle} ", needle)
        self._automaton = automaton if len(automaton) else None
        if self._automaton is not None:
            automaton.make_automaton()
            excused = set()
            for text in allowed_text:
                excused.update(self._find(f" {words(text)} "))
            for text in composed_text:
                excused.update(n for n in self._find(f" {words(text)} ") if n in runs)
            for needle in excused:
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
