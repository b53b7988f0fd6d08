"""Finding things: search terms, browse and subject pages, previous/next, Atom feed, JSON export,
the action register as CSV.

All of it is computed from one audience's redacted archive and from the text of the pages
already rendered for it, so nothing here can name what the audience may not see.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import html
import io
import json
import re
from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree

from .autolink import PATTERN, modification_id
from .loading import Archive
from .register import Entry
from .schema import Glossary, Paper

_FIGURE = re.compile(r"(?<![\d,])\d{1,3}(?:,\d{3})+(?![\d,])")
_DEFINITION = re.compile(r'<abbr title="[^"]*">')
"""A glossary term's definition, written by the page into a table it builds as HTML: its words
are no words of the page (Material shows them on hover), so a page that says 'DCC' in a
table's cell still needs 'Data Communications Company' to be found by."""
EXPORT_VERSION = 1


def search_terms(text: str, glossary: Glossary | None) -> list[str]:
    """Other spellings of what a page says, for search only: figures without separators,
    modification references in every form, abbreviations and their expansions."""
    text = html.unescape(_DEFINITION.sub("", text))
    terms: list[str] = []
    for figure in _FIGURE.findall(text):
        terms.append(figure.replace(",", ""))
    for match in PATTERN.finditer(text):
        if match["mod"]:
            mid = modification_id(match.group(0))
            number = mid[2:]
            terms.extend({mid, f"SECMP{int(number):04d}", f"SECMP{number}"} if mid.startswith("MP") else {mid})
    lowered = text.lower()
    for term in glossary.terms if glossary else []:
        named, spelt_out = _names(term.abbr, text), term.meaning.lower() in lowered
        if named and not spelt_out:
            terms.append(term.meaning)
        elif spelt_out and not named:
            terms.append(term.abbr)
    return sorted(set(terms))


@functools.lru_cache(maxsize=1024)
def _word_pattern(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")


def _names(word: str, text: str) -> bool:
    """Whether ``text`` has ``word`` as a word of its own (the substring test first: it is cheap)."""
    return word in text and _word_pattern(word).search(text) is not None


def id_spellings(doc_id: str) -> list[str]:
    """A document's ID as readers type it: OPSG_49_2405_03 also as OPSG 49_2405_03,
    OPSG 49 2405 03, 49_2405_03 and 2405_03; OPSG_35x also as OPSG 35x and 35x."""
    committee, _, rest = doc_id.partition("_")
    spellings = [doc_id, f"{committee} {rest}", f"{committee} {rest.replace('_', ' ')}", rest]
    parts = rest.split("_")
    spellings.extend("_".join(parts[i:]) for i in range(1, len(parts)))
    return list(dict.fromkeys(s for s in spellings if s.strip()))


def kind_of(doc: Any) -> list[str]:
    if isinstance(doc, Paper):
        return ["papers"]
    return [name for name, _ in doc.parts()]


def subjects_of(doc: Any, text: str, providers: list[str], glossary: Glossary | None = None) -> list[str]:
    """Subject tags: the reports a paper covers, the service providers a document's text names
    (by name, or spelt out as the glossary has it)."""
    text = html.unescape(text)
    lowered = text.lower()
    meanings = {t.abbr: t.meaning.lower() for t in glossary.terms} if glossary else {}
    tags = []
    if isinstance(doc, Paper):
        tags.extend(r.title for r in doc.reports)
    tags.extend(p for p in providers if _names(p, text) or (p in meanings and meanings[p] in lowered))
    return sorted(set(tags))


def atom_feed(entries: list[dict[str, Any]], title: str, site_url: str, updated: dt.date,
              path: str = "feed.xml", key: str = "feed", page: str = "") -> bytes:
    """An Atom 1.0 feed at ``path`` in the site, its ID made from ``key``, of the documents
    the page at ``page`` lists. Entry IDs are tag URIs of the document ID: stable across
    builds and edits, and the same in every feed."""
    ns = "http://www.w3.org/2005/Atom"
    ElementTree.register_namespace("", ns)
    host = site_url.split("//", 1)[-1].split("/", 1)[0] or "headlines"
    feed = ElementTree.Element(f"{{{ns}}}feed")

    def add(parent: ElementTree.Element, tag: str, text: str | None = None, **attrs: str) -> ElementTree.Element:
        element = ElementTree.SubElement(parent, f"{{{ns}}}{tag}", attrs)
        element.text = text
        return element

    add(feed, "title", title)
    add(feed, "id", f"tag:{host},2020:{key}")
    add(feed, "updated", f"{updated.isoformat()}T00:00:00Z")
    add(feed, "link", href=site_url.rstrip("/") + "/" + path, rel="self")
    add(feed, "link", href=site_url.rstrip("/") + "/" + page)
    author = add(feed, "author")
    add(author, "name", "SECAS")
    for entry in entries:
        item = add(feed, "entry")
        add(item, "title", entry["title"])
        add(item, "id", f"tag:{host},{entry['date'].year}:{entry['id']}")
        add(item, "updated", f"{entry['updated'].isoformat()}T00:00:00Z")
        add(item, "published", f"{entry['date'].isoformat()}T00:00:00Z")
        add(item, "link", href=site_url.rstrip("/") + "/" + entry["path"])
        add(item, "summary", entry["summary"])
        add(item, "category", term=entry["label"])
    return ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def robots_txt(site_url: str, public: bool) -> bytes:
    """What a crawler may read. The public site: everything, and where its sitemap is. A site
    above WHITE: nothing. Its server asks for a login and says ``noindex`` too
    (``deploy/nginx``), and so does each of its pages; this file is for a host that does not."""
    if not public:
        return (b"# GREEN material, never made publicly available: no page of this site is to be crawled.\n"
                b"User-agent: *\nDisallow: /\n")
    sitemap = f"Sitemap: {site_url.rstrip('/')}/sitemap.xml\n" if site_url else ""
    return f"User-agent: *\nAllow: /\n{sitemap}".encode()


def export(archive: Archive, audience: str, ceiling: str, as_of: dt.date, actions: list[dict[str, Any]],
           paths: dict[str, str], public_urls: dict[str, str] | None = None) -> bytes:
    """The published data as JSON: the shape README's 'Open data' section documents. Above
    WHITE, a document the public site has too gives its page's address there (``public_urls``)."""
    public_urls = public_urls or {}
    documents = []
    for kind, docs in (("meeting", archive.meetings), ("paper", archive.papers)):
        for doc in sorted(docs.values(), key=lambda d: (d.date, d.id)):
            documents.append({"kind": kind, "path": paths[doc.id],
                              **({"public_url": public_urls[doc.id]} if doc.id in public_urls else {}),
                              **doc.model_dump(mode="json", exclude_none=True)})
    figures = [{"paper": paper.id, **report.model_dump(mode="json", exclude_none=True)}
               for paper in sorted(archive.papers.values(), key=lambda p: p.id) for report in paper.reports]
    body = {"version": EXPORT_VERSION, "audience": audience, "ceiling": ceiling, "as_of": as_of.isoformat(),
            "committees": [c.model_dump(mode="json", exclude_none=True) for c in archive.committees.values()],
            "documents": documents, "actions": actions, "figures": figures}
    # Compact: one line, written by json's C encoder (an indented dump of a large archive takes
    # seconds in pure Python). Browsers and ``python -m json.tool`` lay it out for reading.
    return (json.dumps(body, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


ACTIONS_CSV_COLUMNS = ("Action", "Label", "Action text", "Owner", "Raised", "Raised at", "Target date",
                       "First target date", "Status", "Overdue", "Superseded by", "Closed at", "Latest update",
                       "Link")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    """A text cell a spreadsheet shows as text: one starting as a formula would (``=``, ``+``,
    ``-``, ``@``) is written after an apostrophe, which Excel and LibreOffice take as 'text'."""
    return "'" + value if value.startswith(_FORMULA) else value


def actions_csv(entries: list[Entry], as_of: dt.date, plain: Callable[[str], str], link: Callable[[Entry], str]
                ) -> bytes:
    """The action register as a spreadsheet: a row an action, in the register's order, with
    what its page shows of it (``plain``: text as plain words; ``link``: an entry's address).
    A row's Label is the most restrictive of all it holds (``Entry.label_shown``), so a WHITE
    action whose status came from GREEN minutes is GREEN.
    UTF-8 with a byte-order mark, so that Excel reads the dashes and quotes as written."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(ACTIONS_CSV_COLUMNS)
    for e in entries:
        updates = [ev for ev in e.events if ev.update]
        latest = " ".join(plain(p.text) for p in updates[-1].update) if updates else ""
        target, first = e.current_target, e.target_date
        writer.writerow([
            e.id, e.label_shown.display, _cell(plain(e.text)), _cell(plain(e.owner)),
            e.raised.isoformat() if e.raised else "", e.raised_at.id if e.raised_at else "",
            target.isoformat() if target else "", first.isoformat() if first and first != target else "",
            e.status.value.capitalize(), "Yes" if e.overdue(as_of) else "No", e.superseded_by or "",
            e.closed_at.id if e.closed_at else "", _cell(latest), link(e)])
    return ("\ufeff" + out.getvalue()).encode()
