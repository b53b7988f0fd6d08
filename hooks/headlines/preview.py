"""The preview's fast path: an edited meeting or paper shown within a second or two.

``mkdocs serve`` rebuilds the whole site on every change, which takes a minute at archive
scale. Before that rebuild, the fast path re-reads only the changed document files,
redacts the archive for the audience, renders the changed documents' own pages through
the same templates, theme and hooks as a full build, leak-checks each page (against the
last build's withheld text, and the changed document's own text afresh) and writes it.
Browsers reload at once; the full rebuild then brings every other page (listings,
cross-references, the search index) up to date and reloads them again.

Anything the fast path cannot do exactly (a new, moved or deleted file; a change to the
committees, glossary or measures; a template, theme or configuration change; an error
in the file) is left to the full rebuild, which reports it as a build does.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.commands.build import _populate_page, get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkPage
from mkdocs.utils import write_file

from .classify import redact, resolve_labels, split_text
from .companion import Companion
from .errors import DataError
from .labels import Audience, Label
from .leakcheck import LeakCheck, words
from .loading import KINDS, Archive, _expected, _read_model, read_file
from .render import Renderer
from .schema import Meeting, Paper

log = logging.getLogger("mkdocs.plugins.headlines")


def data_mtimes(data_dir: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in data_dir.rglob("*") if p.is_file()}


@dataclass
class LastBuild:
    """What ``mkdocs serve`` keeps from its last good build."""

    site_dir: Path
    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: jinja2.Environment
    archive: Archive
    data_dir: Path
    mtimes: dict[Path, int]
    audience: Audience
    today: dt.date
    site: dict[str, Any]
    template_dir: Path
    bytecode_cache: jinja2.BytecodeCache | None
    checker: Companion
    """The last build's leak check, still running: its needles check the fast path's pages."""
    allowed_text: Callable[[], list[str]] = list
    """All the text the audience may read, worked out when first needed."""


def fast_update(last: LastBuild) -> list[str]:
    """Write the changed documents' pages; their URLs, or [] to leave it all to the full build."""
    now = data_mtimes(last.data_dir)
    if set(now) != set(last.mtimes):
        return []
    changed = [p for p, mtime in now.items() if mtime != last.mtimes[p]]
    places = [_expected(p, last.data_dir) for p in changed]
    if not changed or any(place is None for place in places):
        return []
    archive = dataclasses.replace(last.archive, meetings=dict(last.archive.meetings), papers=dict(last.archive.papers),
                                  sources=dict(last.archive.sources))
    errors: list[DataError] = []
    ids = set()
    for path, (kind, committee, year) in zip(changed, places):  # type: ignore[misc]
        read = _read_model(read_file(path, path.relative_to(last.data_dir.parent)), KINDS[kind], errors,
                           place=(committee, year))
        if read is None:
            return []
        source, doc = read
        previous = last.archive.sources.get(doc.id)
        if previous is None or Path(previous.path).name != path.name:
            return []  # a new or renamed ID: the full build checks it
        archive.sources[doc.id] = source
        (archive.meetings if isinstance(doc, Meeting) else archive.papers)[doc.id] = doc
        ids.add(doc.id)
    errors.extend(resolve_labels(archive))
    if errors:
        return []
    for doc_id in ids:  # an attachment's file named, renamed or relabelled: which site copies it is the full build's
        doc = archive.papers.get(doc_id)
        if isinstance(doc, Paper) and _files_of(doc) != _files_of(last.archive.papers[doc_id]):
            return []
    redaction = redact(archive, last.audience, last.today)
    docs = {d.id: d for d in redaction.archive.documents() if d.id in ids}
    if not docs:
        return []
    renderer = Renderer(redaction, last.template_dir, last.site, last.bytecode_cache)
    withheld, allowed = split_text(archive, last.audience, last.today, only=ids)
    fresh = LeakCheck(withheld, allowed, ())  # excused by the changed documents' own public text
    complete: LeakCheck | None = None  # excused by all public text: built only if ``fresh`` finds anything
    published = [f" {words(text)} " for text in allowed]
    written = []
    for doc in docs.values():
        page = renderer.document_page(doc)
        output = _html(last, page.src_uri, page.markdown())
        if output is None:
            return written
        rel, html = output
        # The last build's needles, except those of the changed documents' old text (theirs are
        # taken afresh) and text the changed documents now publish, as a full build excuses it.
        leaks = [leak for leak in last.checker.scan_files([(rel, html)])
                 if leak.where.split(".")[0].split(" ")[0] not in ids
                 and not any(f" {leak.text} " in text for text in published)]
        found = fresh.scan_files([(rel, html)])
        if found:  # perhaps public elsewhere in the archive: the slower, complete excusal decides
            complete = complete or LeakCheck(withheld, [*last.allowed_text(), *allowed], ())
            found = complete.scan_files([(rel, html)])
        leaks += found
        if leaks:
            for leak in leaks:
                log.error(f"Preview: {leak}")
            return written
        write_file(html, str(last.site_dir / rel))
        written.append(rel)
    return written


def _files_of(paper: Paper) -> list[tuple[str, Label | None]]:
    return [(a.file, a.classification) for a in paper.attachments if a.file is not None]


def _html(last: LastBuild, src_uri: str, markdown: str) -> tuple[str, bytes] | None:
    """One generated page through MkDocs, Material and the hooks, as a full build makes it."""
    old = last.files.get_file_from_path(src_uri)
    if old is None:
        return None
    file = File.generated(last.config, src_uri, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV)
    page = MkPage(None, file, last.config)
    files = Files([f for f in last.files if f.src_uri != src_uri] + [file])
    _populate_page(page, last.config, files)
    page.active = True
    try:
        context = get_context(last.nav, files.documentation_pages(), last.config, page)
        template = last.env.get_template(page.meta.get("template", "main.html"))
        context = last.config.plugins.on_page_context(context, page=page, config=last.config, nav=last.nav)
        output = template.render(context)
        output = last.config.plugins.on_post_page(output, page=page, config=last.config)
    finally:
        page.active = False
    return file.dest_uri, output.encode("utf-8", errors="xmlcharrefreplace")
