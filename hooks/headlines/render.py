"""Jinja templates to Markdown pages, from one audience's redacted archive.

Jinja's autoescape is on although the output is Markdown: every ``{{ value }}`` from the data
is HTML-escaped, so text can carry inline Markdown (emphasis, links) but never raw HTML. Links between pages are relative ``.md``
paths, so MkDocs checks each one and a link to a page that was not built fails ``--strict``.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import html
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import groupby
from pathlib import Path
from typing import Any, NamedTuple

import jinja2
import markdown as md_lib
import yaml
from markdown.extensions.abbr import AbbrTreeprocessor
from markupsafe import Markup, escape

from . import ids
from .autolink import (CODE_SPAN, CODE_SPAN_RE, EMPHASIS, LINK_RE, LONE_MARK, Linker, closed, code_as_html,
                       directory_urls, inline_only, marks_kept, page_url, set_aside)
from .classify import Redaction, approvals_of, named_label, page_label, strings
from .figures import month_name
from .finding import actions_csv, atom_feed, export, id_spellings, kind_of, search_terms, subjects_of
from .ical import calendar_entries, to_ical
from .labels import Audience, Label
from .register import Register, build_register
from .reporting import TREND_KINDS, Composed, Data, annex_table, discrepancies, measure_pages, trend_pages
from .schema import Classified, Meeting, Paper, Paragraph, Section, _block_kind, first_id

CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
                           "style-src 'self'; img-src 'self' data:; font-src 'self'; "
                           "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'")
"""What every page may load and run, stated in its head (``main.html``, ``redirect.html.j2``): its
own site's files and nothing from another host, in any browser, on any host (GitHub Pages sets
no headers), and WebAssembly (the search runs on it). Of the scripts and styles written in a
page itself, none: each page as written names its own by their digests (``with_digests``), so
those apply and no other (not one added to the page since, nor one its text could hold). A
style attribute is never applied: the site's styles are in its stylesheets, by class."""

POLICY_META = '<meta http-equiv="Content-Security-Policy" content="{}">'
_LOADED = re.compile(r"""\bsrc\s*=|\btype\s*=\s*["']?application/json\b""", re.I)
"""A script element's attributes that make it no script written in the page to run: loaded from
its own file (``script-src 'self'``), or data (Material's configuration, ``__config``)."""


_SCRIPT_IN_TEXT = re.compile(r"<script\b[^>]*>?", re.I)
SCRIPT_IN_TEXT = ("allowed: none. A page's text is shown, never run: a script goes in theme/overrides/assets/, "
                  "loaded by a template")
_STYLE_IN_TEXT = re.compile(r"""<style\b[^>]*>?|<[a-z][^<>]*?\sstyle\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*)""", re.I)
STYLE_IN_TEXT = ("allowed: none, as the page's policy applies no style attribute and no style element but "
                 "the theme's. A style goes in theme/overrides/assets/headlines.css, given to an element by a "
                 "class ('{ .name }' after it, with attr_list)")


def script_in_text(article: str) -> str | None:
    """The first script element in a page's text (its HTML, as Markdown made it), as written,
    or None. There may be none: the page's policy names every script written in the page, and
    would name that one too (``with_digests``)."""
    found = _SCRIPT_IN_TEXT.search(article)
    return found.group(0)[:60] if found else None


def style_in_text(article: str) -> str | None:
    """The first style element or style attribute in a page's text (its HTML, as Markdown made
    it), as written, or None. A browser would apply neither: an attribute never, and an element
    only were it named by the page's policy, as the theme's are. There are none in the data's
    text (escaped); in a hand-written page, the build fails rather than show the page unstyled."""
    found = _STYLE_IN_TEXT.search(article)
    return found.group(0)[:60] if found else None


_COMMENT = re.compile(r"<!--.*?-->", re.S)


def without_comments(article: str) -> str:
    """A hand-written page's text (its HTML, as Markdown made it) without its HTML comments.
    Markdown passes a comment into the HTML, where anyone reading the page's source finds it,
    and an editor's note (``<!-- figures to follow, not yet agreed -->``) is for the editors.
    A comment shown as text (in backticks, or never closed) is escaped by then, and stays."""
    return _COMMENT.sub("", article)


def _written(page: str, tag: str) -> Iterator[str]:
    """The text of each ``tag`` element (script or style) written in ``page`` to apply, as the
    theme writes them (``<script`` and ``</script>`` in lower case: one written otherwise is not
    named, so does not run)."""
    at = page.find(f"<{tag}")
    while at >= 0:
        opened = page.find(">", at)
        closed = page.find(f"</{tag}>", opened)
        if opened < 0 or closed < 0:
            return
        if tag != "script" or not _LOADED.search(page, at, opened):
            yield page[opened + 1:closed]
        at = page.find(f"<{tag}", closed)


_STATED_POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
_DIGEST = re.compile(r" 'sha256-[A-Za-z0-9+/]+=*'")


def with_digests(page: str) -> str:
    """``page`` (HTML, stating ``CONTENT_SECURITY_POLICY`` once, its scripts and styles named or
    not) with a policy that names each script and style element written in it by its SHA-256:
    the theme's, which set the page up (its colour scheme, its base address, its printed
    classification), and any written into it since by what serves it (the preview's reload).
    Browsers apply those and refuse any other written in the page or added to it. Raises
    ``ValueError`` where the page does not state that policy, and it alone."""
    stated = _STATED_POLICY.findall(page)
    if len(stated) != 1 or _DIGEST.sub("", stated[0]) != CONTENT_SECURITY_POLICY:
        raise ValueError(f"the page states {len(stated)} Content-Security-Policy (" + "; ".join(stated)[:200]
                         + "); allowed: the site's (render.CONTENT_SECURITY_POLICY), once, first in its head "
                         "(main.html)")
    policy = CONTENT_SECURITY_POLICY
    for tag in ("script", "style"):
        digests = dict.fromkeys(f"'sha256-{base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()}'"
                                for body in _written(page, tag))
        policy = policy.replace(f"{tag}-src 'self'", " ".join([f"{tag}-src 'self'", *digests]))
    return page.replace(POLICY_META.format(stated[0]), POLICY_META.format(policy), 1)


LATEST_ON_HOME = 5
UPCOMING_ON_HOME = 6
"""Announced meetings the home page lists, the soonest first."""

LISTING_SEARCH_WEIGHT = 0.1
"""Pagefind weight of a generated page that is not a document (1 is ordinary text)."""

_HIDDEN_OPEN = '<span class="hl-label__bracket">(</span>'  # a label's brackets: read, not seen
_HIDDEN_CLOSE = '<span class="hl-label__bracket">)</span>'
_CHIP = re.compile(r' <span class="hl-label hl-label--[\w-]+" title="[^"<>]*">' + re.escape(_HIDDEN_OPEN)
                   + r"([^<>]+)" + re.escape(_HIDDEN_CLOSE) + "</span>")
_CELL_CHIP = re.compile(r'<span class="hl-label hl-label--[\w-]+">([^<>]+)</span>')  # a Label column's


def label_chip(label: Label, title: str | None = None) -> Markup:
    """A label's chip, as every page writes it. With ``title`` (what the label means here), in
    running text: its brackets read but not seen (``_HIDDEN_OPEN``). Without, in a table's
    Label column, which names what the cell is. ``chips_as_words`` reads both back."""
    if title is None:
        return Markup(f'<span class="hl-label hl-label--{label.css}">{label.display}</span>')
    return Markup(f'<span class="hl-label hl-label--{label.css}" title="{escape(title)}">'
                  f'{_HIDDEN_OPEN}{label.display}{_HIDDEN_CLOSE}</span>')


def chips_as_words(markdown: str) -> str:
    """A page's Markdown with each label chip as the words it reads as: ' (GREEN)', or 'AMBER'
    in a table's Label column. For a page read as source, in a review's diff."""
    return _CELL_CHIP.sub(r"\1", _CHIP.sub(r" (\1)", markdown))

_LAST_WORD = re.compile(r"([A-Za-z]+)(\s*\([^()]*\))?$")


def _plural(meaning: str) -> str:
    """A glossary meaning in the plural, for its abbreviation's plural: 'Large Supplier' gives
    'Large Suppliers', 'Draft Proposal (a modification at Development stage)' gives 'Draft
    Proposals (...)'. A meaning that does not end in a word is kept as it is."""
    found = _LAST_WORD.search(meaning)
    if found is None:
        return meaning
    word = found[1]
    if re.search(r"[^aeiou]y$", word):
        word = word[:-1] + "ies"
    elif re.search(r"(s|x|z|ch|sh)$", word):
        word += "es"
    else:
        word += "s"
    return meaning[: found.start(1)] + word + meaning[found.end(1):]


_ONE_WORD = re.compile(r"[^\W_]+")
"""Letters and digits: a word, as the abbreviation extension's ``\\b`` bounds one, but that
an underscore ends it here."""


@dataclass(frozen=True)
class Abbreviations:
    """The glossary's definitions, as Markdown's abbreviation extension reads them, each added
    to the pages whose Markdown holds its term.

    The extension marks a term where the page's converted text has it whole, with no letter,
    digit or underscore either side (``\\b``). That text is the Markdown's own, less the
    syntax Markdown takes out, which starts and ends with a mark that is no letter or digit
    (``*``, ``&…;``, a backtick, a bracket; an escaped character stays a placeholder until
    after the extension has looked). So a term the extension would mark is in the Markdown,
    and a term of one word stands there as a run of letters and digits of its own: it is
    looked for among those runs, read in one pass. Other terms ("CSP C&S") are looked for as
    they are. A term not found has nothing to mark, and its definition is left off: the HTML
    is the same as with every definition (a test converts every shipped page both ways).

    Each definition costs every page it is on: the extension reads them a block at a time,
    trying every block kind on the definitions still to come, so all of them (92 from the
    shipped glossary) took about 9 ms a page where those a page uses take under 1."""

    definitions: tuple[tuple[str, str], ...]
    """Each term and its meaning, in the glossary's order, the plurals after."""

    @cached_property
    def _words(self) -> re.Pattern[str]:
        """Each run of letters and digits from a character a term starts with: every word that
        could be a term, and the ends of some words (more than is needed, never less). A run
        is read to its end, so a term of one word is found by being one of them."""
        starts = "".join(sorted({abbr[0] for abbr, _ in self.definitions}))
        return re.compile(f"[{re.escape(starts)}][^\\W_]*")

    @cached_property
    def _one_word(self) -> frozenset[str]:
        return frozenset(abbr for abbr, _ in self.definitions if _ONE_WORD.fullmatch(abbr))

    def for_page(self, markdown: str) -> str:
        """What goes after ``markdown``: the definitions of the terms in it."""
        if not self.definitions:
            return ""
        words = set(self._words.findall(markdown))
        return "\n" + "".join(f"*[{abbr}]: {meaning}\n" for abbr, meaning in self.definitions
                              if (abbr in words if abbr in self._one_word else abbr in markdown))


@dataclass
class Page:
    """One generated Markdown page: where it goes, what it says, how it is classified."""

    src_uri: str
    title: str
    label: Label
    body: str
    meta: dict[str, Any] = field(default_factory=dict)

    def markdown(self) -> str:
        # MkDocs and Material write a page's title as HTML, as they take it from a heading that
        # Markdown has escaped (<title>, the header, the nav): the data's text, escaped. So is
        # the title a link preview shows (main.html reads both so).
        front = {"title": html.escape(self.title), "classification": self.label.display, **self.meta}
        if "preview_title" in front:
            front["preview_title"] = html.escape(front["preview_title"])
        return "---\n" + yaml.safe_dump(front, sort_keys=True, allow_unicode=True) + "---\n\n" + self.body


@dataclass
class Planned:
    """A page to be rendered: where it goes, known at once; its Markdown, made by ``make``."""

    src_uri: str
    make: Callable[[], Page]


def meeting_src(meeting: Meeting) -> str:
    return f"meetings/{meeting.committee.lower()}/{meeting.date.year}/{ids.slug(meeting.id)}.md"


def file_size(size: int) -> str:
    """A file's size as a reader weighs a download: '830 bytes', '12 KB', '1.4 MB'."""
    if size < 1024:
        return f"{size} byte{'s' if size != 1 else ''}"
    if round(size / 1024) < 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def paper_src(paper: Paper) -> str:
    return f"papers/{paper.committee.lower()}/{paper.date.year}/{ids.slug(paper.id)}.md"


def former_src(doc: Meeting | Paper, former_id: str, year: int) -> str:
    """Where the document's page was made when it had the ID ``former_id`` and its date was in
    ``year`` ('formerly'): under that ID's committee and that year."""
    kind = "meetings" if isinstance(doc, Meeting) else "papers"
    return f"{kind}/{former_id.split('_')[0].lower()}/{year}/{ids.slug(former_id)}.md"


REGISTER_SRC = "actions/index.md"  # left off a site with no action to list
ACTIONS_CSV = "actions/actions.csv"  # the register as a spreadsheet, beside it
KIND_NAMES = {"headlines": "Meeting headlines", "minutes": "Minutes", "papers": "Papers"}
GLOSSARY_SRC = "glossary.md"
MEASURES_SRC = "measures/index.md"
TRENDS_SRC = "trends/index.md"  # left off a site with no report to follow (series_pages)
CALENDAR_FILE = "calendar.ics"


def page_src(doc: object) -> str:
    return meeting_src(doc) if isinstance(doc, Meeting) else paper_src(doc)  # type: ignore[arg-type]


def committee_src(committee: str) -> str:
    return f"committees/{committee.lower()}/index.md"


def committee_feed(committee: str) -> str:
    """Where a committee's own feed goes, beside its page."""
    return f"committees/{committee.lower()}/feed.xml"


def committee_calendar(committee: str) -> str:
    """Where a committee's own calendar goes, beside its page."""
    return f"committees/{committee.lower()}/calendar.ics"


def year_src(committee: str, year: int) -> str:
    return f"committees/{committee.lower()}/{year}.md"


def long_date(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def committee_name(committee_id: str, committees: dict[str, Any]) -> str:
    """'Operations Group' for OPSG; the ID itself for a committee committees.yml does not name."""
    committee = committees.get(committee_id)
    return committee.name if committee else committee_id


def meeting_name(meeting: Meeting, committees: dict[str, Any]) -> str:
    return f"{committee_name(meeting.committee, committees)} Meeting {meeting.id.split('_', 1)[1]}"


_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
DESCRIPTION_LENGTH = 300
"""Characters of a page's description at most (search engines show about 160)."""


def _plain(text: str) -> str:
    """Inline Markdown as plain text, for a page's description and its title in the tab and
    the feed: links give their words, code spans their code, and emphasis marks that pair go.
    A mark of no pair is text ('Problem Report*', with a footnote's asterisk)."""
    def unmarked(text: str) -> str:
        while (fewer := EMPHASIS.sub(r"\2", text)) != text:  # '***a***', and '*a* and _b_'
            text = fewer
        return text

    # A code span's text is as typed: no emphasis in it. An escaped character is itself.
    text = set_aside(_CODE_OR_ESCAPED, text, lambda rest: unmarked(_MARKDOWN_LINK.sub(r"\1", rest)),
                     lambda found: found["escaped"] or found["code"].strip())
    return re.sub(r"\s+", " ", text).strip()


def _plain_html(text: str) -> Markup:
    """``_plain``, escaped for HTML the templates write (an attribute, a list's option): where
    no Markdown is read, and a value written as a template writes it would keep its marks."""
    return escape(_plain(text))


_CODE_OR_ESCAPED = re.compile(rf"{CODE_SPAN}|\\(?P<escaped>[!-/:-@\[-`{{-~])")
"""A code span, or a character escaped with a backslash as Markdown reads one (``\\*``: an
asterisk, not a mark), shown as typed without its backslash."""


def _num(value: Any) -> str:
    """A figure as the pages write it: grouped in thousands, a whole number without a decimal
    point (12,902, not 12,902.0; 2,719.1)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, (int, float)) else str(value)


def _in_row(text: Markup) -> Markup:
    """Escaped text (``prose``'s, or a value ``_finalize`` escaped) put in a row of a Markdown
    table: on one line, and a ``|`` in it shown, not taken for the end of its cell (in a code
    span, the table leaves it be)."""
    line, out, last = " ".join(str(text).split("\n")), [], 0
    for code in CODE_SPAN_RE.finditer(line):
        out += [line[last:code.start()].replace("|", "&#124;"), code.group(0)]
        last = code.end()
    return Markup("".join([*out, line[last:].replace("|", "&#124;")]))


def _cut(text: str) -> str:
    """Plain text cut at a word within ``DESCRIPTION_LENGTH``, with '…' where it was cut."""
    if len(text) > DESCRIPTION_LENGTH:
        text = text[: DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0].rstrip(" ;,:") + "…"
    return text


def description(text: str) -> str:
    """A page's ``<meta name="description">``, escaped for the attribute it goes in (the theme
    writes it as it is), cut at a word within ``DESCRIPTION_LENGTH``."""
    return html.escape(_cut(text), quote=True)


def _first_paragraph(sections: list[Section]) -> str | None:
    """The text of a paper's first paragraph, depth first through its sections."""
    for section in sections:
        for block in section.blocks:
            if isinstance(block, Paragraph):
                return block.text
        found = _first_paragraph(section.sections)
        if found is not None:
            return found
    return None


class _Terms(AbbrTreeprocessor):
    """The abbreviation extension's marking of the glossary's terms (``glossary``: each term to
    its meaning), its pattern made once: the extension makes it again at every conversion, a
    table cell's too, which made rendering the pages about 7% slower."""

    def __init__(self, md: md_lib.Markdown, glossary: dict[str, str]) -> None:
        super().__init__(md, glossary)
        terms = sorted(glossary, key=len, reverse=True)
        self.RE = re.compile(rf"\b(?:{'|'.join(map(re.escape, terms))})\b") if terms else None

    def run(self, root: Any) -> None:
        if self.RE is not None:
            self.iter_element(root)


class _Inline:
    """Python-Markdown for text that goes into HTML built here (table cells). The page's own
    conversion passes that HTML by as it is, so the glossary's terms are marked here, as the
    page marks them in its Markdown (``_Terms``). Only marked: a cell's text never defines a
    term (no definitions are read)."""

    def __init__(self, glossary: dict[str, str]) -> None:
        self._md = md_lib.Markdown(extensions=["sane_lists"])
        self._md.treeprocessors.register(_Terms(self._md, glossary), "abbr", 7)  # where the extension puts it

    def __call__(self, text: Markup) -> Markup:
        """Markdown (already escaped and linked) to HTML for a table cell."""
        html = self._md.reset().convert(str(text))
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return Markup(html.replace("\n", " "))


_BLANK_LINES = re.compile(r"\n{3,}")
"""Two blank lines or more, where a template's parts left out what an audience may not read
(or an empty part): one is all Markdown needs. Text from the data is inline Markdown only
(``autolink.inline_only``), so no code block's blank lines are touched."""

_FIGURE = re.compile(r"[-+\u2212]?[£$]?\d[\d,]*(?:\.\d+)?%?")
_NO_FIGURE = {"", "-", "\u2013", "\u2014", "n/a"}
"""Cells that stand for no figure in a column of figures: empty, a dash, 'N/A'."""


def figure_columns(rows: list[list[Any]]) -> set[int]:
    """The columns of a table that hold figures only (a number, '2,112,776', '-3.5%', a total
    in bold, or no figure): they are set right-aligned, so that units, tens and decimal points
    line up."""
    width = max((len(row) for row in rows), default=0)
    columns = set()
    for i in range(width):
        cells = [str(row[i]).strip().strip("*_").strip() for row in rows if i < len(row) and row[i] is not None]
        figures = [c for c in cells if c.lower() not in _NO_FIGURE]
        if figures and all(_FIGURE.fullmatch(c) for c in figures):
            columns.add(i)
    return columns


def _unbalanced(text: str) -> bool:
    """Whether ``text``'s square brackets do not pair up: a ']' before its '[', or one left open.
    A bracket after a backslash is none, as Markdown reads it."""
    depth, escaped = 0, False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in "[]":
            depth += 1 if char == "[" else -1
            if depth < 0:
                return True
    return depth != 0


_AS_MARKDOWN = re.compile(rf"[|\n`{{\[\]]|{LONE_MARK.pattern}|\\$")
"""What in a value Markdown could read across its ends: a cell's bar, a line break, a code
span's backtick, a brace, a square bracket, an emphasis mark (an underscore between letters
or digits is none: ``OPSG_41_2501``), a backslash that ends it."""


def _finalize(value: Any) -> Any:
    """What a template writes for ``{{ value }}``. Text from the data (not yet escaped, as
    ``prose`` has escaped its own) is written to keep to itself, whatever Markdown would read
    across its ends. It is written as in a table's row (``_in_row``): on one line, a ``|`` in
    it not taken for the end of a cell (an attachment titled 'Part A | Part B' moved the rest
    of its row one cell on; a line break ended a heading). Square brackets that do not pair up
    are shown: a title holding a ']' ended the link the title is the text of ('[Draft] …'
    pairs, and stays Markdown's, as a link in the text does). So are brackets of a link left
    open ('[x](' made a link of what the template wrote after it). A code span is written as HTML,
    as in text (``code_as_html``): Markdown escaped its escaped text again, and a lone backtick
    made a code span with one in the next value. Braces are shown: '{' in a heading's title
    took the heading's own anchor ('{ #h-2 }') for words. So are emphasis marks of no pair
    (``marks_kept``) and a backslash that ends the value (``closed``), which escaped what the
    template wrote next. An ampersand that nothing could read as a reference is written bare
    (``escape_text``), so that a term holding one ('CSP C&S') is found in the page's text. A
    template's own cells and marks are written in the template."""
    if value is None:
        return ""
    if not isinstance(value, str) or isinstance(value, Markup) or not (_AS_MARKDOWN.search(value) or "&" in value):
        return value
    text = str(_in_row(code_as_html(value))).replace("{", "&#123;")
    if "[" in value or "]" in value:
        bare = CODE_SPAN_RE.sub("", value) if "`" in value else value
        if _unbalanced(bare) or "](" in LINK_RE.sub("", bare):  # '[x](' took what the template wrote next
            text = text.replace("[", "&#91;").replace("]", "&#93;")
    return Markup(closed(marks_kept(text)))


def value_as_paragraph(value: str) -> Markup:
    """A value written as a template writes it (``_finalize``, then escaped), to be read as a
    paragraph of its own: it reads as it does in a heading, where no paragraph starts, so one
    starting '- ', '1. ' or '# ' is not made a list or a heading (``inline_only``)."""
    written = _finalize(value)
    return Markup(inline_only(str(written if isinstance(written, Markup) else escape(written))))


FEED_ENTRIES = 50
"""Documents in the feed, the most recently updated (``extra.headlines.feed_entries``)."""


class CommitteeYear(NamedTuple):
    """A committee's year as its pages list it (the templates unpack it in this order)."""

    year: int
    meetings: int
    papers: int
    docs: list[Meeting | Paper]


class Renderer:
    """Renders one audience's pages. ``pages()`` returns them all."""

    def __init__(self, redaction: Redaction, template_dir: Path, site: dict[str, Any],
                 bytecode_cache: jinja2.BytecodeCache | None = None) -> None:
        self.audience: Audience = redaction.audience
        self.archive = redaction.archive
        self.site = site
        self.register: Register = build_register(self.archive, site["as_of"])
        actions = {entry.id: (REGISTER_SRC, entry.anchor) for entry in self.register.entries}
        self._entry_at = {entry.anchor: entry for entry in self.register.entries}
        self.linker = Linker(self.archive, actions, page_src, site.get("modification_url"))
        self._inline = _Inline(dict(self.abbreviations().definitions))
        self.approvals = approvals_of(self.archive)
        self._meetings = sorted(self.archive.meetings.values(), key=lambda m: (m.date, m.id), reverse=True)
        self._papers = sorted(self.archive.papers.values(), key=lambda p: (p.date, p.id), reverse=True)
        self._doc_at = {page_src(d): d for d in [*self._meetings, *self._papers]}
        self._labels: dict[str, Label] = {}
        # A meeting's papers, and the meeting a link names, by its ID now or one it had: a
        # paper's ID keeps the meeting's old ID when the meeting is given a new one.
        self._meeting_named = self.archive.meetings_by_id()
        self._papers_at: dict[str, list[Paper]] = {}
        for paper in sorted(self._papers, key=lambda p: p.id):
            meeting = self._meeting_named.get(ids.meeting_of_paper(paper.id))
            self._papers_at.setdefault(meeting.id if meeting else ids.meeting_of_paper(paper.id), []).append(paper)
        self._series: dict[str, list[Meeting]] = {}  # each committee's meetings, oldest first
        for meeting in reversed(self._meetings):
            self._series.setdefault(meeting.committee, []).append(meeting)
        self._position = {m.id: i for series in self._series.values() for i, m in enumerate(series)}
        self.subjects: dict[str, list[str]] = {}
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(template_dir)),
            undefined=jinja2.StrictUndefined,
            finalize=_finalize,
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            bytecode_cache=bytecode_cache,
        )
        self.env.filters.update(long_date=long_date, slug=ids.slug, block_kind=_block_kind, plain=_plain_html,
                                in_row=_in_row, month_name=month_name,
                                num=_num)
        self.env.globals.update(Label=Label, label_chip=label_chip, audience=self.audience, site=site,
                                as_of=site["as_of"], heading_anchor=ids.heading_anchor, figure_columns=figure_columns)

    # -- helpers the templates call ---------------------------------------------------

    def _context(self, src_uri: str, **extra: Any) -> dict[str, Any]:
        def link(target: str) -> str:
            return posixpath.relpath(target, posixpath.dirname(src_uri) or ".")

        def badge(item: Any, parent: Label | None = None) -> Markup:
            """An item's own label (or a label), shown on the SEC Parties site where it differs
            from its parent's."""
            if isinstance(item, Label):
                label: Label | None = item
            else:
                label = item.classification if isinstance(item, Classified) else getattr(item, "label", None)
            if label is None or self.audience.ceiling == Label.WHITE or label == parent:
                return Markup("")
            word = "may be shared publicly" if label == Label.WHITE else "SEC Parties only, not for publication"
            if label > self.audience.ceiling:
                word = "not published"
            # In brackets where the words are read without the chip's look: a contents entry
            # ("Minutes (GREEN)"), a search result's section, a screen reader, copied text.
            return " " + label_chip(label, f"{label.display}: {word}")

        def attached(paper: Paper, attachment: Any) -> Markup:
            """A link to an attachment's file where this site holds it (its kind and size), else nothing."""
            found = self.archive.files.get((paper.id, attachment.file)) if attachment.file else None
            if found is None:
                return Markup("")
            name = escape(_finalize(attachment.id))  # as a template writes it: its '|' and ']' shown
            return Markup(f"[{name} ({found.kind}, {file_size(found.size)})]"
                          f"({link(found.site_path(paper_src(paper)))})")

        def meeting_link(mid: str) -> Markup | str:
            """A link to a meeting's page where this site has it, marked as a link in text is
            (``mark``, below): a WHITE page's "approved as final at" a GREEN meeting says GREEN."""
            meeting = self._meeting_named.get(mid)
            if meeting is None:
                return mid
            return Markup(f"[{escape(mid)}]({link(meeting_src(meeting))}){mark((meeting_src(meeting), ''))}")

        page_label = extra.get("page_label")

        def mark(target: tuple[str, str]) -> str:
            """A link written into text is marked with the label of what it leads to (a page's,
            as a listing's entries are; an action's register entry's) where that is above this
            page's: a WHITE page's link to a GREEN paper, meeting or action is marked GREEN."""
            src, anchor = target
            if src == REGISTER_SRC:
                entry = self._entry_at.get(anchor)
                label = entry.label if entry else None
            else:
                doc = self._doc_at.get(src)
                label = self._label(doc) if doc is not None else None
            above = label is not None and page_label is not None and label > page_label
            return str(badge(label)) if above else ""

        def prose(text: str | None) -> Markup:
            """Text from the data: HTML escaped, IDs linked where their target is published."""
            return self.linker.markdown(text, src_uri, mark=mark) if text else Markup("")

        def caption(value: str) -> Markup:
            """A value written into HTML built here (a table's caption), converted here: the
            page's own conversion passes that HTML by. Its glossary terms are marked."""
            return self._inline(value_as_paragraph(value))

        def cell(value: Any) -> Markup:
            """A table cell: inline Markdown with links, as HTML with the site's URLs."""
            if value is None:
                return Markup("")
            if isinstance(value, Composed):  # each piece of data linked on its own, the page's words as they are
                linked = Markup("").join(
                    self.linker.markdown(part.text, src_uri, lists=part.paragraph, mark=mark)
                    if isinstance(part, Data) else Markup(part) for part in value.parts)
            else:
                linked = self.linker.markdown(str(value), src_uri, lists=True, mark=mark)
            return Markup(directory_urls(self._inline(linked), src_uri))

        return {
            "link": link,
            "prose": prose,
            "cell": cell,
            "caption": caption,
            "register_src": REGISTER_SRC,
            "measures_src": MEASURES_SRC,
            "trends_src": TRENDS_SRC,
            "badge": badge,
            "meeting_link": meeting_link,
            "attached": attached,
            "meeting_name": lambda m: meeting_name(m, self.archive.committees),
            "named": named_label,
            "label_of": self._listing_label,  # a listing's entry: the label of the page it links to
            "meeting_src": meeting_src,
            "paper_src": paper_src,
            "committee_src": committee_src,
            "year_src": year_src,
            "committees": self.archive.committees,
            **extra,
        }

    def _page(self, template: str, src_uri: str, title: str, label: Label, meta: dict[str, Any] | None = None,
              **context: Any) -> Page:
        body = self.env.get_template(template).render(self._context(src_uri, title=title, page_label=label, **context))
        return Page(src_uri, title, label, _BLANK_LINES.sub("\n\n", body), meta or {})

    # -- the pages --------------------------------------------------------------------

    def _papers_of(self, mid: str) -> list[Paper]:
        return self._papers_at.get(mid, [])

    def _label(self, doc: Meeting | Paper) -> Label:
        """A document page's label (``page_label``), worked out once per document."""
        key = page_src(doc)
        if key not in self._labels:
            self._labels[key] = page_label(doc, self.audience.ceiling)
        return self._labels[key]

    def public_page(self, doc: Meeting | Paper) -> str | None:
        """On a site above WHITE, the address of the document's page on the public site, where
        it has one (``extra.headlines.public_url``): a paper labelled WHITE, a meeting with a
        WHITE part. What this site shows of it is already past its embargo and its approval,
        which the public site judges alike, so its WHITE parts are exactly what the public site
        shows. None on the public site itself."""
        base = self.site.get("public_url")
        if not base or self.audience.ceiling == Label.WHITE or named_label(doc) > Label.WHITE:
            return None
        return base.rstrip("/") + "/" + page_url(page_src(doc))

    def updated(self, doc: Meeting | Paper) -> dt.date:
        """The "Last updated" date its page shows: the last commit that changed its data file,
        else (without git history) the document's own date."""
        return self.site["updated"].get(doc.id, doc.date)

    @cached_property
    def pages_changed(self) -> dict[str, dt.date]:
        """Each meeting and paper page's source path to the day it last changed: its "Last
        updated" date, or, when later, the day an embargo on it lifted (the archive holds only
        what is released by today), or the day of the meeting whose approval published its
        draft minutes (where this site shows that approval): a change to another file, which
        the file's own history does not see."""
        changed = {}
        for src, doc in self._doc_at.items():
            parts = [part for _, part in doc.parts()] if isinstance(doc, Meeting) else [doc]
            lifted = [part.publish_after for part in parts if part.publish_after]
            if isinstance(doc, Meeting) and doc.minutes is not None and doc.minutes.status != "approved":
                approver = self.archive.meetings.get(self.approvals.get(doc.id, ""))
                lifted += [approver.date] if approver is not None else []
            changed[src] = max([self.updated(doc), *lifted])
        return changed

    def _with_search_terms(self, page: Page, document: bool = True) -> Page:
        """Other spellings of the page's own words, for the search index only (display: none
        hides them from readers, screen readers included): "CSR" finds a page that spells out
        Certificate Signing Request. A document's own ID, in every spelling, is weighted as a
        title: its own page is the first result for it, and so is any ID it had before
        ('formerly'). Search results never quote them (search.js)."""
        doc = self._doc_at[page.src_uri] if document else None
        spellings = (dict.fromkeys(t for doc_id in (doc.id, *doc.former_ids) for t in id_spellings(doc_id))
                     if doc else {})
        own = " · ".join(str(escape(t)) for t in spellings)
        terms = " · ".join(str(escape(t)) for t in search_terms(page.body, self.archive.glossary))
        # The ids name the two lists to search.js, which keeps them out of result excerpts.
        weighted = 'data-pagefind-weight="10" '
        hidden = [f'<p class="hl-search-terms" {weighted}id="hl-spellings-id">{own}</p>\n'] if own else []
        hidden += [f'<p class="hl-search-terms" id="hl-spellings-terms">{terms}</p>\n'] if terms else []
        if hidden:
            title_end = page.body.index("\n", page.body.index("# ")) + 1
            page.body = page.body[:title_end] + "\n" + "".join(hidden) + page.body[title_end:]
        return page

    def meeting_page(self, meeting: Meeting) -> Page:
        label = self._label(meeting)
        papers = self._papers_of(meeting.id)
        same = self._series[meeting.committee]
        at = self._position[meeting.id]
        # Only an approval this audience can read is named: an AMBER record approving WHITE
        # minutes makes them final, but its meeting stays unnamed.
        approvals = self.approvals
        return self._page("meeting.md.j2", meeting_src(meeting), f"{meeting.id.replace('_', ' ', 1)}: {long_date(meeting.date)}",
                          label, {"description": description(self._description(meeting)),
                                  "search_date": long_date(meeting.date),
                                  "search_filters": self._search_filters(meeting),
                                  "preview_title": f"{meeting_name(meeting, self.archive.committees)}, "
                                                   f"{long_date(meeting.date)}"},
                          meeting=meeting, papers=papers,
                          updated=self.updated(meeting), public_page=self.public_page(meeting),
                          previous=same[at - 1] if at > 0 else None, following=same[at + 1] if at + 1 < len(same) else None,
                          approved_at=meeting.minutes.approved_at if meeting.minutes and meeting.minutes.approved_at
                          else approvals.get(meeting.id))

    def paper_page(self, paper: Paper) -> Page:
        label = self._label(paper)
        reports = {r.id: r for r in paper.reports}
        table = annex_table(paper, self.archive, label) if paper.reports else None
        # Each report's figures are shown once: in the section that names it, else in Annex 1
        # (a PMR), else under Reports at the end; trends and measures link to them there.
        showing: dict[int, str] = {}  # id() of the first section naming each report -> the report
        _first_naming(paper.sections, reports, showing)
        in_sections = set(showing.values())
        in_annex = [r.id for r in paper.reports if r.kind == "pmr" and r.id not in in_sections  # type: ignore[attr-defined]
                    and table and any(a.reports_summary for a in paper.annexes)]
        elsewhere = [r for r in paper.reports if r.id not in in_sections and r.id not in in_annex]
        return self._page("paper.md.j2", paper_src(paper), f"{paper.id}: {_plain(paper.title)}", label,
                          {"description": description(self._description(paper)),
                           "search_date": long_date(paper.date),
                           "search_filters": self._search_filters(paper),
                           "preview_title": f"{_plain(paper.title)} ({paper.id})"},
                          paper=paper, reports=reports, discrepancies=discrepancies,
                          shows_report=lambda section: id(section) in showing,
                          in_annex=in_annex, reports_elsewhere=elsewhere, annex_table=table,
                          measures=self.archive.measures,
                          updated=self.updated(paper), public_page=self.public_page(paper),
                          meeting_id=ids.meeting_of_paper(paper.id))

    @staticmethod
    def _search_filters(doc: Meeting | Paper) -> list[list[str]]:
        """What the search page filters a document's page by: its committee, what it holds
        (as Browse names the kinds) and its year."""
        return [["Committee", doc.committee], *(["Document", KIND_NAMES[kind]] for kind in kind_of(doc)),
                ["Year", str(doc.date.year)]]

    def _listing_label(self, docs: list[Meeting | Paper]) -> Label:
        return max((self._label(d) for d in docs), default=Label.WHITE)

    def register_page(self) -> Page:
        entries = self.register.sorted()
        label = max((e.label_shown for e in entries), default=Label.WHITE)
        return self._page("register.md.j2", REGISTER_SRC, "Action register", label,
                          # Found by search under its title and opening words only: every action is
                          # on the pages of the meetings that raised and reviewed it, and the
                          # register's text, which grows with the archive, would be fetched whole
                          # whenever it matched (its entries are data-pagefind-ignore).
                          {"hide": ["toc"], "search_weight": LISTING_SEARCH_WEIGHT},
                          register=self.register, entries=entries)

    def glossary_page(self) -> Page:
        glossary = self.archive.glossary
        label = page_label(glossary, self.audience.ceiling) if glossary else Label.WHITE
        return self._page("glossary.md.j2", GLOSSARY_SRC, "Glossary", label,
                          terms=sorted(glossary.terms, key=lambda t: t.abbr.lower()) if glossary else [])

    def browse_pages(self, docs: list[Meeting | Paper]) -> list[Planned]:
        """By kind and year, and by subject: every listing from the audience's own archive."""
        out = []
        by_kind: dict[str, dict[int, list[Any]]] = {k: {} for k in KIND_NAMES}
        for doc in docs:
            for kind in kind_of(doc):
                by_kind[kind].setdefault(doc.date.year, []).append(doc)
        for kind, years in by_kind.items():
            for year, listed in years.items():
                out.append(self._planned("browse_year.md.j2", f"browse/{kind}/{year}.md", f"{KIND_NAMES[kind]}, {year}",
                                         lambda listed=listed: self._listing_label(listed), kind=kind,
                                         kind_name=KIND_NAMES[kind], year=year, docs=listed))
        # A subject's page is at its name's slug. A report's title is typed anew in each paper:
        # 'Quarterly problem report' and 'Quarterly Problem Report' are one subject, named as the
        # latest document words it, where each had claimed the page.
        by_slug: dict[str, list[Any]] = {}
        named: dict[str, tuple[dt.date, str]] = {}
        for src, tags in self.subjects.items():
            doc = self._doc_at[src]
            for tag in tags:
                slug = ids.slug(tag)
                listed = by_slug.setdefault(slug, [])
                if not any(d is doc for d in listed):  # a paper of two reports titled alike
                    listed.append(doc)
                if named.get(slug, (dt.date.min,))[0] <= doc.date:
                    named[slug] = (doc.date, tag)
        by_subject = {named[slug][1]: listed for slug, listed in by_slug.items()}
        # In the order of a dictionary: "Certificate Signing Request" before "CSP N".
        subjects = sorted(by_subject.items(), key=lambda item: (item[0].casefold(), item[0]))
        for tag, listed in subjects:
            out.append(self._planned("subject.md.j2", f"browse/subjects/{ids.slug(tag)}.md", tag,
                                     lambda listed=listed: self._listing_label(listed), subject=tag, docs=listed))
        # Each entry is marked with its listing's label; the page is labelled as the most
        # restrictive of them (on the SEC Parties site, a subject or a year's count can come
        # from GREEN documents alone).
        listings = [*(listed for years in by_kind.values() for listed in years.values()), *by_subject.values()]
        out.append(self._planned("browse.md.j2", "browse/index.md", "Browse",
                                 lambda: max(map(self._listing_label, listings), default=Label.WHITE),
                                 kinds=KIND_NAMES, by_kind=by_kind,
                                 subjects=subjects))
        return out

    def _planned(self, template: str, src_uri: str, title: str, label: Callable[[], Label],
                 meta: dict[str, Any] | None = None, searched: bool = False, **context: Any) -> Planned:
        """A listing page, planned: its label is worked out when it is rendered. ``searched``:
        with other spellings of its words for search (``_with_search_terms``), as a page of
        its own that a search should find (a measure's, a trend's), not a list of others."""
        def make() -> Page:
            page = self._page(template, src_uri, title, label(), dict(meta or {}), **context)
            return self._with_search_terms(page, document=False) if searched else page
        return Planned(src_uri, make)

    @staticmethod
    def _summary(doc: Meeting | Paper) -> str:
        """A document in a line of plain text: a meeting's agenda (its headlines', else its
        minutes'), the heart of its page's description; a paper's purpose and its opening
        paragraph, as far as the site shows them, cut as a description is. The feed's summary.
        A meeting none of whose agenda items the site shows is summed up by its headlines'
        intro, as far as the page shows it."""
        if isinstance(doc, Meeting):
            parts = [part for part in (doc.headlines, doc.minutes) if part is not None]
            agenda = next((part.items for part in parts if part.items), None)
            if agenda:
                return _plain("; ".join(item.title for item in agenda))
            intro = doc.headlines.intro if doc.headlines else None
            return _cut(_plain(intro)) if intro else ""
        said = [_plain(text).rstrip(" .") + "." for text in (doc.purpose, _first_paragraph(doc.sections)) if text]
        return _cut(" ".join(said) if said else _plain(doc.title))

    def _description(self, doc: Meeting | Paper) -> str:
        """What a search engine or a link preview shows of a document's page, as plain text:
        'Operations Group Meeting 41_2501, 25 January 2021: DCC Pandemic Update; …'."""
        if isinstance(doc, Meeting):
            agenda = self._summary(doc)
            named = f"{meeting_name(doc, self.archive.committees)}, {long_date(doc.date)}"
            return f"{named}: {agenda}" if agenda else named
        owner = committee_name(doc.committee, self.archive.committees)
        purpose = f" ({_plain(doc.purpose)})" if doc.purpose else ""
        return f"{_plain(doc.title)}: paper {doc.id} of the {owner}, {long_date(doc.date)}{purpose}"

    def feed(self, site_url: str, committee: str | None = None) -> bytes:
        """The site's feed, or with ``committee`` that committee's own."""
        entries = []
        changed = self.pages_changed  # an entry is updated as its page is, an embargo lifting too
        for src, doc in self._doc_at.items():
            if committee is not None and doc.committee != committee:
                continue
            summary = self._summary(doc)
            if isinstance(doc, Meeting):
                title = f"{meeting_name(doc, self.archive.committees)}: " + " and ".join(
                    name for name, _ in doc.parts())
            else:
                title = f"{doc.id}: {_plain(doc.title)}"
            label = self._label(doc).display
            if self.audience.ceiling > Label.WHITE:  # a feed reader shows the title; few show categories
                title += f" ({label})"
            # An entry keeps the ID it was first published under: a reader that has it sees it
            # updated, not a second entry.
            entries.append({"id": first_id(doc), "title": title, "date": doc.date,
                            "summary": summary, "updated": changed[src], "path": page_url(src), "label": label})
        entries.sort(key=lambda e: (e["updated"], e["id"]), reverse=True)
        newest = max((e["updated"] for e in entries), default=self.site["as_of"])
        # The newest only: a reader polls the feed, and the archive is on the site and in data.json.
        newest_entries = entries[:self.site.get("feed_entries", FEED_ENTRIES)]
        if committee is None:
            return atom_feed(newest_entries, self.site["site_name"], site_url, newest)
        title = f"{self.site['site_name']}: {committee_name(committee, self.archive.committees)}"
        return atom_feed(newest_entries, title, site_url, newest, committee_feed(committee), f"feed:{committee}",
                         page_url(committee_src(committee)))

    def export(self) -> bytes:
        actions = [{"id": e.id, "text": e.text, "owner": e.owner, "classification": e.label.display,
                    "raised": e.raised.isoformat() if e.raised else None,
                    "raised_at": e.raised_at.id if e.raised_at else None,
                    "target_date": e.current_target.isoformat() if e.current_target else None,
                    "status": e.status.value, "overdue": e.overdue(self.site["as_of"]),
                    "superseded_by": e.superseded_by,
                    "history": [{"meeting": ev.meeting.id, "date": ev.meeting.date.isoformat(), "kind": ev.kind,
                                 "status": ev.status.value, "classification": ev.label.display} for ev in e.events]}
                   for e in self.register.sorted()]
        paths = {doc.id: page_url(src) for src, doc in self._doc_at.items()}
        public_urls = {doc.id: url for doc in self._doc_at.values() if (url := self.public_page(doc))}
        return export(self.archive, self.audience.key, self.audience.ceiling.display, self.site["as_of"], actions,
                      paths, public_urls)

    def document_id(self, src: str) -> str:
        """The ID of the meeting or paper whose page is ``src``; nothing for any other page."""
        doc = self._doc_at.get(src)
        return doc.id if doc is not None else ""

    def former_addresses(self) -> dict[str, tuple[str, int, Meeting | Paper]]:
        """Each address a document of this site had before ('formerly'), as the path of its
        page in the site, to (the ID it had there, its year, the document). A document this
        site has no page for keeps its old addresses empty here."""
        return {page_url(former_src(doc, old, year)) + "index.html": (old, year, doc)
                for doc in self._doc_at.values() for old, year in doc.former_places}

    def redirects(self, site_url: str) -> dict[str, Callable[[], bytes]]:
        """The page at each former address (``former_addresses``), and how to write it."""
        return {path: functools.partial(self.redirect_page, doc, old, year, site_url)
                for path, (old, year, doc) in self.former_addresses().items()}

    def redirect_page(self, doc: Meeting | Paper, old: str, year: int, site_url: str) -> bytes:
        """The page at the address ``doc`` had as ``old`` in ``year``: it sends the reader on to
        its page."""
        new = page_url(page_src(doc))
        return with_digests(self.env.get_template("redirect.html.j2").render(
            policy=Markup(CONTENT_SECURITY_POLICY), old=old, new=doc.id,  # a constant: quoted as written
            href=posixpath.relpath(new, page_url(former_src(doc, old, year))) + "/",
            canonical=site_url.rstrip("/") + "/" + new if site_url else "")).encode()

    def actions_csv(self, site_url: str) -> bytes:
        """The register as CSV (``finding.actions_csv``), each row linking its entry."""
        base = site_url.rstrip("/") + "/" + page_url(REGISTER_SRC) if site_url else ""
        return actions_csv(self.register.sorted(), self.site["as_of"], _plain, lambda e: f"{base}#{e.anchor}")

    def series_pages(self) -> list[Planned]:
        """A page per Performance Measure and per recurring report, with indexes of both. A
        measure has a page where a paper published on the site gives its figures; the index
        names and defines every measure, so that a reader is not sent to a page that has
        nothing more (on the public site, while every report summary is GREEN, no measure has
        one). Where no paper gives a report that trends follow, the trends are left off,
        index and all, and ``plugin.add_pages`` takes their tab out of the nav."""
        out = []
        measures = measure_pages(self.archive, paper_src)
        trends = trend_pages(self.archive)
        with_page = [page for page in measures if page.context["rows"] or page.context["statements"]]
        with_trends = any(page.context["reports"] for page in trends)
        # Each index links to the other, marked with the other's label where it differs from
        # its own: a WHITE index may link to trends only the SEC Parties site has.
        measures_label = max([Label.WHITE, *(p.label for p in measures)])
        trends_label = max([Label.WHITE, *(p.label for p in trends)])
        for page in with_page:
            out.append(self._planned("measure.md.j2", page.src_uri, page.title, lambda page=page: page.label,
                                     searched=True, **page.context))
        out.append(self._planned("measures.md.j2", MEASURES_SRC, "Performance measures", lambda: measures_label,
                                 measures=measures, with_page={page.src_uri for page in with_page},
                                 with_trends=with_trends, own_label=measures_label, other_label=trends_label))
        if with_trends:
            for page in trends:
                out.append(self._planned("trend.md.j2", page.src_uri, page.title, lambda page=page: page.label,
                                         searched=True, **page.context))
            out.append(self._planned("trends.md.j2", TRENDS_SRC, "Trends across papers", lambda: trends_label,
                                     trends=trends, kinds=TREND_KINDS, own_label=trends_label,
                                     other_label=measures_label))
        return out

    def abbreviations(self) -> Abbreviations:
        """The glossary's hover definitions, for every page: a definition wherever a term appears."""
        if self.archive.glossary is None:
            return Abbreviations(())
        # A term above WHITE (on the SEC Parties site) says its label after its meaning, as a
        # chip's word reads where the chip is not seen: its definition shows on WHITE pages too.
        marks = {t.abbr: "" if t.classification in (None, Label.WHITE) else f" ({t.classification.display})"
                 for t in self.archive.glossary.terms}
        terms = {t.abbr: t.meaning for t in self.archive.glossary.terms}
        # A plural ("PMRs", "LSs") is a word of its own to the abbreviation extension: it gets the
        # meaning in the plural, unless the glossary gives the plural a term of its own.
        plurals = {f"{abbr}s": _plural(meaning) + marks[abbr] for abbr, meaning in terms.items()
                   if abbr.isalnum() and f"{abbr}s" not in terms}
        return Abbreviations(tuple({**{abbr: meaning + marks[abbr] for abbr, meaning in terms.items()},
                                    **plurals}.items()))

    @cached_property
    def _calendar_entries(self) -> list[Any]:
        """The site's meetings, held and announced (``calendar_entries``), worked out once for
        the home page, the committees' pages and the calendars that draw on them."""
        return calendar_entries(self.archive)

    def _meetings_of(self, committee: str | None) -> list[Any]:
        """The calendar's meetings, of one committee or all."""
        return [e for e in self._calendar_entries if committee in (None, e.committee)]

    def upcoming(self, committee: str | None = None) -> list[Any]:
        """The meetings after the as-of date, of one committee or all."""
        return [e for e in self._meetings_of(committee) if e.date > self.site["as_of"]]

    def calendar(self, site_url: str, committee: str | None = None) -> bytes:
        """The site's meetings as iCalendar; with ``committee``, that committee's alone."""
        urls = {m.id: page_url(meeting_src(m)) for m in self.archive.meetings.values()}
        entries = self._meetings_of(committee)
        name = self.site["site_name"]
        if committee is not None:
            name = f"{self.archive.committees[committee].name}: {name}"
        return to_ical(entries, name, site_url, urls, marked=self.audience.ceiling > Label.WHITE)

    def document_page(self, doc: Meeting | Paper) -> Page:
        """One document's own page, as ``pages()`` makes it: the preview's fast path."""
        page = self.meeting_page(doc) if isinstance(doc, Meeting) else self.paper_page(doc)
        return self._with_search_terms(page)

    def pages(self) -> list[Page]:
        return [planned.make() for planned in self.plan()]

    def plan(self) -> list[Planned]:
        """Every page, in the order to render them: where each goes is known at once, and no
        page is rendered until its ``make`` is called."""
        meetings, papers = self._meetings, self._papers
        # From each document's own published text: known before any page is rendered, so that
        # the subject pages are planned with the rest.
        self.subjects = {src: subjects_of(doc, "\n".join(strings(doc)), self.site["providers"], self.archive.glossary)
                         for src, doc in self._doc_at.items()}
        out = [Planned(meeting_src(m), lambda m=m: self._with_search_terms(self.meeting_page(m))) for m in meetings]
        out += [Planned(paper_src(p), lambda p=p: self._with_search_terms(self.paper_page(p))) for p in papers]
        out.extend(self.browse_pages([*meetings, *papers]))

        with_headlines = [m for m in meetings if m.headlines is not None][:LATEST_ON_HOME]
        recent_papers = papers[:LATEST_ON_HOME]
        upcoming = self.upcoming()[:UPCOMING_ON_HOME]
        out.append(self._planned("home.md.j2", "index.md", self.site["site_name"],
                                 lambda: max([self._listing_label([*with_headlines, *recent_papers]),
                                              *(e.label for e in upcoming)]),
                                 {"hide": ["navigation"]}, latest=with_headlines, papers=recent_papers,
                                 upcoming=upcoming))
        if self.register.entries:  # none published on this site: no register, no tab (plugin.add_pages)
            out.append(Planned(REGISTER_SRC, self.register_page))
        out.append(Planned(GLOSSARY_SRC, self.glossary_page))
        out.extend(self.series_pages())

        by_committee: dict[str, list[Meeting | Paper]] = {c: [] for c in self.archive.committees}
        for doc in [*meetings, *papers]:
            by_committee.setdefault(doc.committee, []).append(doc)
        summary = []
        for cid, docs in by_committee.items():
            committee = self.archive.committees[cid]
            years = []
            docs.sort(key=lambda d: (d.date, d.id), reverse=True)
            for year, group in groupby(docs, key=lambda d: d.date.year):
                group = list(group)
                year_meetings = [d for d in group if isinstance(d, Meeting)]
                year_papers = [d for d in group if isinstance(d, Paper)]
                years.append(CommitteeYear(year, len(year_meetings), len(year_papers), group))
                out.append(self._planned("year.md.j2", year_src(cid, year), f"{cid} {year}",
                                         lambda group=group: self._listing_label(group), committee=committee, year=year,
                                         meetings=year_meetings, papers=year_papers))
            latest = [d for d in docs if isinstance(d, Meeting)][:LATEST_ON_HOME]
            out.append(Planned(committee_src(cid), lambda cid=cid, committee=committee, years=years, latest=latest:
                               self._committee_page(cid, committee, years, latest)))
            summary.append((committee, years))
        # A committee's years are marked, and the page labelled, as the years' own pages are (a
        # year can hold GREEN documents alone on the SEC Parties site).
        out.append(self._planned("committees.md.j2", "committees/index.md", "Committees",
                                 lambda: max((self._listing_label(y.docs) for _, years in summary for y in years),
                                             default=Label.WHITE),
                                 committees_summary=summary))
        # Listings, registers and series cite documents by ID many times over: in search they
        # weigh less than the documents themselves, so that an ID finds its own page first.
        return [planned if planned.src_uri in self._doc_at else Planned(planned.src_uri, _lighter(planned.make))
                for planned in out]

    def _committee_page(self, cid: str, committee: Any, years: list[CommitteeYear], latest: list[Meeting]) -> Page:
        open_actions = [e for e in self.register.sorted() if e.status.value == "open" and e.id.split(" ")[0] == cid]
        upcoming = self.upcoming(cid)[:UPCOMING_ON_HOME]
        label = max([self._listing_label(latest), *(self._listing_label(y.docs) for y in years),
                     *(e.label for e in open_actions), *(e.label for e in upcoming)])
        # Committee details are public: its own words describe its page, else the site's do.
        meta = {"description": description(_plain(committee.description))} if committee.description else {}
        meta["feed"] = committee_feed(cid)  # named in the page's head, for browsers and feed readers
        return self._page("committee.md.j2", committee_src(cid), f"{committee.name} ({cid})", label, meta,
                          committee=committee, years=years, latest=latest, open_actions=open_actions,
                          with_register=bool(self.register.entries), feed=committee_feed(cid), upcoming=upcoming,
                          calendar=committee_calendar(cid))


def _first_naming(sections: list[Any], reports: dict[str, Any], showing: dict[int, str]) -> None:
    """The first section (in reading order, at any depth) naming each report shows it."""
    for section in sections:
        if section.report in reports and section.report not in showing.values():
            showing[id(section)] = section.report
        _first_naming(section.sections, reports, showing)


def _lighter(make: Callable[[], Page]) -> Callable[[], Page]:
    def lighter() -> Page:
        page = make()
        page.meta.setdefault("search_weight", LISTING_SEARCH_WEIGHT)
        return page
    return lighter
