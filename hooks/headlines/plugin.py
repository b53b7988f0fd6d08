"""MkDocs events, in the order MkDocs calls them:

on_startup   note whether this is ``build`` (staged and swapped) or ``serve`` (each build that
             passes swapped in: the first as the server starts, ``_publish_before_serving``)
on_config    read and check the data, redact it for the audience, stage the output folder
on_files     drop hand-written pages above the ceiling; add the generated pages, which the
             build's companion renders beside the build as MkDocs reads them (see ``companion``)
on_nav       (kept for the preview's fast path)
on_env       the search index has all its pages: its last part and the merge go on while MkDocs
             writes the pages; share compiled templates across builds in one process (serve, tests)
on_page_markdown   give every page its classification statement; a generated page is converted
                   by MkDocs or, if the companion has taken it, by the companion (see ``convert``)
on_page_content    feed the page's article to the search index, which Pagefind builds part by
                   part while MkDocs renders the rest (see ``searchindex.Indexer``)
on_post_page       name the page's scripts and styles in its policy (``theme_page``); tell the
                   companion, whose leak check reads every file as it is written (see
                   ``sitecheck``), that the page before this one is written
on_post_template   the 404 page's scripts and styles, named as a page's
on_post_build      the search index finished while the leak check reads every other output
                   file; then the leak check reads the index
on_serve     the preview's fast path before each rebuild (see ``preview``)
on_build_error     discard the staged folder
on_shutdown        swap the staged folder into place, if nothing failed
"""

from __future__ import annotations

import atexit
import datetime as dt
import functools
import gc
import logging
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkPage
from mkdocs.utils import get_build_date

from . import handwritten, history, preview, searchindex, staging
from .autolink import page_url
from .classify import Redaction, Withheld, approvals_of, redact, resolved, shown, split_files, split_text
from .companion import Companion, failure
from .errors import DataError, DataErrors
from .finding import robots_txt
from .labels import Audience, Label, audience_named, parse_label
from .loading import GLOSSARY, KINDS, Archive, collector_paused, document_from, figure_notes, load_archive
from .register import default_as_of
from .render import (ACTIONS_CSV, CALENDAR_FILE, CONTENT_SECURITY_POLICY, FEED_ENTRIES, GLOSSARY_SRC, REGISTER_SRC,
                     SCRIPT_IN_TEXT, STYLE_IN_TEXT, TRENDS_SRC, Abbreviations, Renderer, committee_calendar,
                     committee_feed, paper_src, script_in_text, style_in_text, with_digests,
                     without_comments)
from .reporting import TREND_KINDS
from .schema import SEALED_ATTACHMENTS, Glossary, Meeting, Paper
from .sitecheck import file_digest
from .workers import WorkerError

log = logging.getLogger("mkdocs.plugins.headlines")

SERVICE_PROVIDERS = ("CSP N", "CSP C&S", "DSP", "S1SP")
"""The service providers whose names make browse subjects, unless ``extra.headlines.service_providers`` names others."""


@dataclass
class BuildState:
    """What one build knows. Reset in on_config: MkDocs keeps hook modules across rebuilds."""

    command: str = "build"
    audience: Audience | None = None
    redaction: Redaction | None = None
    final_site_dir: Path | None = None
    staging_dir: Path | None = None
    ready_to_swap: bool = False
    hidden_pages: list[tuple[str, Label, str]] = field(default_factory=list)
    """Hand-written pages above the ceiling: source path, label, text (``handwritten.Page.text``)."""
    hidden_files: list[tuple[str, Label, Path]] = field(default_factory=list)
    """Files beside the hand-written pages, listed by pages above the ceiling: source path, label, file."""
    as_of: dt.date = dt.date(2000, 1, 1)
    today: dt.date = dt.date(2000, 1, 1)
    updated: dict[str, dt.date] = field(default_factory=dict)
    """Each document's date, by ID, from git: the last commit that changed what this site shows
    of its file (``history.last_changed``); empty without history."""
    lastmod: dict[str, dt.date] = field(default_factory=dict)
    """The sitemap's date for each meeting and paper page, by source path (``pages_changed``)."""
    sources_date: dt.date | None = None
    """The last commit's that touched anything but the labelled data (meetings, papers, the
    glossary), or SOURCE_DATE_EPOCH's; None outside git."""
    site_date: dt.date | None = None
    """The sitemap's date for every other page: ``sources_date``, or the newest of the above
    when later (outside git, that newest alone). Both are set in ``add_pages``."""
    abbreviations: Abbreviations = Abbreviations(())
    # Kept for the preview's fast path (``mkdocs serve`` only):
    archive: Archive | None = None
    data_dir: Path | None = None
    mtimes: dict[Path, int] = field(default_factory=dict)
    site: dict[str, Any] = field(default_factory=dict)
    template_dir: Path | None = None
    config: MkDocsConfig | None = None
    files: Files | None = None
    nav: Any = None
    env: jinja2.Environment | None = None
    for_preview: preview.LastBuild | None = None
    indexer: searchindex.Indexer | None = None
    companion: Companion | None = None
    last_written: str | None = None


state = BuildState()
last_build: preview.LastBuild | None = None
"""``mkdocs serve``: what the last good build left for the preview's fast path."""


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process, keyed by their source's checksum.

    MkDocs makes a new Jinja environment for every build, so ``mkdocs serve`` and any
    process that builds more than once would compile Material's templates every time."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._store:
            bucket.bytecode_from_string(self._store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


BYTECODE_CACHE = _MemoryBytecodeCache()


def theme_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """After the last page is converted, before any is written: the search index has had all
    its pages, and finishes in the background while MkDocs writes them."""
    if state.indexer is not None:
        state.indexer.seal()
    env.bytecode_cache = BYTECODE_CACHE
    state.env, state.config, state.files = env, config, files
    return env


def remember_nav(nav: Any, files: Files) -> Any:
    """Also dates the pages for the sitemap (``<lastmod>``, and the ``.gz``'s time) from the
    repository and the data, never the clock, so that publishing one commit twice writes the
    same sitemap: a meeting or paper page by the "Last updated" it shows (or the day its
    embargo lifted, if later), every other page by the last commit (or that day; outside git,
    the newest of the documents' dates)."""
    state.nav = nav
    for file in files.documentation_pages():
        date = state.lastmod.get(file.src_uri, state.site_date)
        if file.page is not None and date is not None:
            file.page.update_date = date.isoformat()
    return nav


def today() -> dt.date:
    """The date embargoes are judged against: HEADLINES_TODAY when set (to preview a later day), else the clock."""
    value = os.environ.get("HEADLINES_TODAY")
    if value:
        return dt.date.fromisoformat(value)
    return dt.datetime.now(dt.timezone.utc).date()


def settings(config: MkDocsConfig) -> dict[str, Any]:
    return dict(config.extra.get("headlines") or {})


SITE_ADDRESSES = ("HEADLINES_PUBLIC_URL", "HEADLINES_PARTIES_URL")
"""The variables that give the sites' addresses (``site_url`` and ``public_url`` in the configs)."""


def startup(command: str) -> None:
    state.command = command
    if command == "serve":
        logging.getLogger("mkdocs.livereload").addFilter(_NotFoundIsNotABuildWarning())
        _publish_before_serving()


def _publish_before_serving() -> None:
    """``mkdocs serve``: the first build is put in place when the server starts serving, with
    the reload (``serve``) or without it (``--no-livereload``, which calls no ``on_serve``):
    MkDocs starts its server once that build has passed, strict warnings included."""
    from mkdocs.livereload import LiveReloadServer

    serving = LiveReloadServer.serve
    if getattr(serving, "publishes_first", False):
        return

    def serve_published(self: LiveReloadServer, *args: Any, **kwargs: Any) -> Any:
        _publish()
        return serving(self, *args, **kwargs)

    serve_published.publishes_first = True  # type: ignore[attr-defined]
    LiveReloadServer.serve = serve_published  # type: ignore[method-assign]


def configure(config: MkDocsConfig) -> MkDocsConfig:
    global state
    _release_collector()
    state = BuildState(command=state.command)
    opts = settings(config)
    root = Path(config.config_file_path).parent
    try:
        state.audience = audience_named(opts.get("audience"))
    except ValueError as exc:
        raise PluginError(f"{config.config_file_path}: extra.headlines.audience: {exc}") from None
    # A site's address set to nothing (a CI variable never given a value) reads as no address:
    # the sitemap would be empty, and the feeds, calendars, canonical links and the SEC Parties
    # pages' public links would go without it, with no word said.
    for variable in SITE_ADDRESSES:
        if variable in os.environ and not os.environ[variable].strip():
            raise PluginError(f"{variable}: found it set to nothing; allowed: the site's address, such as "
                              f"https://headlines.example.org/, or the variable unset (mkdocs.yml's placeholder)")
    data_dir = (root / opts.get("data_dir", "data")).resolve()
    docs_dir = Path(config.docs_dir).resolve()
    if docs_dir == data_dir or docs_dir in data_dir.parents:
        raise PluginError(f"data_dir {data_dir} is inside docs_dir {docs_dir}: data would be copied into the site")
    if state.command == "serve":
        state.data_dir, state.mtimes = data_dir, preview.data_mtimes(data_dir)
    try:
        archive = load_archive(data_dir)
    except DataErrors as exc:
        raise PluginError(exc.report()) from None
    except WorkerError as exc:  # the process reading the YAML beside the build
        raise PluginError(f"The data was not read to its end, so nothing is published: {failure(exc)}") from None
    try:
        state.today = today()
    except ValueError as exc:
        raise PluginError(f"HEADLINES_TODAY: {exc}") from None
    for note in figure_notes(archive):
        if note.acknowledged is None:
            log.warning(str(note.error))
        else:
            log.info(f"{note.error} (acknowledged: {note.acknowledged})")
    archive.forget_positions()  # they served the messages above; the pages never need them
    with collector_paused():
        state.redaction = redact(archive, state.audience, state.today)
    state.archive = archive
    # What the build holds from here to its end (the data, both ways, the config) is set apart
    # from Python's collector: its full collections while MkDocs converts the pages would walk
    # it every time, for nothing (``_release_collector`` gives it back when the next build in this
    # process starts, and ``_frozen_at_exit`` keeps it at the interpreter's exit).
    gc.freeze()
    as_of = opts.get("as_of")
    if as_of is not None and not isinstance(as_of, dt.date):
        raise PluginError(f"{config.config_file_path}: extra.headlines.as_of: found {as_of!r}; allowed: a date as YYYY-MM-DD")
    state.as_of = as_of or default_as_of(state.redaction.archive)
    try:
        state.updated = history.last_changed(data_dir, _shows_same(archive, state.redaction, state.today))
    except (OSError, WorkerError) as exc:
        said = failure(exc) if isinstance(exc, WorkerError) else exc
        raise PluginError(f"git did not give the earlier versions of the data files, which date each page by "
                          f"the last change its site shows: {said}") from None
    # A commit to the labelled data moves the other pages' dates only as far as the site shows
    # it (``add_pages``: the newest of its documents' dates).
    labelled = [*(data_dir / kind for kind in KINDS), data_dir / f"{GLOSSARY}.yml"]
    state.sources_date = (dt.date.fromisoformat(get_build_date()) if "SOURCE_DATE_EPOCH" in os.environ
                          else history.last_commit(root, labelled))
    config.extra["audience"] = {"key": state.audience.key, "name": state.audience.name,
                                "ceiling": state.audience.ceiling.display}
    config.extra["classification_statements"] = {label.display: label.statement for label in Label}
    config.extra["content_security_policy"] = CONTENT_SECURITY_POLICY
    config.extra["preview"] = bool(os.environ.get("HEADLINES_PREVIEW"))
    if state.command in ("build", "serve"):  # serve too: the site being served stays whole while rebuilding
        state.final_site_dir = Path(config.site_dir).resolve()
        state.staging_dir = staging.make_staging(state.final_site_dir)
        config.site_dir = str(state.staging_dir)
    return config


def _shows_same(archive: Archive, redaction: Redaction, today: dt.date) -> dict[str, Callable[[bytes], bool]]:
    """For each document the audience sees, and the glossary (``GLOSSARY``): whether a version of
    its file shows the audience the same, read, labelled and redacted as the file itself is
    (``history.last_changed``, whose dates are by file stem)."""
    approved = set(approvals_of(archive))

    def same_as(now: Meeting | Paper | Glossary) -> Callable[[bytes], bool]:
        seen = functools.cache(now.model_dump)  # what the site shows now: dumped once, if ever asked

        def same(raw: bytes) -> bool:
            earlier = document_from(raw, type(now), as_read=True)  # what that version published
            if earlier is None or not resolved(earlier):
                return False
            then = shown(earlier, redaction.audience, today, approved)
            return then is not None and then.model_dump() == seen()
        return same

    out = {doc.id: same_as(doc) for doc in redaction.archive.documents()}
    if redaction.archive.glossary is not None:
        out[GLOSSARY] = same_as(redaction.archive.glossary)
    return out


UNUSED_THEME_FILES = ("assets/javascripts/lunr/", "assets/javascripts/workers/")
"""Material's files no page loads: its own search's worker and languages (Pagefind searches
instead; Material starts the worker only for its own search box, which the header replaces)."""


def _theme_files_used(files: Files, config: MkDocsConfig) -> None:
    """The theme's files a reader's browser loads, no more: not its own search, nor the source
    maps (for its authors' debugging). That is 2.2 MB of the 4 MB the shipped data's site
    would otherwise hold, which every deployment would copy and every build's leak check
    read. The browser tests fail on any request that finds no file."""
    docs_dir = Path(config.docs_dir).resolve()
    for file in list(files):
        if not file.abs_src_path or Path(file.abs_src_path).resolve().is_relative_to(docs_dir):
            continue
        if file.src_uri.startswith(UNUSED_THEME_FILES) or file.src_uri.endswith(".map"):
            files.remove(file)
    problems = theme_problems(files, config)
    if problems:
        raise PluginError("\n".join(["The theme's overrides:", *(f"  {problem}" for problem in problems)]))


THEME_ASSETS = (".css", ".js", ".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico",
                ".woff", ".woff2", ".ttf", ".otf")
"""What the theme's overrides may hold besides templates: every site copies it, with no label."""
THEME_DOCUMENT = (f"allowed there: styles, scripts, images and fonts ({', '.join(THEME_ASSETS)}); a document goes "
                  "in content/, listed under 'files:' by the page that links it, which gives it a label")


def theme_problems(files: Files, config: MkDocsConfig, shown: Callable[[Path], Path | str] = lambda path: path
                   ) -> list[DataError]:
    """A file in the theme's overrides goes to every site, public too, with no label: a
    document there (a PDF, a spreadsheet, a page's text) is a problem. MkDocs leaves out
    templates (HTML), Python and dot-files itself. ``files``: as MkDocs takes them."""
    custom_dir = config.theme.custom_dir
    if not custom_dir:
        return []
    overrides = Path(os.path.normpath(custom_dir))  # as MkDocs made its files' paths
    refused = [Path(file.abs_src_path) for file in files
               if file.abs_src_path and not file.generated_by and Path(file.abs_src_path).is_relative_to(overrides)
               and not file.src_uri.lower().endswith(THEME_ASSETS)]
    return [DataError(shown(path), None, None, "", f"found a {path.suffix or 'suffixless'} file in the theme, "
                                                   f"which every site would copy with no label; {THEME_DOCUMENT}")
            for path in refused]


def theme_files(config: MkDocsConfig) -> Files:
    """The theme's files MkDocs copies into a site (for ``headlines validate``)."""
    files = Files([])
    files.add_files_from_theme(config.theme.get_env(), config)
    return files


def _hand_written(files: Files, config: MkDocsConfig) -> None:
    """Hand-written pages must state a label; those above the ceiling are not built. Any other
    file beside them (an image, a PDF) takes the label of the pages that list it under
    ``files:`` (see ``handwritten``); any problem fails the build, every one named."""
    assert state.audience is not None
    docs_dir = Path(config.docs_dir)  # as MkDocs made the files' paths: a link in it is not followed
    written = handwritten.WRITTEN[state.command == "serve"]  # the preview writes draft_docs too
    ours = {file.src_uri: file for file in files
            if written(file.inclusion) and file.abs_src_path and not file.generated_by
            and (file.is_documentation_page() or Path(file.abs_src_path).is_relative_to(docs_dir))}
    found = handwritten.read([(src, Path(file.abs_src_path or "")) for src, file in ours.items()], docs_dir)
    if found.problems:
        raise PluginError("\n".join([f"Problems in the hand-written pages ({config.docs_dir}):",
                                      *(f"  {problem}" for problem in found.problems)]))
    for page in found.pages:
        assert page.label is not None
        if page.label > state.audience.ceiling:
            files.remove(ours[page.src])
            state.hidden_pages.append((page.src, page.label, page.text))  # its front matter's title too
    for listed in found.files:
        if listed.label > state.audience.ceiling:
            files.remove(ours[listed.src])
            state.hidden_files.append((listed.src, listed.label, listed.path))
    hidden = {src for src, _, _ in state.hidden_pages}
    if hidden and config.nav:
        config.nav = _without(config.nav, hidden)


def data_files_of(renderer: Renderer, site_url: str, *, public: bool) -> dict[str, Callable[[], Any]]:
    """The files a build writes besides its pages, each with what writes it."""
    committees = renderer.archive.committees  # each has a feed and a calendar of its own
    data_files = {CALENDAR_FILE: lambda: renderer.calendar(site_url), "feed.xml": lambda: renderer.feed(site_url),
                  "data.json": renderer.export,
                  "robots.txt": lambda: robots_txt(site_url, public=public),
                  **{committee_feed(c): lambda c=c: renderer.feed(site_url, c) for c in committees},
                  **{committee_calendar(c): lambda c=c: renderer.calendar(site_url, c) for c in committees}}
    if renderer.register.entries:  # beside the register, where the site has one
        data_files[ACTIONS_CSV] = lambda: renderer.actions_csv(site_url)
    return data_files


def built_addresses(generated: Iterable[str], data_files: Iterable[str], config: MkDocsConfig) -> dict[str, str | None]:
    """Where the build writes pages and files of its own: each generated page's address, with
    its source, and each other file's (feeds, calendars, the theme's 404 page, the sitemaps),
    with None. The search index is written after them, under ``searchindex.BUNDLE``."""
    return {**{page_url(src) + "index.html": src for src in generated},
            **dict.fromkeys([*data_files, *config.theme.static_templates, "sitemap.xml.gz"])}


def in_the_way_of_the_build(hand: list[tuple[str, str]], generated: set[str], data_files: Iterable[str],
                            config: MkDocsConfig) -> list[tuple[str, str]]:
    """The hand-written pages and files (those above the ceiling too), as (source, where it
    goes), at an address the build or the theme writes: MkDocs puts one over the other, unseen.
    A committees/opsg.md is committees/opsg/index.html, the committee's page; a content/feed.xml
    takes the feed's place; a content/assets/search.js, the theme's; a notes.md and a
    notes/index.md, each other's. ``generated``: the generated pages' sources. Each problem as
    (source, what is wrong)."""
    built = built_addresses(generated, data_files, config)
    first: dict[str, str] = {}  # where each goes: the first hand-written source there
    problems = []
    for src, dest in sorted(set(hand)):
        goes = f"a hand-written {'page' if src.endswith('.md') else 'file'} goes to {dest}"
        if first.setdefault(dest, src) != src:
            problems.append((src, f"{goes}, as {first[dest]} does; rename one"))
        elif dest in built:
            what = f"the page generated for {built[dest]}" if built[dest] else "a file of its own"
            problems.append((src, f"{goes}, where the build writes {what}; rename it"))
        elif dest.startswith(searchindex.BUNDLE + "/"):
            problems.append((src, f"{goes}, where the build writes the search index; rename it"))
        elif not dest.endswith(".html") and any(Path(d, dest).is_file() for d in config.theme.dirs):
            problems.append((src, f"{goes}, where the theme's file goes; rename it"))
    return problems


def _without(nav: Any, hidden: set[str]) -> Any:
    """The nav with every entry naming one of ``hidden`` taken out: a page above the ceiling
    (its title would name it) or a section this site leaves off."""
    out = []
    for entry in nav:
        if isinstance(entry, str):
            if entry not in hidden:
                out.append(entry)
        elif isinstance(entry, dict):
            kept = {}
            for title, target in entry.items():
                if isinstance(target, list):
                    target = _without(target, hidden)
                    if target:
                        kept[title] = target
                elif target not in hidden:
                    kept[title] = target
            if kept:
                out.append(kept)
    return out


def site_settings(config: MkDocsConfig, as_of: dt.date | None, updated: dict[str, Any]) -> dict[str, Any]:
    """What the templates know of the site, from its configuration."""
    opts = settings(config)
    return {"site_name": config.site_name, "description": config.site_description or "",
            "as_of": as_of, "updated": updated,
            "modification_url": opts.get("modification_url"),
            "public_url": opts.get("public_url"),
            "providers": list(opts.get("service_providers", SERVICE_PROVIDERS)),
            "feed_entries": _whole_number(config, "feed_entries", FEED_ENTRIES, "documents")}


def templates_of(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent / settings(config).get("templates", "theme/templates")


def add_pages(files: Files, config: MkDocsConfig) -> Files:
    assert state.redaction is not None
    _theme_files_used(files, config)
    _hand_written(files, config)
    site = site_settings(config, state.as_of, state.updated)
    template_dir = templates_of(config)
    state.site, state.template_dir = site, template_dir
    renderer = Renderer(state.redaction, template_dir, site, BYTECODE_CACHE)
    state.abbreviations = renderer.abbreviations()
    sources_date = state.sources_date
    # The glossary page changes when what the site shows of the glossary does (or the rest of
    # the sources); every listing with it, as its hover definitions do.
    glossary_date = state.updated.get(GLOSSARY) if state.redaction.archive.glossary is not None else None
    glossary_page = max([date for date in (glossary_date, sources_date) if date], default=None)
    state.lastmod = {**renderer.pages_changed, **({GLOSSARY_SRC: glossary_page} if glossary_page else {})}
    # A listing changes when a document on it does (an embargo lifting, say).
    # Outside git, the newest document's date: a build from an unpacked archive is as
    # repeatable as one from a commit. Only with no document at all is it MkDocs's, the clock.
    dates = [*([sources_date] if sources_date else []), *state.lastmod.values()]
    state.site_date = max(dates) if dates else None
    plan = renderer.plan()
    # No action or no report to follow on this site: no page, so no tab.
    unplanned = {REGISTER_SRC, TRENDS_SRC} - {planned.src_uri for planned in plan}
    if unplanned and config.nav:
        config.nav = _without(config.nav, unplanned)
    claimed: set[str] = set()
    for planned in plan:
        if planned.src_uri in claimed:  # one would take the other's place, unseen
            raise PluginError(f"{planned.src_uri}: two generated pages go there, named alike but for case or "
                              "punctuation; nothing is published: name them apart in data/")
        claimed.add(planned.src_uri)
    site_url = config.site_url or ""
    public = state.audience is not None and state.audience.ceiling == Label.WHITE
    data_files = data_files_of(renderer, site_url, public=public)
    docs_dir = Path(config.docs_dir).resolve()
    hand = [(file.src_uri, file.dest_uri) for file in files if not file.generated_by
            and file.abs_src_path and Path(file.abs_src_path).resolve().is_relative_to(docs_dir)]
    hand += [(src, File(src, config.docs_dir, config.site_dir, config.use_directory_urls).dest_uri)
             for src in [*(page[0] for page in state.hidden_pages), *(file[0] for file in state.hidden_files)]]
    in_the_way = in_the_way_of_the_build(hand, claimed, data_files, config)
    if in_the_way:
        raise PluginError("\n".join([f"Problems in the hand-written pages ({config.docs_dir}):",
                                      *(f"  {Path(config.docs_dir) / src}: {problem}" for src, problem in in_the_way)]))
    for planned in plan:
        existing = files.get_file_from_path(planned.src_uri)
        if existing is not None:  # the preview's page of the build before
            files.remove(existing)
    redirects = renderer.redirects(site_url)  # at the addresses documents had before ('formerly')
    if redirects:
        taken = {**{f.dest_uri: f.src_uri for f in files},
                 **{path: src or "a file the build writes" for path, src in
                    built_addresses(claimed, data_files, config).items()}}
        for path in redirects:
            if path in taken:
                raise PluginError(f"{path}: a document's former address ('formerly') is taken by {taken[path]}; "
                                  "move that file, or take the ID out of 'formerly'")
        data_files.update(redirects)
    archive, audience, today, hidden = state.archive, state.audience, state.today, list(state.hidden_pages)
    hidden_files = list(state.hidden_files)
    assert archive is not None and audience is not None

    def needles() -> tuple[list[Withheld], list[str], list[tuple[bytes, Withheld]], list[bytes]]:
        """What the leak check looks for, the text that excuses it, and the sealed attachments
        the site shows (in the companion: ``companion.Needles``)."""
        withheld, allowed = text_split(archive, audience, today)
        withheld.extend(Withheld(f"hand-written page {src}", label, (text,)) for src, label, text in hidden)
        kept_back, shown = split_files(archive, audience, today)
        files = [(file_digest(attached.path), what) for attached, what in kept_back]
        files += [(file_digest(path), Withheld(f"hand-written file {src}", label, ()))
                  for src, label, path in hidden_files]
        published = [file_digest(attached.path) for attached in shown
                     if attached.path.suffix[1:] in SEALED_ATTACHMENTS]
        return withheld, allowed, files, published

    _attachment_files(files, config)
    dump = os.environ.get("HEADLINES_DUMP_DIR")  # benchmarks: the same pages, for plain MkDocs to build
    # From here the pages are rendered beside the build, in the order MkDocs reads them.
    state.companion = companion = Companion(plan, data_files, needles, config, files, state.abbreviations,
                                            Path(dump) if dump else None)
    state.indexer = searchindex.Indexer(Path(config.site_dir).resolve().parent, _search_part_pages(config),
                                        # the pages' fragments are read as each part is written
                                        on_part=lambda part: companion.walk(part, under="fragment", alias=searchindex.BUNDLE))
    return files


def _attachment_files(files: Files, config: MkDocsConfig) -> None:
    """The files of the attachments this audience is shown, copied beside their papers' pages."""
    assert state.redaction is not None
    view = state.redaction.archive
    for (pid, _), attached in sorted(view.files.items()):
        src_uri = attached.site_path(paper_src(view.papers[pid]))
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            raise PluginError(f"{existing.abs_src_path}: a hand-written file stands where an attachment of {pid} "
                              f"goes ({src_uri}); rename it")
        files.append(File.generated(config, src_uri, abs_src_path=str(attached.path)))


def text_split(archive: Archive, audience: Audience, today: dt.date) -> tuple[list[Withheld], list[str]]:
    """``split_text``: the text ``audience`` may not read, and the text it may (with the page
    titles the code itself gives)."""
    withheld, allowed = split_text(archive, audience, today)
    allowed.extend(TREND_KINDS.values())
    return withheld, allowed


def page_markdown(markdown: str, page: MkPage) -> str:
    """Every page: its label in canonical form (the banner looks its statement up by it), and
    the hover definitions of the glossary terms it holds. A page labelled above the audience's
    ceiling fails the build: it would show what the audience may not read, or carry a wrong
    banner."""
    assert state.audience is not None  # set in on_config
    label, ceiling = parse_label(page.meta.get("classification", "RED")), state.audience.ceiling
    if label > ceiling:
        raise PluginError(f"{page.file.src_uri}: the page is labelled {label.display}, above the {state.audience.name} "
                          f"site's ceiling ({ceiling.display}). A page shows only what its audience may read, so "
                          "nothing is published")
    page.meta["classification"] = label.display
    if state.companion is not None:  # a generated page: converted here or beside the build
        state.companion.convert_later(page)
    return markdown + state.abbreviations.for_page(markdown)


def page_content(html: str, page: MkPage, config: MkDocsConfig) -> str:
    """The page's article, as the theme will show it, goes to the search index now: Pagefind
    indexes it on another core while MkDocs renders the other pages. The leak check reads
    Pagefind's output, and the pages fed are checked against the pages written. A hand-written
    page's HTML comments are taken out first (``without_comments``): they are the editors' notes.

    A script in the page's text would be named by the page's policy with the theme's
    (``page_written``), and run: there is none (the data's text is escaped; a hand-written page
    may not hold one), or the build fails. So does a style in a hand-written page, which the
    policy would not apply (an attribute) or would (an element). A generated page's text holds
    none: the data's is escaped, braces too (no attributes from attr_list), and the templates
    write none (the browser tests read every page of the shipped sites for one). Looking in
    every page would cost about 9 ms a megabyte: ``style`` found in any case has no fast scan."""
    if page.file.generated_by is None:
        html = without_comments(html)
    if (script := script_in_text(html)) is not None:
        raise PluginError(f"{page.file.src_uri}: found a script in the page's text ({script!r}); {SCRIPT_IN_TEXT}")
    if page.file.generated_by is None and (style := style_in_text(html)) is not None:
        raise PluginError(f"{page.file.src_uri}: found a style in the page's text ({style!r}); {STYLE_IN_TEXT}")
    if state.indexer is None:  # the preview's fast path, between builds: the index is the last build's
        return html
    if not (page.meta.get("search_exclude") or page.meta.get("template")):  # as main.html: no data-pagefind-body
        above_white = state.audience.ceiling > Label.WHITE  # the search page shows each result's label
        label = (page.meta.get("classification") or Label.WHITE.display) if above_white else None
        state.indexer.add(page.file.dest_uri, searchindex.article_page(
            html, page.title or config.site_name, config.theme["language"], page.meta.get("search_weight"), label,
            page.meta.get("search_date"), page.meta.get("search_filters")))
    _release_source(page)
    return html


def _release_source(page: MkPage) -> None:
    """A page's Markdown is converted: MkDocs keeps it (in the page and in its file) to the end
    of the build, for nothing. Let it go, so that the build holds one copy of each page, its HTML.
    (Empty rather than ``None``: MkDocs reads a page without Markdown as a page without a title.)"""
    if page.file.generated_by is not None:
        page.file.content_string = ""
    page.markdown = ""


def _search_part_pages(config: MkDocsConfig) -> int:
    return _whole_number(config, "search_part_pages", searchindex.PART_PAGES, "pages")


def _whole_number(config: MkDocsConfig, name: str, default: int, of: str) -> int:
    """The setting ``extra.headlines.<name>``: a whole number, 1 or more."""
    value = settings(config).get(name, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise PluginError(f"{config.config_file_path}: extra.headlines.{name}: found {value!r}; "
                          f"allowed: a whole number of {of}, 1 or more")
    return value


def _files_under(folder: Path, skip: str | None = None) -> list[Path]:
    """Every file under ``folder``, sorted; ``skip``: a top-level folder left out."""
    out = []
    for root, dirs, names in os.walk(folder):
        if skip is not None and Path(root) == folder and skip in dirs:
            dirs.remove(skip)
        out.extend(Path(root) / name for name in names)
    return sorted(out)


def page_written(output: str, page: MkPage, config: MkDocsConfig) -> str:
    """The page as MkDocs writes it next: its policy naming the theme's scripts and styles in
    it (``theme_page``). MkDocs writes it after this event: the page before it is written now.
    At the first page, everything else written before the pages (assets, data files, sitemap)
    is too."""
    output = theme_page(output, page.file.src_uri)
    if state.companion is None:  # the preview's fast path, between builds
        return output
    site_dir = Path(config.site_dir)
    page.content = ""  # its output is made; no other page needs its HTML (see ``_release_source``)
    if state.last_written is None:
        state.companion.walk(site_dir)
    else:
        state.companion.written(site_dir, [state.last_written])
    state.last_written = page.file.dest_uri
    return output


def theme_page(output: str, name: str) -> str:
    """A page the theme wrote (each Markdown page's, the 404 page), with a policy that names
    each script and style written in it by its digest, so that those apply and no other
    (``render.with_digests``). The preview names them again as it serves the page, its
    own reload script among them (``serve``)."""
    try:
        return with_digests(output)
    except ValueError as exc:
        raise PluginError(f"{name}: {exc}") from None


def index_and_check(config: MkDocsConfig) -> None:
    """The search index is finished (its last part indexed, the parts merged) while the leak
    check reads every file it has not read yet; then the leak check reads the index."""
    site_dir = Path(config.site_dir)
    indexer, companion = state.indexer, state.companion
    assert indexer is not None and companion is not None  # made in on_files
    state.indexer = state.companion = None
    try:
        if state.last_written is not None:
            companion.written(site_dir, [state.last_written])
        companion.walk(site_dir, skip=searchindex.BUNDLE)
        started = time.perf_counter()
        try:
            parts = indexer.finish(site_dir / searchindex.BUNDLE)
        except (OSError, RuntimeError) as exc:
            raise PluginError(f"The search index was not built: {exc}") from None
        log.info(f"Search index built by {parts} Pagefind run(s), {time.perf_counter() - started:.1f} s after the pages")
        here, beside = companion.board.counts()
        log.info(f"Pages converted from Markdown: {here} by MkDocs, {beside} beside it")
        companion.walk(site_dir, under=searchindex.BUNDLE)
        report = companion.report(fed=indexer.pages)
        log.info(f"Leak check done {time.perf_counter() - started:.1f} s after the pages")
    except WorkerError as exc:
        companion.close()
        log.debug(f"The companion's traceback:\n{exc}")
        raise PluginError(f"The leak check did not run to its end, so nothing is published: {failure(exc)}") from None
    except BaseException:
        companion.close()
        raise
    files = _files_under(site_dir)
    sources = [p.relative_to(site_dir).as_posix() for p in files if p.suffix in {".yml", ".yaml", ".j2"}]
    if report.leaks or sources:
        companion.close()
        lines = [str(leak) for leak in report.leaks[:50]]
        if report.leak_count > 50:
            lines.append(f"... and {report.leak_count - 50} more")
        lines.extend(f"{src}: a source file was copied into the site" for src in sources)
        raise PluginError(f"Leak check failed for the {state.audience.name} site "  # type: ignore[union-attr]
                          f"(ceiling {state.audience.ceiling.display}):\n  " + "\n  ".join(lines))  # type: ignore[union-attr]
    if report.indexed_not_fed or report.fed_not_indexed:
        companion.close()
        raise PluginError(f"The search index was fed other pages than those written with an article to index: "
                          f"fed only {report.fed_not_indexed}, written only {report.indexed_not_fed}")
    if report.files != len(files):
        companion.close()
        raise PluginError(f"The leak check read {report.files} files of the {len(files)} in the site")
    log.info(f"Leak check passed: {report.needles} withheld passages, none found in {report.files} files")
    state.ready_to_swap = state.staging_dir is not None
    if state.command == "serve":
        _keep_for_preview(companion)
    else:
        companion.close()


def _keep_for_preview(checker: Companion) -> None:
    assert state.audience is not None and state.archive is not None and state.data_dir is not None
    assert state.config is not None and state.files is not None and state.env is not None
    assert state.template_dir is not None
    assert state.final_site_dir is not None
    archive, audience, today = state.archive, state.audience, state.today
    state.for_preview = preview.LastBuild(
        site_dir=state.final_site_dir, config=state.config, files=state.files, nav=state.nav, env=state.env, archive=state.archive,
        data_dir=state.data_dir, mtimes=state.mtimes, audience=state.audience, today=state.today, site=state.site,
        template_dir=state.template_dir, bytecode_cache=BYTECODE_CACHE, checker=checker,
        allowed_text=functools.cache(lambda: text_split(archive, audience, today)[1]))


REBUILD_FAILED = (
    '<div role="alert" class="hl-rebuild-failed">'
    "Preview: the rebuild at {time} failed, so this site is not up to date with your files. "
    "It is the last build that passed. The terminal running the preview lists each problem.</div>"
)
"""The notice every page the preview serves carries while its last rebuild has failed. It
names no file and no text: on the public preview, those could be GREEN. It stays at the foot
of the window while the page scrolls, and below the page's own foot at its end, covering
nothing (``headlines.css``: the page's policy applies no style attribute)."""


def serve(server: Any, builder: Any) -> Any:
    """``mkdocs serve``: before each full rebuild, the fast path shows the edited documents'
    pages at once (see ``preview``); browsers reload then, and again after the rebuild.

    A rebuild that fails leaves the site being served whole (it builds into a folder of its
    own). Browsers reload it with a notice that the rebuild failed, rather than waiting, as
    MkDocs would have them, until the files are fixed.

    Each page's policy names its scripts as it is served, the reload script MkDocs writes into
    it among them (a new one each time): the preview runs what the site runs, and no more."""
    from mkdocs.livereload import _timestamp

    failed_at: list[str] = []
    inject = server._inject_js_into_html

    def with_notice(content: bytes, epoch: int) -> bytes:
        content = inject(content, epoch)
        if failed_at:
            notice = REBUILD_FAILED.format(time=failed_at[0]).encode()
            end = content.rfind(b"</body>")
            content = content + notice if end < 0 else content[:end] + notice + content[end:]
        try:  # the page's scripts named again, the server's reload among them
            return with_digests(content.decode("utf-8")).encode("utf-8")
        except (UnicodeDecodeError, ValueError):  # not a page of the site's: served as it is
            return content

    def fast_then_full() -> None:
        written: list[str] = []
        if last_build is not None:
            try:
                written = preview.fast_update(last_build)
            except Exception as exc:  # noqa: BLE001 - the full rebuild that follows reports it properly
                log.warning(f"Preview: fast path skipped ({type(exc).__name__}: {exc}); rebuilding everything")
        if written:
            log.info(f"Preview: updated {', '.join(written)} at once; rebuilding the rest")
            # The server holds requests while the site it serves is older than the one being
            # built. Shown the fast pages, it is not: browsers reload now and are served during
            # the rebuild; a newer epoch after it reloads them again.
            with server._epoch_cond:
                server._visible_epoch = server._wanted_epoch
                server._epoch_cond.notify_all()
        try:
            builder()
        except Exception:
            failed_at[:] = [dt.datetime.now().strftime("%H:%M:%S")]
            with server._epoch_cond:  # the site served is whole: show it, with the notice
                server._visible_epoch = server._wanted_epoch = _timestamp()
                server._epoch_cond.notify_all()
            raise  # MkDocs reports the error in the terminal
        failed_at.clear()
        _publish()
        if written:
            server._wanted_epoch = _timestamp()

    server.builder = fast_then_full
    server._inject_js_into_html = with_notice
    return server


def _publish() -> None:
    """``mkdocs serve``: a build that passed everything, strict warnings included, replaces the
    site being served in one rename, and becomes the fast path's reference."""
    global last_build
    if state.ready_to_swap and state.staging_dir is not None and state.final_site_dir is not None:
        staging.swap_into_place(state.staging_dir, state.final_site_dir)
        if last_build is not None and last_build is not state.for_preview:
            last_build.checker.close()  # its build's leak check, kept for the fast path until now
        last_build = state.for_preview
    state.staging_dir = None
    state.ready_to_swap = False


class _NotFoundIsNotABuildWarning(logging.Filter):
    """``mkdocs serve`` logs a 404 as a warning, and a warning fails a strict build. While a
    rebuild runs the old site is still served: a reader's 404 then is not the build's fault."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and "code 404" in record.getMessage():
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


def _release_collector() -> None:
    """All that the last build in this process held (see ``configure``) goes back to the
    collector, which collects what of it is garbage now, before this build sets apart what it
    holds: so that ``mkdocs serve``, or a test building site after site, frees each build's
    garbage at the start of the next. Not sooner: a full collection then would walk everything
    the build made, in its last steps (about 0.6 s at ten years of eight committees)."""
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()


@atexit.register
def _frozen_at_exit() -> None:
    """At the interpreter's exit, everything is set apart from the collector: its last collection
    would walk every object the build made, to free what the exit frees anyway (about 1 s of a
    public build at ten years of eight committees)."""
    gc.freeze()


def build_failed() -> None:
    state.ready_to_swap = False
    if state.companion is not None:
        state.companion.close()
        state.companion = None
    if state.for_preview is not None and state.for_preview is not last_build:
        state.for_preview.checker.close()  # kept for a fast path this failed build will not serve
        state.for_preview = None
    if state.indexer is not None:
        state.indexer.close()
        state.indexer = None
    staging.discard(state.staging_dir)
    state.staging_dir = None


def shutdown() -> None:
    if state.ready_to_swap and state.staging_dir is not None and state.final_site_dir is not None:
        staging.swap_into_place(state.staging_dir, state.final_site_dir)
        log.info(f"Site ready in {state.final_site_dir}")
    else:
        staging.discard(state.staging_dir)
    state.staging_dir = None
    state.ready_to_swap = False


