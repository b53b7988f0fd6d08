"""The build's companion: a process beside the MkDocs build that renders the pages MkDocs
reads, then checks every file MkDocs writes.

MkDocs converts pages one at a time, in one thread. Forked at on_files (``workers``), with
the audience's redacted archive and the plan of every page, the companion renders the pages
in the order MkDocs reads them and hands each over as it is done, so MkDocs starts on the
first page at once and never waits while the second core renders the rest. Then it makes
the leak check's needles and reads the data files, and from the first written page on it
reads every file the build writes (``sitecheck``).

Where no process can be forked, the same work is done in the build's own process, in turn.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from .classify import Withheld
from .leakcheck import Leak
from .render import Planned
from .sitecheck import OutputCheck, Report
from .workers import Worker, WorkerError

Needles = Callable[[], tuple[list[Withheld], list[str]]]


class RenderError(RuntimeError):
    """A page's template failed: which page, and how."""


class _Work:
    """The companion's side: render the plan, then check the output."""

    def __init__(self, plan: list[Planned], data_files: dict[str, Callable[[], bytes]], needles: Needles,
                 abbreviations: str, dump: Path | None) -> None:
        self.plan, self.data_files, self.needles = plan, data_files, needles
        self.abbreviations, self.dump = abbreviations, dump
        self.check: OutputCheck | None = None

    def handle(self, message: tuple) -> object:
        if message[0] == "render":
            return self._render()
        assert self.check is not None, "the pages are rendered first"
        return self.check.handle(message)

    def idle(self) -> bool:
        return self.check is not None and self.check.idle()

    def _render(self) -> Iterator[str | bytes]:
        composed: list[str] = []
        for planned in self.plan:
            try:
                markdown = planned.make().markdown()
            except Exception as exc:  # noqa: BLE001 - the build reports it, naming the page
                raise RenderError(f"{planned.src_uri}: {type(exc).__name__}: {exc}") from exc
            composed.append(markdown)
            if self.dump is not None:  # benchmarks: the same pages, for plain MkDocs to build
                target = self.dump / planned.src_uri
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(markdown + self.abbreviations, encoding="utf-8")
            yield markdown
        data = {name: make() for name, make in self.data_files.items()}
        yield from data.values()
        # The leak check's needles now, while MkDocs is still converting the pages.
        self.check = OutputCheck(*self.needles(), composed)
        for name, raw in data.items():
            self.check.take(name, raw)


class Companion:
    """The build's side of the companion (see the module's docstring)."""

    def __init__(self, plan: list[Planned], data_files: dict[str, Callable[[], bytes]], needles: Needles,
                 abbreviations: str = "", dump: Path | None = None) -> None:
        """``needles``: what the leak check looks for and the text that excuses it, worked out
        in the companion (``classify.split_text``)."""
        self.plan = plan
        self.data_names = list(data_files)
        self._due = len(plan) + len(data_files)  # rendered contents still to come
        self._arrived = 0
        self._taken: dict[int, str | bytes] = {}  # rendered, not yet read by MkDocs
        self._worker = Worker(lambda: _Work(plan, data_files, needles, abbreviations, dump))
        self._worker.send(("render",))

    def files(self, config: MkDocsConfig) -> list[File]:
        """The planned pages and the data files, as MkDocs files whose content comes when read."""
        out = []
        for i, planned in enumerate(self.plan):
            out.append(_Rendered.generated(config, planned.src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV))
            out[-1].later(lambda i=i: self.content(i))
        for j, name in enumerate(self.data_names):
            out.append(_Rendered.generated(config, name, content=b""))
            out[-1].later(lambda j=j: self.content(len(self.plan) + j))
        return out

    def content(self, i: int) -> str | bytes:
        """The ``i``-th rendered content (pages first, then data files), waiting for it."""
        try:
            while i not in self._taken:
                self._take()
        except WorkerError as exc:
            self.close()
            raise PluginError(f"A page was not rendered: {failure(exc)}") from None
        return self._taken.pop(i)

    def _take(self) -> None:
        if self._due == 0:
            raise IndexError("every rendered content is taken")
        self._taken[self._arrived] = self._worker.answer()
        self._arrived += 1
        self._due -= 1

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
        while self._due:  # contents MkDocs never read
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
