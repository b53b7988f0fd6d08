"""What a change publishes: each audience's pages as the data stood at a git revision, and as
it stands now, compared page by page.

For a reviewer: which pages a change adds to each site, takes off it, or changes, and how,
as the Markdown the build turns into HTML (each page already redacted for its audience, so
nothing above that audience's ceiling is in its part of the report). The data, the
hand-written pages and the page templates are taken from the revision; the code is today's.
Where the revision's templates do not render with today's code, both sides use today's and
the report says so, as it says when the code itself has changed (what that does is not shown).
"""

from __future__ import annotations

import datetime as dt
import difflib
import filecmp
import hashlib
import subprocess
import tempfile
import traceback
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from . import handwritten
from .autolink import page_url
from .classify import Withheld, page_label, redact
from .declassify import extract
from .errors import DataErrors
from .labels import Audience, Label
from .leakcheck import Leak, LeakCheck
from .loading import Archive, load_archive
from .plugin import text_split
from .register import default_as_of
from .render import Renderer, chips_as_words, file_size, paper_src

DOCUMENT_PAGES = ("meetings/", "papers/")
DIFF_LINES = 40
"""Lines of diff shown for each page, unless the whole is asked for."""


@dataclass
class Shown:
    """One page as an audience reads it: its title, label and Markdown. (For a file the site
    holds: what it is, its label, and a digest of its bytes.)"""

    title: str
    label: Label
    text: str
    size: str = ""
    """A file's size, as the page gives it ('14 bytes'); nothing for a page."""
    doc_id: str = ""
    """The ID of the meeting or paper the page shows; nothing for other pages and files."""


@dataclass
class Changes:
    """One audience's pages (or files) compared: added, gone and changed, by source path."""

    audience: Audience
    added: dict[str, Shown] = field(default_factory=dict)
    gone: dict[str, Shown] = field(default_factory=dict)
    changed: dict[str, tuple[Shown, Shown]] = field(default_factory=dict)
    files: Changes | None = None
    """The attachments' files compared, by their paths in the site (their ``text``: a digest)."""

    def __bool__(self) -> bool:
        return bool(self.added or self.gone or self.changed or self.files)


def generated_pages(archive: Archive, audience: Audience, today: dt.date, site: dict[str, Any],
                    template_dir: Path) -> tuple[dict[str, Shown], dict[str, Shown]]:
    """Every page the hooks generate for ``audience`` from ``archive``, and every attachment's
    file its site holds (its title naming the attachment, its kind and size; its text a digest
    of its bytes)."""
    redaction = redact(archive, audience, today)
    site = {**site, "as_of": site.get("as_of") or default_as_of(redaction.archive), "updated": {}}
    renderer = Renderer(redaction, template_dir, site)
    # A label's chip as it reads, ' (GREEN)', not as the HTML that shows it: for the reviewer.
    pages = {page.src_uri: Shown(page.title, page.label, chips_as_words(page.body),
                                 doc_id=renderer.document_id(page.src_uri)) for page in renderer.pages()}
    files = {}
    view = redaction.archive
    for paper in view.papers.values():
        for attachment in paper.attachments:
            attached = view.files.get((paper.id, attachment.file)) if attachment.file else None
            if attached is not None:
                files[attached.site_path(paper_src(paper))] = Shown(
                    f"{attachment.id} of {paper.id}, {attached.kind}",
                    attachment.classification or paper.classification, _sha256(attached.path), file_size(attached.size))
    for path, (old, year, doc) in renderer.former_addresses().items():  # each leads to its document's page
        body = renderer.redirect_page(doc, old, year, "")
        files[path] = Shown(f"{old}'s old address, leading to the page of {doc.id}", page_label(doc, audience.ceiling),
                            hashlib.sha256(body).hexdigest(), file_size(len(body)))
    return pages, files


def _sha256(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def hand_written_pages(content: Path, audience: Audience, config: Mapping[str, Any]) -> tuple[
        dict[str, Shown], list[Withheld], dict[str, Shown]]:
    """The hand-written pages ``audience`` is shown, the text of those it is not (as in the
    build, the leak check looks for it), and the files beside them it is shown (each takes the
    label of the pages listing it, as in the build). A page whose label does not read is shown
    to no one, nor is a file no page lists (the build refuses both). ``config``: the site's,
    whose exclusions the folder is read with."""
    found = handwritten.read(handwritten.entries(config, content), content)
    shown: dict[str, Shown] = {}
    hidden: list[Withheld] = []
    for page in found.pages:
        if page.label is not None and page.label <= audience.ceiling:
            shown[page.src] = Shown(page.title, page.label, page.body)
        else:
            hidden.append(Withheld(f"hand-written page {page.src}", page.label or Label.RED, (page.body,)))
    files = {listed.src: Shown(f"a file listed by {listed.page}", listed.label, _sha256(listed.path),
                               file_size(listed.path.stat().st_size))
             for listed in sorted(found.files, key=lambda listed: listed.src) if listed.label <= audience.ceiling}
    return shown, hidden, files


def compare(audience: Audience, before: dict[str, Shown], after: dict[str, Shown]) -> Changes:
    changes = Changes(audience)
    # The meetings' and papers' own pages first, then the pages that list or draw on them.
    for src in sorted(before.keys() | after.keys(), key=lambda src: (not src.startswith(DOCUMENT_PAGES), src)):
        old, new = before.get(src), after.get(src)
        if old is None and new is not None:
            changes.added[src] = new
        elif new is None and old is not None:
            changes.gone[src] = old
        elif old is not None and new is not None and (old.text, old.label, old.title) != (new.text, new.label, new.title):
            changes.changed[src] = (old, new)
    return changes


def _diff(old: str, new: str, limit: int | None) -> list[str]:
    lines = [line for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=1)
             if not line.startswith(("---", "+++"))]
    if limit is not None and len(lines) > limit:
        more = len(lines) - limit
        lines = [*lines[:limit], f"… and {more} more line{'s' if more != 1 else ''} (--full shows them)"]
    return lines


def _counts(changes: Changes) -> str:
    """"1 new page, 2 pages changed, 1 file gone": the counts that are not nought."""
    def things(n: int, what: str) -> str:
        return f"{n} {what}{'s' if n != 1 else ''}"
    parts = []
    for kind, found in (("page", changes), ("file", changes.files)):
        if found is not None:
            parts += [things(len(found.added), f"new {kind}") if found.added else "",
                      f"{things(len(found.changed), kind)} changed" if found.changed else "",
                      f"{things(len(found.gone), kind)} gone" if found.gone else ""]
    return ", ".join(p for p in parts if p) + "."


def _quoted(notes: list[str]) -> list[str]:
    """Notes as a Markdown quote, a paragraph each, and a blank line after; nothing for none."""
    lines = [line for note in notes for line in (f"> {note}", ">")]
    return [*lines[:-1], ""] if lines else []


def section(changes: Changes, limit: int | None = DIFF_LINES, notes: list[str] | None = None) -> str:
    """One site's part of the report, as Markdown: any notes on how its pages were rendered,
    its counts, then a diff per page."""
    audience = changes.audience
    shown = "WHITE only" if audience.ceiling == Label.WHITE else "WHITE and GREEN"
    out = [f"## {audience.name} site ({shown})", "", *_quoted(notes or [])]
    if not changes:
        return "\n".join([*out, "No page changes.", ""])
    out += [_counts(changes), ""]
    for src, page in changes.added.items():
        out += [f"### New: {page.title} ({page.label.display}), `{src}`", "", "```diff",
                *_diff("", page.text, limit), "```", ""]
    for src, (old, new) in changes.changed.items():
        label = new.label.display if old.label == new.label else f"{old.label.display} to {new.label.display}"
        title = new.title if old.title == new.title else f"{new.title} (was {old.title})"
        out += [f"### Changed: {title} ({label}), `{src}`", "", "```diff", *_diff(old.text, new.text, limit),
                "```", ""]
    # A document's page gone while another's is new may be one document given a new ID without
    # its old one in 'formerly', or one whose date moved to another year: its old address would
    # then lead nowhere.
    renamed = any(src.startswith(DOCUMENT_PAGES) for src in changes.added)
    moved = {page.doc_id: src for src, page in changes.added.items() if page.doc_id}
    leading_on = set(changes.files.added) if changes.files else set()  # the pages at former addresses
    for src, page in changes.gone.items():
        out += [f"### Gone: {page.title} ({page.label.display}), `{src}`", ""]
        if not renamed or not src.startswith(DOCUMENT_PAGES) or page_url(src) + "index.html" in leading_on:
            continue
        if page.doc_id in moved:
            year = src.split("/")[2]
            out += [f"Its page is now at `{moved[page.doc_id]}`, its date in another year. Add "
                    f"`{{id: {page.doc_id}, year: {year}}}` to its `formerly`, so that links and bookmarks to "
                    "this page lead to it.", ""]
        else:
            out += ["If its document has a new ID, list the old one in the document's `formerly` "
                    "(`headlines rename` does), so that links and bookmarks to this page lead to it.", ""]
    files = changes.files or Changes(audience)
    for src, file in files.added.items():
        out += [f"### New file: {file.title}, {file.size} ({file.label.display}), `{src}`", ""]
    for src, (old, new) in files.changed.items():
        what = "another file" if old.text != new.text else "the same file"
        label = new.label.display if old.label == new.label else f"{old.label.display} to {new.label.display}"
        out += [f"### Changed file: {new.title}, {new.size} ({label}), `{src}`: {what}, was {old.size}", ""]
    for src, file in files.gone.items():
        out += [f"### Gone file: {file.title}, {file.size} ({file.label.display}), `{src}`", ""]
    return "\n".join(out)


def report(rev: str, sections: list[str], notes: list[str] | None = None) -> str:
    """The whole report: its title, any notes on how it was made, each site's part."""
    return "\n".join([f"# What this change publishes, compared with {rev}", "", *_quoted(notes or []),
                      *sections]).rstrip() + "\n"


def leaks_in(text: str, audience: Audience, archives: list[Archive], today: dt.date,
             pages: list[str], hidden: list[Withheld]) -> list[Leak]:
    """The leak check over one site's part of the report, with the needles of the data both
    as it was and as it is: the part is what a reviewer may pass on to that site's readers.
    A text withheld in one and published in the other (declassified, or raised) is no needle:
    the report shows it as that site showed it."""
    withheld, allowed = list(hidden), []
    for archive in archives:
        more, also = text_split(archive, audience, today)
        withheld += more
        allowed += also
    published = set(allowed)
    withheld = [Withheld(w.where, w.label, texts) for w in withheld
                if (texts := tuple(t for t in w.texts if t not in published))]
    return LeakCheck(withheld, allowed, pages).scan_files([(f"the report's {audience.name} part", text.encode())])


@dataclass
class Site:
    """One audience's site, as far as the comparison needs it."""

    audience: Audience
    settings: dict[str, Any]  # what the templates know of the site (``plugin.site_settings``)
    templates: Path
    content: str  # the hand-written pages' folder, relative to the project
    config: Mapping[str, Any]  # the site's MkDocs configuration: how its folder is read (its exclusions)


@dataclass
class Compared:
    """The report's parts, one per site, each with what the leak check found in it, and notes
    on the whole (they name folders, never data)."""

    parts: list[tuple[str, list[Leak]]]
    notes: list[str]


CODE = "hooks"
"""The code's folder: when it differs from the revision's, the report says it shows not what
that does."""


def _same_tree(a: Path, b: Path) -> bool:
    """Whether two folders hold the same files with the same bytes."""
    files = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    if files != {p.relative_to(b) for p in b.rglob("*") if p.is_file()}:
        return False
    return all(filecmp.cmp(a / f, b / f, shallow=False) for f in files)


def _code_changed(root: Path, rev: str) -> bool:
    if not (root / CODE).is_dir():
        return False
    found = subprocess.run(["git", "diff", "--quiet", rev, "--", CODE], cwd=root, capture_output=True, timeout=120)
    return found.returncode != 0


def changes_since(root: Path, rev: str, archive: Archive, sites: list[Site], today: dt.date,
                  limit: int | None = DIFF_LINES) -> Compared | None:
    """Each site's pages at ``rev`` and now, compared: its part of the report, and what the
    leak check finds in it. None when ``rev`` had no data. Raises ``ValueError`` when git
    cannot read ``rev`` or its data does not load."""
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        if not extract(root, rev, "data", base):
            return None
        try:
            base_archive = load_archive(base / "data", as_read=True)  # as it was published
        except DataErrors as exc:
            count = len(exc.errors)
            raise ValueError(f"the data there does not validate ({count} problem{'s' if count != 1 else ''}); "
                             "compare with another revision") from None
        base_archive.forget_positions()
        for content in dict.fromkeys(site.content for site in sites):
            extract(root, rev, content, base)
        parts = [_part(site, rev, (base_archive, base, _templates_at(root, rev, site.templates, base)),
                       (archive, root, site.templates), today, limit) for site in sites]
        notes = []
        if _code_changed(root, rev):
            notes.append(f"The code (`{CODE}/`) has changed since {rev}. Both sides are rendered by today's code, "
                         "so what that change does to the pages is not shown.")
        return Compared(parts, notes)


def _templates_at(root: Path, rev: str, templates: Path, base: Path) -> Path | None:
    """The page templates as they were at ``rev``: today's when they are the same, None when
    ``rev`` had none there."""
    try:
        rel = templates.relative_to(root).as_posix()
    except ValueError:  # templates outside the project: not in its history
        return templates
    if not (base / rel).is_dir() and not extract(root, rev, rel, base):
        return None
    return templates if _same_tree(base / rel, templates) else base / rel


def _failed_at(exc: BaseException, templates: Path) -> str:
    """Where rendering failed, as the exception's type and the template and line it was in: not
    its message, which may quote the data."""
    where = [frame for frame in traceback.extract_tb(exc.__traceback__)
             if Path(frame.filename).parent == templates]
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.name:
        return f"{type(exc).__name__} in `{exc.name}`, line {exc.lineno}"
    if where:
        return f"{type(exc).__name__} in `{Path(where[-1].filename).name}`, line {where[-1].lineno}"
    return type(exc).__name__


def _part(site: Site, rev: str, before: tuple[Archive, Path, Path | None], after: tuple[Archive, Path, Path],
          today: dt.date, limit: int | None) -> tuple[str, list[Leak]]:
    """One site's part of the report, and what the leak check finds in it (its pages, both
    ways, let go of on return: the next site's are not rendered beside them). Its notes say
    which templates rendered the pages as they were."""
    pages, files, hidden, notes = [], [], [], []
    for archive, folder, templates in (before, after):
        written, withheld, written_files = hand_written_pages(folder / site.content, site.audience, site.config)
        if templates is None:
            notes.append(f"{rev} had no page templates where today's are: the pages as they were are rendered with "
                         "today's.")
            templates = site.templates
        try:
            generated, attached = generated_pages(archive, site.audience, today, site.settings, templates)
        except (jinja2.TemplateError, TypeError, AttributeError, KeyError, ValueError) as exc:
            if templates == site.templates:
                raise
            notes.append(f"The page templates have changed since {rev}, and those of {rev} do not render with "
                         f"today's code ({_failed_at(exc, templates)}). The pages as they were are rendered with "
                         "today's templates, so what the template change does is not shown.")
            generated, attached = generated_pages(archive, site.audience, today, site.settings, site.templates)
        else:
            if templates != site.templates:
                notes.append(f"The page templates have changed since {rev}: the pages as they were are rendered "
                             f"with {rev}'s, so the diffs show what the template change does too.")
        pages.append({**generated, **written})
        files.append({**attached, **written_files})
        hidden += withheld
    changes = compare(site.audience, *pages)
    changes.files = compare(site.audience, *files) or None
    text = section(changes, limit, notes)
    composed = [page.text for shown in pages for page in shown.values()]
    return text, leaks_in(text, site.audience, [before[0], after[0]], today, composed, hidden)
