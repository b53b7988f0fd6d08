"""The leak check: every output file scanned for the text of every withheld item.

Text is compared as bare words (case folded, punctuation and markup dropped), so that
HTML escaping, Markdown, abbreviations and curly quotes cannot hide a leak. A file is read
as its text with the tags removed, then the insides of its tags (attributes, so that a
title or a meta description is read too). JSON is decoded and gzip unpacked first. A needle
that also occurs in text the audience may read (its published data, the hand-written pages)
proves nothing and is excused.

How it stays fast at archive scale: every word becomes a 64-bit hash, and every run of one
to eight words in the output a rolling hash, computed with numpy over whole batches of
files. A run whose hash is a needle's is then compared word for word, so a hash collision
can cost a comparison, never a miss. Needles longer than eight words are found by their
first eight and then compared whole.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .classify import Withheld

_WORDS = re.compile(r"[^\W_]+")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_SENTENCE = re.compile(r"(?<=[.!?;:])\s+|\n+")
_BLOCK_TAG = re.compile(r"</?(?:p|div|li|ul|ol|td|th|tr|table|thead|tbody|h[1-6]|br|hr|section|article|nav|"
                        r"header|footer|main|aside|dd|dt|dl|caption|figure|figcaption|blockquote|pre|option)\b[^>]*>",
                        re.IGNORECASE)
_TAG = re.compile(r"<([^>]*)>")


def tokens(text: str) -> list[str]:
    """Text as bare words: ``The <abbr>DCC</abbr>'s C&amp;S`` gives the dcc s c s."""
    return _WORDS.findall(html.unescape(text).casefold())


def words(text: str) -> str:
    """Text as bare words joined by spaces: ``The <abbr>DCC</abbr>'s C&amp;S`` gives ``the dcc s c s``."""
    return " ".join(tokens(text))


_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
# Dates and reporting periods ("november 2024", "q1 2021", "2021 03") say nothing confidential,
# and every page prints some: as needles they would only ever raise false alarms.
_PERIOD = re.compile(rf"(?:(?:\d{{1,2}} )?(?:{_MONTHS})(?: \d{{4}})?|q[1-4] \d{{4}}|\d{{4}}(?: \d{{2}}){{0,2}}|quarter [1-4] \d{{4}})")


def _distinctive(needle: str) -> bool:
    """Long enough that finding it means something: several words, a long code or a figure.

    A single ordinary word ("classification") or a date is not evidence of anything."""
    if " " in needle:
        return len(needle) >= 8 and not (len(needle) <= 24 and _PERIOD.fullmatch(needle))
    if len(needle) < 5 or _PERIOD.fullmatch(needle):
        return False
    digits = sum(ch.isdigit() for ch in needle)
    return digits >= 5 or (len(needle) >= 12 and (digits > 0 or len(needle) >= 20))


WINDOW = 8
STRIDE = 4


def needles_of(text: str) -> tuple[list[list[str]], list[int]]:
    """(the whole text and each sentence, where distinctive, as word lists; the starts of
    overlapping runs of eight words in the whole text).

    The runs catch a partial leak (a truncated preview, a quoted clause): any leaked run of
    WINDOW + STRIDE - 1 (eleven) words or more holds one of them whole."""
    plain = _LINK.sub(r"\1", text)
    whole = tokens(plain)
    strict = [whole]
    parts = _SENTENCE.split(plain)
    if len(parts) > 1:
        strict.extend(tokens(part) for part in parts)
    strict = [s for s in strict if s and _distinctive(" ".join(s))]
    runs = list(range(0, len(whole) - WINDOW + 1, STRIDE)) if len(whole) > WINDOW else []
    return strict, runs


@dataclass(frozen=True)
class Leak:
    file: str
    where: str
    label: str
    text: str

    def __str__(self) -> str:
        return f"{self.file}: holds {self.label} text of {self.where}: '{self.text[:80]}'"


# The rolling hash: h(w1..wL) = ((w1 * P + w2) * P + ...) + wL, modulo 2**64, then mixed with L.
_MASK = (1 << 64) - 1
_P = 0x100000001B3
_LMIX = [(length * 0x9E3779B97F4A7C15) & _MASK for length in range(WINDOW + 1)]
_GAP = "\x00"  # between texts in one stream: never a word, so no run spans two texts
_FILTER_BITS = 24
_BATCH = 400_000  # words per numpy batch while scanning a site


def _hashes(words_: Sequence[str]) -> np.ndarray:
    return np.fromiter(map(hash, words_), dtype=np.int64, count=len(words_)).view(np.uint64)


class _Needles:
    """Word sequences as (start, length) into one array of word hashes, indexed by the hash
    of their first eight words."""

    def __init__(self) -> None:
        self.stream: list[str] = []
        self.starts: list[int] = []
        self.lengths: list[int] = []
        self.origins: list[int] = []
        self.strict: list[bool] = []

    def add_text(self, origin: int, strict: list[list[str]], runs: list[int]) -> None:
        for i, seq in enumerate(strict):
            start = len(self.stream)
            self.stream.extend(seq)
            self.stream.append(_GAP)
            self._add(origin, start, len(seq), True)
            if i == 0:
                for offset in runs:
                    self._add(origin, start + offset, WINDOW, False)

    def _add(self, origin: int, start: int, length: int, strict: bool) -> None:
        self.starts.append(start)
        self.lengths.append(length)
        self.origins.append(origin)
        self.strict.append(strict)

    def freeze(self) -> None:
        hashes = _hashes(self.stream)
        self.stream = []
        starts = np.asarray(self.starts, dtype=np.int64)
        lengths = np.asarray(self.lengths, dtype=np.int64)
        keys = np.zeros(len(starts), dtype=np.uint64)
        for length, rolled in _rolling(hashes):
            pick = np.flatnonzero(np.minimum(lengths, WINDOW) == length)
            keys[pick] = rolled[starts[pick]]
        order = np.argsort(keys, kind="stable")
        self.hashes = hashes
        self.keys = keys[order]
        self.start = starts[order]
        self.length = lengths[order]
        self.origin = np.asarray(self.origins, dtype=np.int64)[order]
        self.is_strict = np.asarray(self.strict, dtype=bool)[order]
        self.starts = self.lengths = self.origins = self.strict = []  # type: ignore[assignment]
        self.filter = np.zeros(1 << _FILTER_BITS, dtype=bool)
        self.filter[self.keys >> np.uint64(64 - _FILTER_BITS)] = True

    def __len__(self) -> int:
        return len(self.keys)

    def find(self, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(needle indices, positions) of every needle occurring in a stream of word hashes."""
        if not len(self.keys) or not len(hashes):
            return _NONE, _NONE
        shift = np.uint64(64 - _FILTER_BITS)
        found_index, found_pos = [], []
        for length, rolled in _rolling(hashes):
            candidates = np.flatnonzero(self.filter[rolled >> shift])
            if not candidates.size:
                continue
            keys = rolled[candidates]
            lo = np.searchsorted(self.keys, keys, side="left")
            hi = np.searchsorted(self.keys, keys, side="right")
            hit = hi > lo
            if not hit.any():
                continue
            lo, hi, pos = lo[hit], hi[hit], candidates[hit]
            count = hi - lo
            pos = np.repeat(pos, count)
            index = np.repeat(lo - np.cumsum(count) + count, count) + np.arange(count.sum())
            # Up to eight words, equal hashes are taken as equal words (a collision can only
            # raise a false alarm). A longer needle is compared word for word past its first eight.
            long = np.flatnonzero(self.length[index] > WINDOW)
            if long.size:
                keep = np.ones(len(index), dtype=bool)
                for j in long.tolist():
                    size, start, at = int(self.length[index[j]]), int(self.start[index[j]]), int(pos[j])
                    keep[j] = np.array_equal(hashes[at:at + size], self.hashes[start:start + size])
                index, pos = index[keep], pos[keep]
            found_index.append(index)
            found_pos.append(pos)
        if not found_index:
            return _NONE, _NONE
        return np.concatenate(found_index), np.concatenate(found_pos)

    def drop(self, indices: np.ndarray) -> None:
        """Take needles out of the table."""
        keep = np.ones(len(self.keys), dtype=bool)
        keep[indices] = False
        for name in ("keys", "start", "length", "origin", "is_strict"):
            setattr(self, name, getattr(self, name)[keep])
        self.filter[:] = False
        self.filter[self.keys >> np.uint64(64 - _FILTER_BITS)] = True


_NONE = np.zeros(0, dtype=np.int64)


def _rolling(hashes: np.ndarray) -> Iterator[tuple[int, np.ndarray]]:
    """For L = 1 .. WINDOW: (L, the mixed rolling hash of the L words from each position)."""
    rolled = hashes
    prime = np.uint64(_P)
    for length in range(1, WINDOW + 1):
        if length > 1:
            if len(hashes) < length:
                return
            rolled = rolled[:-1] * prime + hashes[length - 1:]
        yield length, rolled ^ np.uint64(_LMIX[length])


def _decoded(path: Path, raw: bytes) -> str:
    if raw[:2] == b"\x1f\x8b":  # gzip, whatever the name: sitemap.xml.gz, Pagefind's index and fragments
        try:
            raw = gzip.decompress(raw)
        except OSError:
            pass
    is_json = path.suffix == ".json"
    if raw.startswith(b"pagefind_dcd"):  # a Pagefind fragment is JSON after this signature
        raw, is_json = raw[len(b"pagefind_dcd"):], True
    text = raw.decode("utf-8", errors="replace")
    if is_json:
        # JSON's escapes decoded where they stand, rather than the whole document parsed into
        # objects (a large data.json would take ten times its size in memory): every string
        # and key then reads as its text, in document order.
        text = _JSON_ESCAPES.sub(_unescape_json, text)
    return text


_JSON_ESCAPES = re.compile(r'(?:\\u[0-9a-fA-F]{4}|\\["\\/bfnrt])+')


def _unescape_json(match: re.Match[str]) -> str:
    try:
        return str(json.loads(f'"{match.group(0)}"'))
    except ValueError:  # a lone surrogate: its neighbours still read as text
        return " "


def file_texts(path: Path, raw: bytes, seen_tags: set[str] | None = None) -> tuple[str, str]:
    """A file's text as the leak check reads it, in two parts: the text with the tags removed
    (block tags as breaks, inline tags as nothing, so ``fo<b>o</b>`` is one word), and the
    insides of its tags. A tag already read in another file of the same site (``seen_tags``:
    the same navigation on every page) is not read again."""
    text = _decoded(path, raw)
    inside = _TAG.findall(text)
    if seen_tags is not None:
        inside = [tag for tag in dict.fromkeys(inside) if tag not in seen_tags]
        seen_tags.update(inside)
    return _TAG.sub("", _BLOCK_TAG.sub(" ", text)), "\n".join(inside)


_SLICE = 1 << 20  # characters tokenized at a time: a large file's words are never all held as strings
_GAP_HASH = np.array([hash(_GAP)], dtype=np.int64).view(np.uint64)


def _text_hashes(text: str) -> list[np.ndarray]:
    """The hashes of the words of ``text``, then a gap. Cut at white space into slices, which
    no word or character reference spans, so the hashes are those of ``tokens(text)``."""
    out = []
    start = 0
    while start < len(text):
        end = start + _SLICE
        if end < len(text):
            cut = max(text.rfind(" ", start, end), text.rfind("\n", start, end))
            end = cut if cut > start else len(text)
        out.append(_hashes(tokens(text[start:end])))
        start = end
    out.append(_GAP_HASH)
    return out


def _stream_words(texts: Iterable[str]) -> list[str]:
    """The words whose hashes ``_text_hashes`` gives for each of ``texts``, in the same places."""
    out: list[str] = []
    for text in texts:
        out.extend(tokens(text))
        out.append(_GAP)
    return out


# Theme assets are the same bytes in every build: their texts are read once per process
# (the needles differ per build; the haystack does not).
_ASSET_CACHE: dict[bytes, tuple[str, str]] = {}
_PAGE_SUFFIXES = {".html", ".json", ".xml", ".gz", ".ics", ".txt", ".pf_fragment", ".pf_index", ".pf_meta"}


def _site_file_texts(path: Path, raw: bytes, seen_tags: set[str]) -> tuple[str, str]:
    if path.suffix in _PAGE_SUFFIXES:
        return file_texts(path, raw, seen_tags)
    key = hashlib.blake2b(path.suffix.encode() + raw, digest_size=16).digest()
    if key not in _ASSET_CACHE:
        if len(_ASSET_CACHE) > 256:
            _ASSET_CACHE.clear()
        _ASSET_CACHE[key] = file_texts(path, raw)
    return _ASSET_CACHE[key]


class LeakCheck:
    """Needles from the withheld items, minus whatever the audience may legitimately read.

    ``allowed_text`` is what the audience may read, item by item: a needle found in it is
    dropped before the scan. ``composed_text`` is the generated pages, where templates join
    public fields into new phrases ("Security Sub-Committee (SSC)"): it may excuse a run of
    eight words found in the output, never a whole text or sentence."""

    def __init__(self, withheld: Iterable[Withheld], allowed_text: Iterable[str],
                 composed_text: Iterable[str] = ()) -> None:
        self.items: list[Withheld] = []
        self._needles = _Needles()
        for item in withheld:
            origin = len(self.items)
            self.items.append(item)
            for text in item.texts:
                self._needles.add_text(origin, *needles_of(text))
        self._needles.freeze()
        self._needles.drop(np.fromiter(self._found_in(allowed_text), dtype=np.int64))
        self._composed = list(composed_text)

    @property
    def needle_count(self) -> int:
        return len(self._needles)

    def _found_in(self, texts: Iterable[str]) -> set[int]:
        """The needles occurring in any one of ``texts``."""
        found: set[int] = set()
        batch: list[np.ndarray] = []
        size = 0
        for text in texts:
            for hashes in _text_hashes(text):
                batch.append(hashes)
                size += len(hashes)
            if size >= _BATCH:
                found.update(np.unique(self._needles.find(np.concatenate(batch))[0]).tolist())
                batch, size = [], 0
        if batch:
            found.update(np.unique(self._needles.find(np.concatenate(batch))[0]).tolist())
        return found

    def scan_site(self, site_dir: Path) -> list[Leak]:
        """Every file under ``site_dir``, and every file's own path."""
        site_dir = Path(site_dir)
        return self.scan_files((p.relative_to(site_dir).as_posix(), p.read_bytes())
                               for p in sorted(p for p in site_dir.rglob("*") if p.is_file()))

    def scan_files(self, files: Iterable[tuple[str, bytes]]) -> list[Leak]:
        """Files given as (path in the site, content): each one's content and its path."""
        hits: dict[tuple[str, str], set[int]] = {}  # (file, text) -> the needles that are that text
        batch: list[tuple[str, tuple[str, ...]]] = []  # (file, the texts it is read as)
        starts: list[int] = []
        hashes: list[np.ndarray] = []
        size = 0
        seen_tags: set[str] = set()

        def flush() -> None:
            index, pos = self._needles.find(np.concatenate(hashes)) if hashes else (_NONE, _NONE)
            if len(index):
                files = np.searchsorted(np.asarray(starts), pos, side="right") - 1
                _, first = np.unique(files * len(self._needles) + index, return_index=True)
                words_of: dict[int, list[str]] = {}  # only a file with a hit is read as words again
                for j in first.tolist():
                    f = int(files[j])
                    if f not in words_of:
                        words_of[f] = _stream_words(batch[f][1])
                    at, needle = int(pos[j]) - starts[f], int(index[j])
                    text = " ".join(words_of[f][at:at + int(self._needles.length[needle])])
                    hits.setdefault((batch[f][0], text), set()).add(needle)
            batch.clear()
            starts.clear()
            hashes.clear()

        for rel, raw in files:
            texts = (rel, *_site_file_texts(Path(rel), raw, seen_tags))
            batch.append((rel, texts))
            starts.append(size)
            for text in texts:
                for part in _text_hashes(text):
                    hashes.append(part)
                    size += len(part)
            if size >= _BATCH:
                flush()
                size = 0
        flush()
        if not hits:
            return []
        runs = {(key, frozenset(i)) for key, i in hits.items() if not any(self._needles.is_strict[j] for j in i)}
        composed = self._found_in(self._composed) if runs else set()
        leaks = []
        for (name, text), indices in sorted(hits.items()):
            if ((name, text), frozenset(indices)) in runs and indices & composed:
                continue
            # The first withheld item holding this text is the one to name.
            item = self.items[int(min(self._needles.origin[i] for i in indices))]
            leaks.append(Leak(name, item.where, item.label.display, text))
        return leaks
