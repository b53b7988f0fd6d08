"""The leak check: every output file scanned for the text of every withheld item.

Text is compared as bare words (case folded, punctuation and markup dropped), so that
HTML escaping, Markdown, abbreviations and curly quotes cannot hide a leak. A file is read
as its text with the tags removed, then the insides of its tags (attributes, so that a
title or a meta description is read too). JSON is decoded and gzip unpacked first, a
calendar's folded lines joined and its escapes read, and text in addresses (``%20``) read as
the characters it stands for. A needle that also occurs in text the audience may read (its
published data) proves nothing and is excused. A hand-written page's text excuses nothing: a
WHITE page quoting GREEN minutes is the leak looked for.

How it stays fast at archive scale: every word becomes a 64-bit hash, and every run of one
to eight words in the output a rolling hash, computed with numpy over whole batches of
files. A run whose hash is a needle's is then compared word for word, so a hash collision
can cost a comparison, never a miss. Needles longer than eight words are found by their
first eight and then compared whole.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import html
import json
import re
import zlib
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import numpy as np

from .classify import Withheld
from .workers import by_size

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


def needles_of(text: str) -> tuple[list[list[str]], range]:
    """(the whole text and each sentence, where distinctive, as word lists; the starts of
    overlapping runs of eight words in the whole text).

    The runs catch a partial leak (a truncated preview, a quoted clause): any leaked run of
    WINDOW + STRIDE - 1 (eleven) words or more holds one of them whole."""
    plain = _LINK.sub(r"\1", text) if "](" in text else text
    parts = _SENTENCE.split(plain)
    if len(parts) > 1:
        # The split is at white space, which no word or character reference spans: the whole
        # text's words are its sentences' words, one after another (read once, not twice).
        sentences = [tokens(part) for part in parts]
        whole = [word for sentence in sentences for word in sentence]
        strict = [whole, *sentences]
    else:
        whole = tokens(plain)
        strict = [whole]
    strict = [s for s in strict if s and _distinctive(" ".join(s))]
    return strict, range(0, len(whole) - WINDOW + 1 if len(whole) > WINDOW else 0, STRIDE)


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
_FIND_WORDS = 1 << 18  # runs hashed at a time by ``_Needles.find``: 2 MB for each array of them


# A word's hash is a polynomial in its code points modulo 2**64, then mixed (splitmix64's
# finaliser), computed with numpy over a whole text at once rather than word by word: from the
# prefix sums of c[i] * Q**-i, a word from a to b is (S[b] - S[a]) * Q**(b - 1).
_Q = 0x9E3779B97F4A7C15  # odd, so invertible modulo 2**64
_Q_INV = pow(_Q, -1, 1 << 64)
_WORD_LENGTH_MIX = np.uint64(0xD6E8FEB86659FD93)
_GAP_HASH_VALUE = np.uint64(0)  # what a gap hashes to; a word does so with odds of 2**-64
_NO_HASHES = np.zeros(0, dtype=np.uint64)
_NO_INDEX = np.zeros(0, dtype=np.int64)


@functools.cache
def _word_chars() -> np.ndarray:
    """For every code point, whether ``_WORDS`` takes it as part of a word (found by the regex
    itself, so the two can never disagree)."""
    # Every code point in one string, made from their numbers: joining 1.1 million one-character
    # strings would hold them all at once (about 100 MB) the moment the leak check starts.
    every = np.arange(0x110000, dtype=np.uint32).tobytes().decode("utf-32-le", "surrogatepass")
    # Word characters come in a few hundred runs: each run marked by +1 where it starts and -1
    # where it ends, and the sums of those are the table.
    edges = np.zeros(0x110001, dtype=np.int8)
    for run in re.finditer(r"[^\W_]+", every):
        edges[run.start()] += 1
        edges[run.end()] -= 1
    return np.cumsum(edges[:-1], dtype=np.int8).astype(bool)


_powers = [np.ones(1, dtype=np.uint64), np.ones(1, dtype=np.uint64)]  # Q**i and Q**-i, i < their length


def _powers_of_q(n: int) -> tuple[np.ndarray, np.ndarray]:
    if len(_powers[0]) < n:
        size = max(n, 2 * len(_powers[0]))
        for k, base in enumerate((_Q, _Q_INV)):
            factors = np.full(size, base, dtype=np.uint64)
            factors[0] = 1
            _powers[k] = np.cumprod(factors, dtype=np.uint64)  # wraps modulo 2**64, as meant
    return _powers[0], _powers[1]


def _mix(h: np.ndarray) -> np.ndarray:
    h ^= h >> np.uint64(30)
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(27)
    h *= np.uint64(0x94D049BB133111EB)
    h ^= h >> np.uint64(31)
    return h


def _word_hashes(folded: str) -> tuple[np.ndarray, np.ndarray]:
    """(the hash of each word of an unescaped, case-folded text; where each word starts)."""
    if not folded:
        return _NO_HASHES, _NO_INDEX
    points = np.frombuffer(folded.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    edges = np.diff(_word_chars()[points].view(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts = np.flatnonzero(edges == 1)
    if not starts.size:
        return _NO_HASHES, _NO_INDEX
    ends = np.flatnonzero(edges == -1)
    q, q_inv = _powers_of_q(len(points))
    sums = np.zeros(len(points) + 1, dtype=np.uint64)
    np.cumsum(points * q_inv[: len(points)], out=sums[1:])
    h = (sums[ends] - sums[starts]) * q[ends - 1]
    h += (ends - starts).astype(np.uint64) * _WORD_LENGTH_MIX
    return _mix(h), starts


def word_hashes(text: str, folded: bool = False) -> np.ndarray:
    """The hash of each word of ``tokens(text)``, in order. ``folded``: the text is words
    already (unescaped and case folded), as ``tokens`` gives them, joined by spaces."""
    return _word_hashes(text if folded else html.unescape(text).casefold())[0]


def _hashes(words_: Sequence[str]) -> np.ndarray:
    """The hashes of a stream of words (``tokens``' words, and gaps), a batch of words at a time."""
    out = np.full(len(words_), _GAP_HASH_VALUE, dtype=np.uint64)
    step = 100_000
    for first in range(0, len(words_), step):
        batch = words_[first:first + step]
        is_word = np.fromiter(map(_GAP.__ne__, batch), dtype=bool, count=len(batch))
        # Joined by spaces, gaps and all: a gap is no part of a word, so only the words hash.
        hashes = word_hashes(" ".join(batch), folded=True)
        if len(hashes) != int(is_word.sum()):
            raise AssertionError("a word of the stream is not one word")  # tokens() never gives such a word
        out[first:first + step][is_word] = hashes
    return out


class _Needles:
    """Word sequences as (start, length) into one array of word hashes, indexed by the hash
    of their first eight words."""

    def __init__(self) -> None:
        self.stream: list[str] = []
        self.starts: list[int] = []  # the strict needles': each a whole text or sentence
        self.lengths: list[int] = []
        self.origins: list[int] = []
        self.runs: list[tuple[int, int, int]] = []  # (where a text's runs start, how many, origin)

    def add_text(self, origin: int, strict: list[list[str]], runs: range) -> None:
        """``needles_of``'s: the runs are into the first sequence, the whole text."""
        for i, seq in enumerate(strict):
            start = len(self.stream)
            self.stream.extend(seq)
            self.stream.append(_GAP)
            self.starts.append(start)
            self.lengths.append(len(seq))
            self.origins.append(origin)
            if i == 0 and runs:
                self.runs.append((start + runs.start, len(runs), origin))

    def freeze(self) -> None:
        hashes = _hashes(self.stream)
        self.stream = []
        # The runs of eight words, each text's made from where its first starts and how many.
        blocks = np.asarray(self.runs, dtype=np.int64).reshape(-1, 3)
        count = blocks[:, 1]
        within = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
        starts = np.concatenate([np.asarray(self.starts, dtype=np.int64),
                                 np.repeat(blocks[:, 0], count) + STRIDE * within])
        lengths = np.concatenate([np.asarray(self.lengths, dtype=np.int64), np.full(len(within), WINDOW)])
        origins = np.concatenate([np.asarray(self.origins, dtype=np.int64), np.repeat(blocks[:, 2], count)])
        strict = np.arange(len(starts)) < len(self.starts)
        keys = np.zeros(len(starts), dtype=np.uint64)
        for length, rolled in _rolling(hashes):
            pick = np.flatnonzero(np.minimum(lengths, WINDOW) == length)
            keys[pick] = rolled[starts[pick]]
        order = np.argsort(keys, kind="stable")
        self.hashes = hashes
        self.keys = keys[order]
        self.start = starts[order]
        self.length = lengths[order]
        self.origin = origins[order]
        self.is_strict = strict[order]
        self.starts, self.lengths, self.origins, self.runs = [], [], [], []
        self.filter = np.zeros(1 << _FILTER_BITS, dtype=bool)
        self.filter[self.keys >> np.uint64(64 - _FILTER_BITS)] = True

    def __len__(self) -> int:
        return len(self.keys)

    def find(self, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(needle indices, positions) of every needle occurring in a stream of word hashes.

        The runs are hashed ``_FIND_WORDS`` starting places at a time, so that a long stream (a
        large file's words) costs one slice's arrays at a time, not eight arrays of its length."""
        if not len(self.keys) or not len(hashes):
            return _NONE, _NONE
        found = [self._find(hashes, first, min(first + _FIND_WORDS, len(hashes)))
                 for first in range(0, len(hashes), _FIND_WORDS)]
        found = [(index, pos) for index, pos in found if len(index)]
        if not found:
            return _NONE, _NONE
        return np.concatenate([index for index, _ in found]), np.concatenate([pos for _, pos in found])

    def _find(self, hashes: np.ndarray, first: int, stop: int) -> tuple[np.ndarray, np.ndarray]:
        """``find`` for the runs starting at ``first`` up to ``stop`` (a run may end past ``stop``;
        a needle longer than a run is compared with the whole stream)."""
        shift = np.uint64(64 - _FILTER_BITS)
        found_index, found_pos = [], []
        for length, rolled in _rolling(hashes[first:stop + WINDOW - 1]):
            rolled = rolled[:stop - first]
            candidates = np.flatnonzero(self.filter[rolled >> shift])
            if not candidates.size:
                continue
            keys = rolled[candidates]
            lo = np.searchsorted(self.keys, keys, side="left")
            hi = np.searchsorted(self.keys, keys, side="right")
            hit = hi > lo
            if not hit.any():
                continue
            lo, hi, pos = lo[hit], hi[hit], candidates[hit] + first
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
    if path.suffix == ".ics":
        text = _ICAL_ESCAPES.sub(_unescape_ical, _ICAL_FOLD.sub("", text))
    if is_json:
        # JSON's escapes decoded where they stand, rather than the whole document parsed into
        # objects (a large data.json would take ten times its size in memory): every string
        # and key then reads as its text, in document order.
        text = _JSON_ESCAPES.sub(_unescape_json, text)
    return text


_JSON_ESCAPES = re.compile(r'(?:\\u[0-9a-fA-F]{4}|\\["\\/bfnrt])+')
_ICAL_FOLD = re.compile(r"\r?\n[ \t]")
"""A calendar's long line goes on in the next, which starts with a space or a tab (RFC 5545,
3.1), wherever the line reached 75 bytes: in the middle of a word too."""
_ICAL_ESCAPES = re.compile(r"\\[\\;,nN]")
_PERCENT_ESCAPES = re.compile(r"%[0-9A-Fa-f]{2}(?:%[0-9A-Fa-f]{2})*")
"""Text in an address (a link's, a sitemap's), as ``%20`` and ``%C3%A9``. Written to start
with its '%', which the regex engine then looks for alone, fifty times as fast."""


def _unescape_ical(match: re.Match[str]) -> str:
    """A calendar's text escape read as the character it stands for (RFC 5545, 3.3.11)."""
    return "\n" if match.group(0) in ("\\n", "\\N") else match.group(0)[1]


def _unquoted(text: str) -> str:
    """``text`` with the escapes of addresses read as the characters they stand for."""
    return _PERCENT_ESCAPES.sub(lambda match: unquote(match.group(0), errors="replace"), text)


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
    return _unquoted(_without_tags(text)), _unquoted("\n".join(inside))


def _without_tags(text: str) -> str:
    """Text as the check reads it between tags: a block tag a break, an inline tag nothing."""
    return _TAG.sub("", _BLOCK_TAG.sub(" ", text))


_SLICE = 1 << 20  # characters tokenized at a time: a large file's words are never all held as strings
_BATCH_CHARS = 1 << 20  # characters hashed by numpy in one go
_SCAN_CHARS = 4 << 20  # characters of files read before their words are looked up


def _slices(text: str) -> Iterator[str]:
    """``text`` cut at white space into slices of about ``_SLICE`` characters, which no word or
    character reference spans."""
    start = 0
    while start < len(text):
        end = start + _SLICE
        if end < len(text):
            cut = max(text.rfind(" ", start, end), text.rfind("\n", start, end))
            end = cut if cut > start else len(text)
        yield text[start:end]
        start = end


def _stream_hashes(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(the hashes of the words of each of ``texts`` in turn, each text's followed by a gap,
    so that no run of words spans two texts; where each text's gap is in the stream).

    Texts are hashed together, by numpy over all their characters at once: each is cut into
    slices, each slice unescaped and case folded, and about ``_BATCH_CHARS`` characters of
    slices at a time are joined by a character that is no part of a word; each word is then
    given back to its slice, and so to its text, by where it starts. Only one batch of slices
    is held folded at a time: a large file (a site's ``data.json``) is not copied whole."""
    hashes: list[np.ndarray] = []
    per_text = np.zeros(len(texts), dtype=np.int64)  # how many words each text has
    group: list[str] = []  # slices, unescaped and case folded, to be hashed together
    owner: list[int] = []  # the text each of them is a slice of
    size = 0

    def hash_group() -> None:
        group_hashes, starts = _word_hashes("\x00".join(group))
        lengths = np.fromiter(map(len, group), dtype=np.int64, count=len(group)) + 1
        per_piece = np.bincount(np.searchsorted(np.cumsum(lengths) - lengths, starts, side="right") - 1,
                                minlength=len(group))
        np.add.at(per_text, np.asarray(owner, dtype=np.int64), per_piece)
        hashes.append(group_hashes)

    for i, text in enumerate(texts):
        for piece in _slices(text):
            folded = html.unescape(piece).casefold()
            if group and size + len(folded) > _BATCH_CHARS:
                hash_group()
                group, owner, size = [], [], 0
            group.append(folded)
            owner.append(i)
            size += len(folded) + 1
    if group:
        hash_group()
    words = np.concatenate(hashes) if hashes else _NO_HASHES
    hashes.clear()  # each batch's array freed before the stream is made with its gaps
    words_before_gap = np.cumsum(per_text)
    stream = np.insert(words, words_before_gap, _GAP_HASH_VALUE)
    return stream, words_before_gap + np.arange(len(texts))


def _stream_words(texts: Iterable[str]) -> list[str]:
    """The words whose hashes ``_stream_hashes`` gives for each of ``texts``, in the same places."""
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


class PackedTexts(Collection[str]):
    """Texts kept compressed, each unpacked when read: the generated pages' Markdown (31 million
    characters on the SEC Parties site at ten years of eight committees), held to the build's end
    but read only for the pages converted beside the build and to excuse a run of words found in
    the output (``LeakCheck``). Packing takes about 0.4 s there and keeps about a fifth."""

    def __init__(self, texts: Iterable[str] = ()) -> None:
        self._packed: list[bytes] = []
        for text in texts:
            self.append(text)

    def append(self, text: str) -> None:
        self._packed.append(zlib.compress(text.encode("utf-8"), 1))

    def __getitem__(self, i: int) -> str:
        return zlib.decompress(self._packed[i]).decode("utf-8")

    def __len__(self) -> int:
        return len(self._packed)

    def __iter__(self) -> Iterator[str]:
        return (self[i] for i in range(len(self._packed)))

    def __contains__(self, text: object) -> bool:
        return any(text == own for own in self)


def _as_read(texts: Iterable[str]) -> Iterator[str]:
    """Each text, and, where it holds what reads as a tag, the text as a file's is read: without
    it. Text shown as typed, ``any <b>other</b> business``, is text in a search index's JSON, which
    is read with its tags removed: 'any other business', which the text as typed did not excuse."""
    for text in texts:
        yield text
        if "<" in text:
            yield _without_tags(text)


class LeakCheck:
    """Needles from the withheld items, minus whatever the audience may legitimately read.

    ``allowed_text`` is what the audience may read, item by item: a needle found in it is
    dropped before the scan. ``composed_text`` is the generated pages, where templates join
    public fields into new phrases ("Security Sub-Committee (SSC)"): it may excuse a run of
    eight words found in the output, never a whole text or sentence."""

    def __init__(self, withheld: Iterable[Withheld], allowed_text: Iterable[str],
                 composed_text: Collection[str] = ()) -> None:
        self.items: list[Withheld] = []
        self._needles = _Needles()
        for item in withheld:
            origin = len(self.items)
            self.items.append(item)
            for text in item.texts:
                self._needles.add_text(origin, *needles_of(text))
        self._needles.freeze()
        self._needles.drop(np.fromiter(self._found_in(_as_read(allowed_text)), dtype=np.int64))
        self._composed = composed_text  # read again at each scan that finds anything (``PackedTexts``)

    @property
    def needle_count(self) -> int:
        return len(self._needles)

    def _found_in(self, texts: Iterable[str]) -> set[int]:
        """The needles occurring in any one of ``texts``."""
        found: set[int] = set()
        for batch in by_size(texts, _BATCH_CHARS, len):
            found.update(np.unique(self._needles.find(_stream_hashes(batch)[0])[0]).tolist())
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
        size = 0
        seen_tags: set[str] = set()

        def flush() -> None:
            texts = [text for _, file_texts_ in batch for text in file_texts_]
            stream, gaps = _stream_hashes(texts)
            index, pos = self._needles.find(stream)
            if len(index):
                # Where each file's words start: after the gap of the text before its first.
                firsts = np.cumsum([0] + [len(t) for _, t in batch[:-1]])
                starts = np.where(firsts > 0, gaps[np.maximum(firsts - 1, 0)] + 1, 0)
                files = np.searchsorted(starts, pos, side="right") - 1
                _, first = np.unique(files * len(self._needles) + index, return_index=True)
                words_of: dict[int, list[str]] = {}  # only a file with a hit is read as words again
                for j in first.tolist():
                    f = int(files[j])
                    if f not in words_of:
                        words_of[f] = _stream_words(batch[f][1])
                    at, needle = int(pos[j]) - int(starts[f]), int(index[j])
                    text = " ".join(words_of[f][at:at + int(self._needles.length[needle])])
                    hits.setdefault((batch[f][0], text), set()).add(needle)
            batch.clear()

        for rel, raw in files:
            texts = (rel, *_site_file_texts(Path(rel), raw, seen_tags))
            batch.append((rel, texts))
            size += sum(map(len, texts))
            if size >= _SCAN_CHARS:
                flush()
                size = 0
        if batch:
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
