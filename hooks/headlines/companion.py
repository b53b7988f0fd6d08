"""The build's companion: a process beside the MkDocs build that renders the pages MkDocs
reads, converts some of them, then checks every file MkDocs writes.

MkDocs converts pages one at a time, in one thread. Forked at on_files (``workers``), with
the audience's redacted archive and the plan of every page, the companion renders the pages
in the order MkDocs reads them and hands each over as it is done, so MkDocs starts on the
first page at once and never waits while the second core renders the rest. Then it makes
the data files and the leak check's needles, and converts pages' Markdown to HTML from the
last page backwards while MkDocs converts from the first (``convert``). From the first
written page on it reads every file the build writes (``sitecheck``).

Where no process can be forked, the same work is done in the build's own process, in turn.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel, set_exclusions
from mkdocs.structure.pages import Page
from mkdocs.utils import meta as md_meta

from . import convert
from .classify import Withheld
from .leakcheck import Leak, PackedTexts
from .render import Abbreviations, Planned
from .sitecheck import OutputCheck, Report
from .workers import Worker, WorkerError

Needles = Callable[[], tuple[list[Withheld], list[str], list[tuple[bytes, Withheld]], list[bytes]]]
"""What the leak check looks for (the withheld text, and the digests of the files the site may
not hold, each with what it is), the text that excuses it, and the digests of the sealed
attachments' files the site shows (``sitecheck.OutputCheck``)."""


class RenderError(RuntimeError):
    """A page's template, or its conversion beside the build, failed: which page, and how."""


@contextlib.contextmanager
def _naming(src_uri: str) -> Iterator[None]:
    """A failure while a page is rendered or converted, as a ``RenderError`` naming the page."""
    try:
        yield
    except Exception as exc:  # noqa: BLE001 - the build reports it, naming the page
        raise RenderError(f"{src_uri}: {type(exc).__name__}: {exc}") from exc


class _Work:
    """The companion's side: render the plan, convert what the build has not, then check the output."""

    def __init__(self, plan: list[Planned], data_files: dict[str, Callable[[], bytes]], needles: Needles,
                 abbreviations: Abbreviations, dump: Path | None, board: convert.Board, config: MkDocsConfig,
                 files: Files) -> None:
        self.plan, self.data_files, self.needles = plan, data_files, needles
        self.abbreviations, self.dump = abbreviations, dump
        self.board, self.config, self.files = board, config, files
        self.check: OutputCheck | None = None

    def handle(self, message: tuple) -> object:
        if message[0] == "render":
            return self._render()
        assert self.check is not None, "the pages are rendered first"
        return self.check.handle(message)

    def idle(self) -> bool:
        return self.check is not None and self.check.idle()

    def _render(self) -> Iterator[tuple[object, object]]:
        """Each answer is a key and a value: a page's Markdown (its place in the plan), a data
        file's bytes (after the pages), a page's HTML (``("html", place)``), and at the end ``"end"``."""
        composed = PackedTexts()  # kept to the end, read seldom
        for i, planned in enumerate(self.plan):
            with _naming(planned.src_uri):
                markdown = planned.make().markdown()
            composed.append(markdown)
            if self.dump is not None:  # benchmarks: the same pages, for plain MkDocs to build
                target = self.dump / planned.src_uri
                target.parent.mkdir(parents=True, exist_ok=True)
                body = md_meta.get_data(markdown)[0]  # the definitions as the build adds them, for its body
                target.write_text(markdown + self.abbreviations.for_page(body), encoding="utf-8")
            yield i, markdown
        data = {name: make() for name, make in self.data_files.items()}
        for j, raw in enumerate(data.values()):
            yield len(self.plan) + j, raw
        # Then pages converted, from the last, until MkDocs has the next one itself.
        set_exclusions(self.files, self.config)  # as MkDocs does after on_files; links to data files need it
        for i in reversed(range(len(self.plan))):
            if not self.board.claim(i, convert.BESIDE):
                break
            src_uri = self.plan[i].src_uri
            body, _ = md_meta.get_data(composed[i])  # as Page.read_source; the build's page_markdown adds:
            file = self.files.get_file_from_path(src_uri)
            assert file is not None
            with _naming(src_uri):
                converted = convert.convert(file, body + self.abbreviations.for_page(body), self.config, self.files)
            yield ("html", i), converted
        yield "end", None
        # The leak check's needles last: MkDocs has what it needs from here, and the files it
        # writes meanwhile wait in the pipe to be read.
        withheld, allowed, files, published = self.needles()
        self.check = OutputCheck(withheld, allowed, composed, files, published)
        for name, raw in data.items():
            self.check.take(name, raw)


class Companion:
    """The build's side of the companion (see the module's docstring)."""

    def __init__(self, plan: list[Planned], data_files: dict[str, Callable[[], bytes]], needles: Needles,
                 config: MkDocsConfig, files: Files, abbreviations: Abbreviations = Abbreviations(()),
                 dump: Path | None = None) -> None:
        """Adds to ``files`` the planned pages and the data files, whose content comes when
        MkDocs reads it, then starts the companion. ``needles``: what the leak check looks for
        and the text that excuses it, worked out in the companion (``classify.split_text``);
        ``abbreviations``: what ``plugin.page_markdown`` adds to each page's Markdown."""
        self.plan = plan
        self.data_names = list(data_files)
        self._taken: dict[object, object] = {}  # answers not yet used by MkDocs
        self._ended = False
        self._place: dict[str, tuple[int, File]] = {}
        for i, planned in enumerate(plan):
            file = _Rendered.generated(config, planned.src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV)
            file.later(lambda i=i: self.content(i))
            files.append(file)
            self._place[planned.src_uri] = (i, file)
        for j, name in enumerate(self.data_names):
            file = _Rendered.generated(config, name, content=b"")
            file.later(lambda j=j: self.content(len(plan) + j))
            files.append(file)
        self.board = convert.Board(len(plan))  # before the fork: shared with the companion
        board = self.board
        self._worker = Worker(lambda: _Work(plan, data_files, needles, abbreviations, dump, board, config, files))
        self._worker.send(("render",))

    def content(self, i: int) -> str | bytes:
        """The ``i``-th rendered content (pages first, then data files), waiting for it."""
        return self._answer(i)  # type: ignore[return-value]

    def convert_later(self, page: Page) -> None:
        """A generated page MkDocs is about to convert: it converts it itself unless the
        companion has taken it, in which case it waits for the companion's HTML (``convert``)."""
        place = self._place.get(page.file.src_uri)
        if place is None or place[1] is not page.file:
            return
        i = place[0]

        def render(config: MkDocsConfig, files: Files) -> None:
            del page.render  # back to Page.render
            if self.board.claim(i, convert.BUILD) or not convert.take(page, self._answer(("html", i)), files):
                page.render(config, files)

        page.render = render  # type: ignore[method-assign]

    def _answer(self, key: object) -> object:
        try:
            while key not in self._taken:
                self._take()
        except WorkerError as exc:
            self.close()
            raise PluginError(f"A page was not rendered: {failure(exc)}") from None
        return self._taken.pop(key)

    def _take(self) -> None:
        if self._ended:
            raise IndexError("every rendered content is taken")
        key, value = self._worker.answer()
        if key == "end":
            self._ended = True
        else:
            self._taken[key] = value

    def written(self, site_dir: Path, rels: list[str]) -> None:
        """Files now written (paths in the site): the companion reads them."""
        self._worker.send(("written", str(site_dir), rels))

    def walk(self, root: Path, under: str | None = None, skip: str | None = None, alias: str | None = None) -> None:
        """The companion reads every file under ``root`` (or its folder ``under``, not its folder
        ``skip``) that it has not read as it now is: the site, or with ``alias`` a folder whose
        files will be moved into the site under that path (``OutputCheck``)."""
        self._worker.send(("walk", str(root), under, skip, alias))

    def report(self, fed: list[str] | None = None) -> Report:
        """Once everything is written and walked: what the files held (``OutputCheck``)."""
        while not self._ended:  # contents MkDocs never read
            self._take()
        self._taken.clear()
        return self._worker.ask(("report", fed))

    def scan_files(self, files: list[tuple[str, bytes]]) -> list[Leak]:
        """Files outside the site (the preview's pages), checked now: ``LeakCheck.scan_files``."""
        return self._worker.ask(("scan", files))

    def close(self) -> None:
        self._worker.close()


class _Rendered(File):
    """A generated file whose content the companion renders: fetched when MkDocs first reads it."""

    _fetch: Callable[[], str | bytes] | None = None

    def later(self, fetch: Callable[[], str | bytes]) -> None:
        self._fetch = fetch

    @property  # type: ignore[override]
    def _content(self) -> str | bytes | None:
        if self._fetch is not None:
            fetch, self._fetch = self._fetch, None
            self._value = fetch()
        return self._value

    @_content.setter
    def _content(self, value: str | bytes | None) -> None:
        self._fetch = None
        self._value = value


def failure(exc: Exception) -> str:
    """What a failed companion said, in one line: the last line of its traceback, without the
    exception's module (``RenderError: meetings/...: UndefinedError: ...``)."""
    lines = [line for line in str(exc).strip().splitlines() if line.strip()]
    last = lines[-1] if lines else str(exc)
    name, sep, rest = last.partition(": ")
    return f"{name.rsplit('.', 1)[-1]}: {rest}" if sep else last
