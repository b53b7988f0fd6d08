"""The search index: Pagefind, run over the built pages before the leak check reads them.

Pagefind splits its index into chunks by word and keeps each page's text in a fragment of
its own, so a browser fetches only the chunks for the words searched and the fragments of
the results it shows: the download stays small however large the archive grows. Only the
element marked ``data-pagefind-body`` (the article, see ``theme/overrides/main.html``) is
indexed; the classification banners are marked ``data-pagefind-ignore``.

Pagefind holds every page's words in memory while it builds (about half a megabyte for a
long meeting page). Where that is too much, ``extra.headlines.search_part_pages`` has the
index built in parts of at most that many pages (see ``parts_of``), one after the other, at
a cost to search (see ``PART_PAGES``): ``pagefind/`` holds the first part and the search
interface, ``pagefind/part-N/`` the others, and ``pagefind/parts.json`` lists them for the
search page, which merges them into one list of results (Pagefind's ``mergeIndex``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BUNDLE = "pagefind"
PARTS_FILE = "parts.json"
PART_PAGES: int | None = None
"""By default the index is built whole: merged parts search worse than one index. Where a part
has no word beginning with a query's word, Pagefind falls back in that part to the longest
word the query's word begins with, so a rare word or an ID brings back unrelated pages from
every part that lacks it. At ten years of eight committees in parts of 500 pages, a word on
two pages gave 1,359 results (2 whole), and 6 of 30 sampled IDs found their own page first
(30 of 30 whole)."""

_BODY = re.compile(rb"<div data-pagefind-body[\s>]")  # as main.html writes it; text would be escaped


def indexed_pages(site_dir: Path) -> list[str]:
    """The pages that carry an article to index, as paths in the site, sorted."""
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")
                  if _BODY.search(p.read_bytes()))


def parts_of(pages: list[str], part_pages: int) -> list[list[str]]:
    """``pages`` dealt into parts of at most ``part_pages``, like cards: page i to part i mod k.

    Each part is then a fair sample of the whole site (meetings, papers and listings, every
    committee and year), so the statistics each part ranks by (how many of its pages hold a
    common word) are much like the others'. A rare word is in few parts, and each of the others
    answers it with the longest word of its own that the rare word begins with (see
    ``PART_PAGES``)."""
    count = max(1, -(-len(pages) // part_pages))
    return [pages[i::count] for i in range(count)]


def build_index(site_dir: Path, part_pages: int | None = PART_PAGES) -> int:
    """Write the index into ``site_dir/pagefind``; return the number of parts. Raises
    RuntimeError with Pagefind's output on failure."""
    site_dir = Path(site_dir).resolve()
    pages = indexed_pages(site_dir)
    parts = parts_of(pages, part_pages or max(1, len(pages)))
    bundle = site_dir / BUNDLE
    names = [f"part-{i}/" for i in range(1, len(parts))]
    for i, part in enumerate(parts):
        output = bundle if i == 0 else bundle / names[i - 1]
        # Each part is indexed from a folder of links to its own pages, at the same paths as in
        # the site, so that Pagefind gives them the same URLs.
        with tempfile.TemporaryDirectory(prefix=".search-part-", dir=site_dir.parent) as tmp:
            for rel in part:
                target = Path(tmp) / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(site_dir / rel, target)
                except OSError:
                    shutil.copy2(site_dir / rel, target)
            _pagefind(Path(tmp) if part else site_dir, output)
    (bundle / PARTS_FILE).write_text(json.dumps({"parts": names}) + "\n", encoding="utf-8")
    return len(parts)


def _pagefind(source: Path, output: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(source), "--output-path", str(output),
                             "--exclude-selectors", ".headerlink", "--silent"], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"Pagefind failed ({result.returncode}):\n{result.stdout}\n{result.stderr}".strip())
