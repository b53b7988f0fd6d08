"""The search index: Pagefind, run over the built pages before the leak check reads them.

Pagefind splits its index into chunks by word and keeps each page's text in a fragment of
its own, so a browser fetches only the chunks for the words searched and the fragments of
the results it shows: the download stays small however large the archive grows. Only the
element marked ``data-pagefind-body`` (the article, see ``theme/overrides/main.html``) is
indexed; the classification banners are marked ``data-pagefind-ignore``.

Pagefind holds every page's words in memory until it writes its index (about 750 bytes for
each distinct word of each page: 1.34 GiB for the SEC Parties site at ten years of eight
committees). So it is run over parts of at most ``PART_PAGES`` pages, one after the other,
and ``merge`` joins their indexes into the one index Pagefind would have written for all the
pages at once: the same words, pages, positions and chunks, so search ranks as if the index
had been built whole.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import heapq
import html
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import groupby, pairwise
from pathlib import Path
from typing import Any

import cbor2

log = logging.getLogger("mkdocs.plugins.headlines")

BUNDLE = "pagefind"
PART_PAGES = 250
"""Pages per Pagefind run (``extra.headlines.search_part_pages``). Pagefind's memory and time
both grow with the pages of a run: 145 MB and 2.3 s for 250 pages of the SEC Parties site at
ten years of eight committees, 280 MB and 4.6 s for 500, so smaller parts cost memory, not time."""

FORMAT = "1.5.2"
"""The Pagefind whose files ``merge`` reads and writes (pinned in requirements.txt)."""

_SIGNATURE = b"pagefind_dcd"  # every index file: gzip of this and then CBOR (JSON for fragments)
_CHUNK_SIZE = 20000  # Pagefind closes a chunk of words once their page entries and positions reach this
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[1])  # where this package imports from
_BODY = re.compile(rb"<div data-pagefind-body[\s>]")  # as main.html writes it; text would be escaped


class IndexFormatError(RuntimeError):
    """A part's index is not in the format ``merge`` knows (``FORMAT``)."""


def indexed_pages(site_dir: Path) -> list[str]:
    """The pages that carry an article to index, as paths in the site, sorted."""
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")
                  if _BODY.search(p.read_bytes()))


def is_indexed(page: bytes) -> bool:
    """Whether a written page carries an article to index."""
    return _BODY.search(page) is not None


def article_page(content: str, title: str, lang: str, weight: float | None = None, label: str | None = None,
                 date: str | None = None, filters: list[list[str]] | None = None) -> str:
    """The page Pagefind is given for a page whose article is ``content``: what the theme puts
    in its ``data-pagefind-body`` (main.html, and Material's content partial: a heading of the
    page's title where the content has none; the title is HTML, as MkDocs gives it), on a
    site above WHITE the page's ``label`` as the result's ``classification`` and its Label
    filter, a document's ``date`` as the result's, and its ``filters`` ([name, value]). The
    rest of a written page is never indexed."""
    attributes = f' data-pagefind-meta="classification:{html.escape(label)}"' if label else ""
    attributes += f' data-pagefind-weight="{weight}"' if weight else ""
    dated = f'<span data-pagefind-meta="date:{html.escape(date)}"></span>' if date else ""
    for name, value in [*(filters or []), *([["Label", label]] if label else [])]:
        dated += f'<span data-pagefind-filter="{html.escape(name)}:{html.escape(value)}"></span>'
    heading = "" if "<h1" in content else f"<h1>{html.escape(html.unescape(title), quote=False)}</h1>"
    return (f'<!doctype html><html lang="{html.escape(lang)}"><head><meta charset="utf-8"></head><body>'
            f"<div data-pagefind-body{attributes}>{dated}{heading}{content}</div></body></html>")


class Indexer:
    """Pagefind fed page by page. A part's pages are written to a folder of their own as they
    come, and each part is indexed as soon as it is full, by a Pagefind process of its own, while
    the build goes on (during a build, pages come as MkDocs renders them: the index is mostly
    built by the time the pages are written). ``seal`` indexes the last part and joins the parts'
    indexes into one (``merge``), still in the background; ``finish`` puts the index in place.
    One Pagefind runs at a time, so memory stays that of one part's.

    ``on_part`` is told of each part's folder once Pagefind has written it (the leak check reads
    the pages' fragments there, before they are merged)."""

    def __init__(self, work_dir: Path, part_pages: int = PART_PAGES,
                 on_part: Callable[[Path], None] | None = None) -> None:
        self.part_pages = part_pages
        self.pages: list[str] = []
        """Every page fed, as its path in the site, in the order fed."""
        self._tmp = Path(tempfile.mkdtemp(prefix=".search-", dir=work_dir))
        self._pool = ThreadPoolExecutor(max_workers=1)
        self._runs: list[Future[None]] = []
        self._outputs: list[Path] = []
        self._in_part = 0
        self._on_part = on_part
        self._bundle: Future[int] | None = None

    def add(self, rel: str, html: str | bytes) -> None:
        """One page: its path in the site (which gives its URL) and its HTML."""
        target = self._tmp / f"pages-{len(self._outputs)}" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(html, str):
            target.write_text(html, encoding="utf-8")
        else:
            target.write_bytes(html)
        self.pages.append(rel)
        self._in_part += 1
        if self._in_part == self.part_pages:
            self._index_part(background=True)

    def _index_part(self, background: bool) -> None:
        source = self._tmp / f"pages-{len(self._outputs)}"
        source.mkdir(exist_ok=True)
        output = self._tmp / f"index-{len(self._outputs)}"
        self._outputs.append(output)
        self._in_part = 0
        self._runs.append(self._pool.submit(_index_part, source, output, background, self._on_part))

    def seal(self) -> None:
        """No more pages: index the last part, then merge the parts, in the background."""
        if self._bundle is None:
            if self._in_part or not self._outputs:
                self._index_part(background=False)
            self._bundle = self._pool.submit(self._merged)

    def _merged(self) -> int:
        for run in self._runs:
            run.result()
        if len(self._outputs) == 1:
            in_order(self._outputs[0])
            return 1
        # In a process of its own, so that the build's own process is free meanwhile.
        result = subprocess.run([sys.executable, "-m", "headlines.searchindex", str(self._tmp / BUNDLE),
                                 *map(str, self._outputs)], capture_output=True, text=True, check=False,
                                env={**os.environ, "PYTHONPATH": _PACKAGE_ROOT})
        if result.returncode != 0:
            raise RuntimeError(f"The parts' indexes were not merged:\n{result.stderr}".strip())
        return len(self._outputs)

    def finish(self, bundle: Path) -> int:
        """Write the index into ``bundle``; return the number of Pagefind runs. Raises
        RuntimeError with Pagefind's output, or the merge's, on failure."""
        try:
            self.seal()
            assert self._bundle is not None
            runs = self._bundle.result()
            os.replace(self._outputs[0] if runs == 1 else self._tmp / BUNDLE, bundle)
            return runs
        finally:
            self.close()

    def close(self) -> None:
        """Stop (a Pagefind run under way is let finish) and remove the parts."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(self._tmp, ignore_errors=True)


def _index_part(source: Path, output: Path, background: bool, on_part: Callable[[Path], None] | None) -> None:
    """One part indexed. Its pages are left in place till ``close``: removed here, a file at a
    time beside the build's thread as it wrote the next part's pages, they slowed each page it
    handed over (1 to 2 s of a public build at ten years of eight committees, A/B)."""
    started = time.perf_counter()
    _pagefind(source, output, background)
    log.debug(f"Search index: {output.name} written in {time.perf_counter() - started:.1f} s"
              f"{' (in the background)' if background else ''}")
    if on_part is not None:
        on_part(output)


def build_index(site_dir: Path, part_pages: int = PART_PAGES) -> int:
    """Index the finished pages under ``site_dir`` into ``site_dir/pagefind``; return the number
    of Pagefind runs (see ``Indexer``)."""
    site_dir = Path(site_dir).resolve()
    indexer = Indexer(site_dir.parent, part_pages)
    for rel in indexed_pages(site_dir):
        indexer.add(rel, (site_dir / rel).read_bytes())
    return indexer.finish(site_dir / BUNDLE)


def link_pages(site_dir: Path, pages: list[str], folder: Path) -> None:
    """A folder for Pagefind to index one part from: links to the part's pages, at the same paths
    as in the site, so that Pagefind gives them the same URLs (copies where links cannot be made)."""
    for rel in pages:
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site_dir / rel, target)
        except OSError:
            shutil.copy2(site_dir / rel, target)


@functools.cache
def _pagefind_binary() -> str:
    """The binary ``python -m pagefind`` would run (``PAGEFIND_BINARY_PATH``, else the wheel's),
    run directly: an interpreter's start-up less for every part."""
    from pagefind.service import get_executable

    binary = get_executable()
    if binary is None:
        raise RuntimeError("Pagefind's binary was not found: install requirements.txt (pagefind_bin)")
    return str(binary)


def _pagefind(source: Path, output: Path, background: bool = False) -> None:
    """Pagefind over the pages under ``source``. ``background``: on one thread, beside the build
    and its companion. (Not at a lower priority: the companion converts pages for as long as
    MkDocs has pages left, so a Pagefind that took only idle cores would wait till the pages
    were written, and the build would wait for it.)"""
    env = {**os.environ, "RAYON_NUM_THREADS": "1"} if background else None
    proc = subprocess.Popen([_pagefind_binary(), "--site", str(source), "--output-path", str(output),
                             "--exclude-selectors", ".headerlink", "--silent"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    stdout, stderr = proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"Pagefind failed ({proc.returncode}):\n{stdout}\n{stderr}".strip())


# Pagefind's files, as FORMAT writes them (lists are CBOR arrays):
#   pagefind-entry.json                 {"version", "languages": {lang: {"hash", "wasm", "page_count"}}, ...}
#   pagefind.<hash>.pf_meta             [version, pages: [[fragment, word count]], chunks: [[from, to, hash]],
#                                        filters: [[name, hash]], sorts, meta fields]
#   filter/<hash>.pf_filter             [name, values: [[value, pages: [page number]]]]
#   index/<hash>.pf_index               [words: [[word, pages, variants: [[form, pages]]]]],
#                                        a page: [page number less the one before, positions, positions
#                                        in its metadata: each field's as -(its place in the meta
#                                        fields, sorted, plus 1), then the word's places in it]
#   fragment/<hash>.pf_fragment         the page's text, URL and title, as JSON
# A page's number is its place in the meta's pages; everything else about a page is its own.

def read_file(path: Path) -> Any:
    """One of Pagefind's index files, decoded."""
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(_SIGNATURE):
        raise IndexFormatError(f"{path}: not a Pagefind index file")
    body = raw[len(_SIGNATURE):]
    return json.loads(body) if path.suffix == ".pf_fragment" else cbor2.loads(body)


def _encoded(value: Any) -> bytes:
    return gzip.compress(_SIGNATURE + cbor2.dumps(value), compresslevel=6, mtime=0)  # within 1% of Pagefind's size


def _name(lang: str, data: bytes, taken: set[str], length: int = 7) -> str:
    """A file name from a hash of ``data``, lengthened until no other file has it."""
    digest = hashlib.sha256(data).hexdigest()
    while f"{lang}_{digest[:length]}" in taken:
        length += 1
    return f"{lang}_{digest[:length]}"


class _Part:
    """One Pagefind run's output, checked against FORMAT."""

    def __init__(self, folder: Path, offset: int) -> None:
        self.folder = folder
        self.offset = offset  # its first page's number in the merged index
        self.entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        languages = self.entry.get("languages", {})
        if self.entry.get("version") != FORMAT or len(languages) != 1:
            raise IndexFormatError(f"{folder}: Pagefind {self.entry.get('version')} with languages "
                                   f"{sorted(languages)}; the merge reads Pagefind {FORMAT}'s index of one language")
        (self.lang, language), = languages.items()
        self.meta = read_file(folder / f"pagefind.{language['hash']}.pf_meta")
        if not (isinstance(self.meta, list) and len(self.meta) == 6 and self.meta[0] == FORMAT):
            raise IndexFormatError(f"{folder}: its pf_meta is not Pagefind {FORMAT}'s")
        if self.meta[4]:
            raise IndexFormatError(f"{folder}: Pagefind sorts are not merged; the pages have none")
        if self.meta[5] != sorted(self.meta[5]):
            raise IndexFormatError(f"{folder}: its meta fields {self.meta[5]} are not in order, as Pagefind {FORMAT} "
                                   "writes them")
        self.fields: dict[int, int] = {}
        """Its meta fields' markers to theirs in the merged index (``renumber_fields``)."""

    def renumber_fields(self, fields: list[str]) -> None:
        """A part holds only the meta fields its own pages have (a part without a dated page
        has no ``date``): its words' places in metadata are marked by field in the merged list."""
        self.fields = {-(i + 1): -(fields.index(field) + 1) for i, field in enumerate(self.meta[5])}

    def _pages(self, pages: list) -> list:
        if all(old == new for old, new in self.fields.items()):
            return pages
        return [[step, positions, [self.fields.get(n, n) if n < 0 else n for n in meta]]
                for step, positions, meta in pages]

    def filters(self) -> Iterator[tuple[str, str, list[int]]]:
        """Its filters' values, each with its pages, numbered as merged."""
        for name, file in self.meta[3]:
            found, values = read_file(self.folder / "filter" / f"{file}.pf_filter")
            if found != name:
                raise IndexFormatError(f"{self.folder}: filter {file} is {found!r}, not {name!r}")
            for value, pages in values:
                yield name, value, [self.offset + page for page in pages]

    def words(self) -> Iterator[tuple[str, int, list]]:
        """Its words in Pagefind's order, a chunk at a time, meta fields numbered as merged."""
        for _, _, chunk in self.meta[2]:
            for word, pages, variants in read_file(self.folder / "index" / f"{chunk}.pf_index")[0]:
                yield word, self.offset, [word, self._pages(pages), [[f, self._pages(v)] for f, v in variants]]


def _joined(lists: list[tuple[list, int]]) -> list:
    """One word's pages from each part, as one list. A page is numbered by how far it is from
    the one before it in the list (the first from 0), so only each part's first page needs a
    new number: from the last page before it in the merged list."""
    joined: list = []
    last = 0
    for pages, offset in lists:
        if pages:
            step, positions, meta = pages[0]
            joined.append([step + offset - last, positions, meta])
            joined += pages[1:]
            last = offset + sum(page[0] for page in pages)
    return joined


def _size(word: list) -> int:
    """What a word adds to its chunk: its pages and their positions (variant forms' pages are not
    counted, as Pagefind's own chunks show)."""
    return sum(len(positions) + len(meta) + 1 for _, positions, meta in word[1])


def merge(parts: list[Path], bundle: Path) -> None:
    """Join the indexes Pagefind wrote into ``parts`` (each over its own pages) into one index in
    ``bundle``, as Pagefind writes one: pages numbered in turn, each word's pages and variant
    forms joined, words in chunks by the rule Pagefind chunks by. The parts' fragments are moved,
    not copied."""
    loaded: list[_Part] = []
    for folder in parts:
        loaded.append(_Part(folder, sum(len(p.meta[1]) for p in loaded)))
    first = loaded[0]
    if {p.lang for p in loaded} != {first.lang}:
        raise IndexFormatError(f"the parts are in different languages: {sorted({p.lang for p in loaded})}")
    lang = first.lang
    meta_fields = sorted({field for part in loaded for field in part.meta[5]})
    for part in loaded:
        part.renumber_fields(meta_fields)
    bundle.mkdir(parents=True)
    # The interface, its WebAssembly and the language's stemmer: the same in every part.
    for item in first.folder.iterdir():
        if item.is_file() and item.suffix != ".pf_meta" and item.name != "pagefind-entry.json":
            shutil.copy2(item, bundle / item.name)

    # Fragments keep their names unless another part has one of the same name and other text.
    (bundle / "fragment").mkdir()
    pages = []
    for part in loaded:
        renamed: dict[str, str] = {}
        for name, word_count in part.meta[1]:
            if name not in renamed:
                source = part.folder / "fragment" / f"{name}.pf_fragment"
                target = bundle / "fragment" / source.name
                if target.exists() and target.read_bytes() != (data := source.read_bytes()):
                    taken = {p.stem for p in (bundle / "fragment").iterdir()}
                    target = target.with_name(f"{_name(lang, data, taken)}.pf_fragment")
                renamed[name] = target.stem
                os.replace(source, target)
            pages.append([renamed[name], word_count])

    (bundle / "index").mkdir()
    chunks: list[list[str]] = []  # [first word, last word, file]
    chunk: list[list] = []
    size = 0

    def close() -> None:
        data = _encoded([chunk])
        name = _name(lang, data, {c[2] for c in chunks})
        (bundle / "index" / f"{name}.pf_index").write_bytes(data)
        chunks.append([chunk[0][0], chunk[-1][0], name])

    # Each part lists its words in order: merging the lists keeps the order, a chunk at a time.
    merged = heapq.merge(*(part.words() for part in loaded), key=lambda item: (item[0], item[1]))
    for word, entries in groupby(merged, key=lambda item: item[0]):
        word_pages: list[tuple[list, int]] = []
        variants: dict[str, list[tuple[list, int]]] = {}
        for _, offset, (_, part_pages, part_variants) in entries:
            word_pages.append((part_pages, offset))
            for form, form_pages in part_variants:
                variants.setdefault(form, []).append((form_pages, offset))
        chunk.append([word, _joined(word_pages), [[form, _joined(lists)] for form, lists in variants.items()]])
        size += _size(chunk[-1])
        if size >= _CHUNK_SIZE:
            close()
            chunk, size = [], 0
    if chunk:
        close()

    # A chunk is searched for the words from its first to its last; between two chunks, each
    # bound is cut to the shortest prefix that still tells them apart (as Pagefind does).
    for before, after in pairwise(chunks):
        common = len(os.path.commonprefix([before[1], after[0]]))
        if before[1][:common + 1] >= before[0]:
            before[1] = before[1][:common + 1]
        after[0] = after[0][:common + 1]

    filter_files = _filters_written(bundle, lang, _filters_of(loaded))
    _meta_written(bundle, first, [FORMAT, pages, chunks, filter_files, [], meta_fields])


def _filters_of(parts: list[_Part]) -> dict[str, dict[str, list[int]]]:
    """The parts' filters: each value's pages, numbered as merged."""
    filters: dict[str, dict[str, list[int]]] = {}
    for part in parts:
        for name, value, numbers in part.filters():
            filters.setdefault(name, {}).setdefault(value, []).extend(numbers)
    return filters


def _filters_written(bundle: Path, lang: str, filters: dict[str, dict[str, list[int]]]) -> list[list[str]]:
    """Each filter's file in ``bundle``; its entries for the meta. Filters, values and each
    value's pages are sorted, as Pagefind's own order (a hash map's) is no order to repeat."""
    files: list[list[str]] = []
    if filters:
        (bundle / "filter").mkdir()
    for name, values in sorted(filters.items()):
        data = _encoded([name, [[value, sorted(numbers)] for value, numbers in sorted(values.items())]])
        file = _name(lang, data, {f for _, f in files})
        (bundle / "filter" / f"{file}.pf_filter").write_bytes(data)
        files.append([name, file])
    return files


def _meta_written(bundle: Path, first: _Part, meta_value: list) -> None:
    """The meta file, named by its hash, and the entry that names it."""
    meta = _encoded(meta_value)
    meta_name = _name(first.lang, meta, set(), length=10)
    (bundle / f"pagefind.{meta_name}.pf_meta").write_bytes(meta)
    entry = dict(first.entry)
    entry["languages"] = {first.lang: {**first.entry["languages"][first.lang], "hash": meta_name,
                                       "page_count": len(meta_value[1])}}
    (bundle / "pagefind-entry.json").write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                                                encoding="utf-8")


def in_order(folder: Path) -> None:
    """One Pagefind run's index, its filters put in order as ``merge`` writes them: Pagefind
    lists filters and values in a hash map's order, which differs from run to run, and the same
    pages must give the same files."""
    part = _Part(folder, 0)
    if not part.meta[3]:
        return
    filters = _filters_of([part])
    shutil.rmtree(folder / "filter")
    (folder / f"pagefind.{part.entry['languages'][part.lang]['hash']}.pf_meta").unlink()
    _meta_written(folder, part, [*part.meta[:3], _filters_written(folder, part.lang, filters), *part.meta[4:]])


def main(argv: list[str]) -> int:
    """``python -m headlines.searchindex BUNDLE PART...``: ``merge``, run by ``Indexer``."""
    bundle, *parts = argv
    try:
        merge([Path(p) for p in parts], Path(bundle))
    except (OSError, IndexFormatError) as exc:
        print(exc, file=sys.stderr)
        return 1
    except (ValueError, TypeError, KeyError, IndexError) as exc:  # a shape other than FORMAT's
        print(f"{type(exc).__name__}: {exc}; the merge reads Pagefind {FORMAT}'s index", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
