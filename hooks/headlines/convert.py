"""The generated pages' Markdown converted to HTML on both cores: the build's and the companion's.

MkDocs converts every page (Python-Markdown, ``Page.render``) in its one thread, and that is
about half of what the build's own process does. Once the companion has rendered every page's
Markdown (``companion``), it converts pages too: from the last page backwards, while MkDocs
converts from the first page forwards. A board in memory both processes share says who
converts each page; each takes the next page only if the other has not, so the two meet
wherever the work divides evenly, on any machine, whatever else either has to do.

A page converted beside the build is converted as MkDocs converts it: ``Page.render`` itself,
with the build's configuration and files. What it makes comes back to the build: the HTML,
the table of contents, the title, the anchors, the links to other pages' anchors, and every
message it logged, which the build logs again as its own, so a strict build fails on a bad
link just the same. The build checks that the Markdown it would have converted is the
Markdown the companion converted (a digest); if another plugin changed it, the build
converts the page itself.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import multiprocessing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

BUILD, BESIDE = 1, 2
"""Who converts a page: the build (MkDocs's own thread) or the companion beside it."""

_LOG = logging.getLogger("mkdocs.structure.pages")  # where Page.render logs a bad link


class Board:
    """Who converts each generated page (by its place in the plan). Made before the companion
    is forked, so that both processes see the same memory."""

    def __init__(self, pages: int) -> None:
        self._owner = multiprocessing.RawArray("b", max(pages, 1))
        try:
            self._lock: Any = multiprocessing.Lock()
        except (OSError, ImportError):  # no shared semaphores here (no /dev/shm): MkDocs converts every page
            self._lock = None

    def claim(self, i: int, who: int) -> bool:
        """Whether ``who`` converts page ``i``: yes if nobody had it yet, or ``who`` had."""
        if self._lock is None:  # nothing to share the board with: the build converts every page
            if who == BUILD:
                self._owner[i] = BUILD
            return who == BUILD
        with self._lock:
            if self._owner[i] == 0:
                self._owner[i] = who
            return self._owner[i] == who

    def counts(self) -> tuple[int, int]:
        """Pages converted by the build, and beside it, so far."""
        owners = list(self._owner)
        return owners.count(BUILD), owners.count(BESIDE)


@dataclass
class Converted:
    """What ``Page.render`` made of one page's Markdown."""

    digest: bytes
    html: str
    toc: TableOfContents
    title: str | None
    anchors: set[str] | None
    links: dict[str, dict[str, str]] | None
    """Links to anchors in other pages: by the linked page's source path (files differ between processes)."""
    logged: list[tuple[int, str]]


def digest(markdown: str) -> bytes:
    return hashlib.blake2b(markdown.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def convert(file: File, markdown: str, config: MkDocsConfig, files: Files) -> Converted:
    """``markdown`` converted as MkDocs would convert it for ``file``: ``Page.render`` on a page
    made for the purpose (no ``Page()``: that would make it ``file``'s page)."""
    page = Page.__new__(Page)
    page.file, page.markdown = file, markdown
    page.links_to_anchors = None
    with _captured() as logged:
        Page.render(page, config, files)
    links = None
    if page.links_to_anchors is not None:
        links = {target.src_uri: dict(anchors) for target, anchors in page.links_to_anchors.items()}
    return Converted(digest(markdown), page.content or "", page.toc, page._title_from_render,
                     page.present_anchor_ids, links, logged)


@contextlib.contextmanager
def _captured() -> Iterator[list[tuple[int, str]]]:
    """What ``Page.render`` logs, kept (not shown) for the build to log as its own."""
    logged: list[tuple[int, str]] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            logged.append((record.levelno, record.getMessage()))

    handler, propagate = Keep(), _LOG.propagate
    _LOG.addHandler(handler)
    _LOG.propagate = False
    try:
        yield logged
    finally:
        _LOG.removeHandler(handler)
        _LOG.propagate = propagate


def take(page: Page, converted: Converted, files: Files) -> bool:
    """``page`` as if MkDocs had converted it: what the companion made of its Markdown, if that
    Markdown is the page's (else ``False``, and the build converts it)."""
    if page.markdown is None or converted.digest != digest(page.markdown):
        return False
    page.content, page.toc, page._title_from_render = converted.html, converted.toc, converted.title
    page.present_anchor_ids = converted.anchors
    if converted.links is not None:
        page.links_to_anchors = {}
        for src_uri, anchors in converted.links.items():
            target = files.get_file_from_path(src_uri)
            if target is not None:
                page.links_to_anchors[target] = anchors
    for level, message in converted.logged:
        _LOG.log(level, message)
    return True
