"""Links that write themselves: IDs in text become links when their target is published.

Meeting IDs (``OPSG_41_2501``, ``OPSG 41``, ``OPSG_35x``), paper IDs (``OPSG_49_2405_03``) and
action IDs (``OPSG 35x/01``, ``OPSG_35x/01``) link to their page or register entry when the
audience can see it, and stay plain text when it cannot. Modification references
(``SECMP0116``, ``MP122``, ``DP160``) link to a configured URL pattern. Text inside an
existing Markdown link or a code span is left alone; an address written out (``https://…``,
``<https://…>``, ``name@example.org``) links to itself.
"""

from __future__ import annotations

import html.entities
import posixpath
import re
from collections.abc import Callable

from markupsafe import Markup, escape

from . import ids
from .loading import Archive

_CODE = r"[A-Z][A-Z0-9]{1,9}"
_NUM = r"[0-9]+[xX]*"
PATTERN = re.compile(
    rf"\b(?:(?P<paper>{_CODE}[ _]\s?{_NUM}_[0-9]{{4}}_[0-9]{{2}})"
    rf"|(?P<action>{_CODE}[ _]\s?{_NUM}(?:_[0-9]{{4}})?/[0-9]{{1,3}})"
    rf"|(?P<meeting>{_CODE}[ _]\s?{_NUM}(?:_[0-9]{{4}})?)"
    rf"|(?P<mod>(?:SECMP|MP|DP)0*(?P<modnum>[0-9]{{1,4}})))\b"
)
CODE_SPAN = r"(?<!\\)(?P<ticks>`+)(?P<code>.+?)(?<!`)(?P=ticks)(?!`)"
"""A code span, as Python-Markdown's ``BACKTICK_RE`` finds one."""
CODE_SPAN_RE = re.compile(CODE_SPAN)
_TICK = re.compile(r"(\\\\)|\\?`")
"""A backtick of no code span, escaped or not (``\\```), and what is not one: an escaped backslash."""
_BRACKET = re.compile(r"(\\\\)|\\?([\[\]])")
"""A square bracket, escaped or not, and what is not one: an escaped backslash."""
_EMAIL = r"[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
LINK = r"!?\[[^\]]*\]\((?:[^()]|\([^()]*\))*\)"
"""A Markdown link, whole: its target closed (a bracket in it paired, as a Wikipedia address's)."""
LINK_RE = re.compile(LINK)
_AS_WRITTEN = re.compile(
    rf"(?P<link>{LINK})"  # a link the text writes: left as it is
    rf"|{CODE_SPAN}"
    rf"|<(?P<angled>(?:https?://|mailto:)[^\s<>]+|{_EMAIL})>"
    r"|(?P<url>\bhttps?://[^\s<>\"`]+)"
    rf"|(?P<email>(?<![\w.+-]){_EMAIL})")
"""What in a text is not searched for IDs: a link, a code span, an address (``<https://…>``,
a bare ``https://…`` or ``name@example.org``), which becomes a link."""
_NOT_ENDING_AN_ADDRESS = ".,:;!?'\"*_~"
_LITERAL = {c: f"&#{ord(c)};" for c in "\\`*{}[]~"}
"""Characters Markdown would read as its own in a code span or an address written as HTML."""
_OPEN_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
"""An underscore that could open or close emphasis: not one between letters or digits
(``OPSG_41_2501``), which Markdown leaves alone, and which keeps an ID one word."""
_IN_HREF = {"(": "%28", ")": "%29", "{": "%7B", "}": "%7D", " ": "%20"}


def _literal(text: str) -> str:
    """Text escaped for HTML and shown as written, not read as Markdown (emphasis, links)."""
    return _OPEN_UNDERSCORE.sub("&#95;", "".join(_LITERAL.get(c, c) for c in str(escape(text))))


_REFERENCE_AFTER = "|".join(sorted((name for name in html.entities.html5 if not name.endswith(";")),
                                   key=len, reverse=True))
_AMPERSAND = re.compile(rf"&amp;(?!#|[A-Za-z0-9]+;|{_REFERENCE_AFTER})")
"""An escaped ampersand that HTML and Markdown would read as one written bare: not before a
'#', a name and its ';', or a name HTML reads without one ('&copy' is ©)."""


def escape_text(text: str) -> str:
    """Text escaped for HTML, an ampersand written bare where nothing could read it as the
    start of a character's reference ('C&S'): Markdown escapes it as it writes the page, and
    a glossary term holding one ('CSP C&S') is found in the page's text, as '&amp;' hid it."""
    escaped = str(escape(text))
    return _AMPERSAND.sub("&", escaped) if "&amp;" in escaped else escaped


def _ticks(text: str) -> str:
    """Backticks outside code spans shown as typed (Markdown takes the backslash of ``\\```)."""
    return _TICK.sub(lambda found: found.group(1) or "&#96;", text) if "`" in text else text


def code_as_html(text: str) -> Markup:
    """Text escaped for HTML, its code spans written as HTML (their text escaped once, where
    Markdown would escape it again) and a backtick of no code span shown as typed: one in
    each of two titles on a line would make a code span of what lies between them."""
    if "`" not in text:
        return Markup(escape_text(text))
    out, last = [], 0
    for found in CODE_SPAN_RE.finditer(text):
        out += [_ticks(escape_text(text[last:found.start()])),
                f"<code>{_literal(found['code'].strip())}</code>"]
        last = found.end()
    return Markup("".join([*out, _ticks(escape_text(text[last:]))]))


def _address(written: str) -> tuple[str, str]:
    """A bare address as a Markdown link, and the text after it that ends the sentence, not
    the address: ``https://example.org/x).`` is the link and ``).``, where the bracket
    opened before the address."""
    end = len(written)
    while end and (written[end - 1] in _NOT_ENDING_AN_ADDRESS
                   or (written[end - 1] == ")" and written.count("(", 0, end) < written.count(")", 0, end))):
        end -= 1
    if not re.search(r"://[^/]|@", written[:end]):
        return _literal(written), ""  # 'https://', and nothing of an address after it
    return _web_link(written[:end]), written[end:]


def _web_link(address: str) -> str:
    """An address as a link to itself, written as HTML with the class ``hl-address``: a printed
    page prints the address of a link to another site after its words, and these words are
    the address already."""
    href = address if "://" in address or address.startswith("mailto:") else f"mailto:{address}"
    shown = address.removeprefix("mailto:")
    href = "".join(_IN_HREF.get(c, c) for c in str(escape(href)))
    return f'<a class="hl-address" href="{href}">{_literal(shown)}</a>'

# Markdown's block syntax where a line of text starts: a heading, a list item, a rule, a
# setext underline or a table's separator, a table row, an abbreviation or link definition.
_HEADING_OR_ROW = re.compile(r"[#|]")
_BULLET = re.compile(r"[-+*](?:[ \t]|$)")
_RULE = re.compile(r"[-=_*+:| \t]+$")
_ORDERED = re.compile(r"(\d{1,9})\.(?=[ \t]|$)")
_DEFINITION = re.compile(r"\*?\[[^\]]*\]:")
_ENTITY = {c: f"&#{ord(c)};" for c in "#|-+*=_:["}


def _line_as_text(line: str, lists: bool) -> str:
    """One line of text with what would start a Markdown block there written as an entity, so
    that it shows as typed; list items kept where ``lists``."""
    body = line.lstrip(" \t")  # four spaces would start a code block; HTML shows none of them
    if not body or (lists and _BULLET.match(body)):
        return line
    if _HEADING_OR_ROW.match(body) or _BULLET.match(body) or _RULE.match(body) or _DEFINITION.match(body):
        return _ENTITY[body[0]] + body[1:]
    ordered = _ORDERED.match(body)
    if ordered and not lists:
        return f"{ordered[1]}&#46;{body[ordered.end():]}"
    return line if lists else body


EMPHASIS = re.compile(r"(?<![\w*])(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)(?<!\*(?=\*))(?<!_(?=_))\1(?![\w*])")
"""Emphasis, as its marks pair up around words: ``*Draft*``, ``__strong__``. A closing mark
is a whole run of marks, never the end of a longer one: in '*a **b** c*' the emphasis ends
at the last '*', not at the second of the '**' after 'b' (Python-Markdown then shows the
words in italics, without the bold, and no mark as text)."""
LONE_MARK = re.compile(r"\*|_(?:(?![^\W_])|(?<![^\W_]_))")
"""An emphasis mark: an asterisk, an underscore not between letters or digits (``OPSG_41_2501``)."""
_ESCAPED_MARK = re.compile(r"(\\\\)|\\([*_])")
"""A mark escaped with a backslash (``\\*``), which is no mark, and an escaped backslash."""
_ASIDE = re.compile(r"<[^>]*>|\]\([^)]*\)|^[ \t]*[-+*](?=[ \t])", re.MULTILINE)
"""What holds marks that are not emphasis: a tag, a link's target, a list's bullet (in a cell)."""


def marks_kept(markdown: str) -> str:
    """Markdown with its emphasis marks that pair kept (``*Draft*``) and the others shown as
    typed: a lone one paired with one written after it on its line, in the next name of a
    list or in the page's own words (an open action's '**overdue**')."""
    if "*" not in markdown and ("_" not in markdown or not LONE_MARK.search(markdown)):
        return markdown  # most text: no mark, or underscores only inside IDs (OPSG_41_2501): 2 µs
    if "\\" in markdown:
        markdown = _ESCAPED_MARK.sub(lambda found: found[1] or f"&#{ord(found[2])};", markdown)
    return set_aside(_ASIDE, markdown, _paired_or_shown)


def set_aside(pattern: re.Pattern[str], text: str, work: Callable[[str], str],
              kept: Callable[[re.Match[str]], str] = lambda found: found[0]) -> str:
    """``work`` done on ``text`` but for what ``pattern`` finds in it, which is put back after,
    as ``kept`` gives it (a placeholder holds its place: no letter, mark or space)."""
    held: list[str] = []

    def aside(found: re.Match[str]) -> str:
        held.append(kept(found))
        return f"\x00{len(held) - 1}\x00"

    done = work(pattern.sub(aside, text))
    return re.sub("\x00(\\d+)\x00", lambda at: held[int(at[1])], done) if held else done


def _paired_or_shown(text: str) -> str:
    """``text`` with each pair of marks kept and each mark of no pair shown. A closing mark
    pairs with the nearest mark before it that opens the same way, as CommonMark reads them:
    in '*Figures exclude *all* returns' the first '*' is a footnote's, shown, and 'all' is
    emphasis (paired with the first, the emphasis took in 'Figures exclude')."""
    out, last, at = [], 0, 0
    while found := EMPHASIS.search(text, at):
        for opener in range(found.end() - 2 * len(found[1]) - 1, found.start(), -1):
            nearer = EMPHASIS.match(text, opener) if text.startswith(found[1], opener) else None
            if nearer and nearer.end() == found.end() and nearer[1] == found[1]:
                found = nearer
                break
        out += [LONE_MARK.sub(_shown, text[last:found.start()]), found[1], _paired_or_shown(found[2]), found[1]]
        last = at = found.end()
    return "".join([*out, LONE_MARK.sub(_shown, text[last:])])


def _shown(mark: re.Match[str]) -> str:
    return f"&#{ord(mark[0])};"


def closed(markdown: str) -> str:
    """A text that ends in a backslash, with that backslash shown: Markdown would read it with
    what the page writes after the text (a link's ']', a badge's '<'), as an escape."""
    if not markdown.endswith("\\"):
        return markdown
    run = len(markdown) - len(markdown.rstrip("\\"))
    return markdown[:-1] + "&#92;" if run % 2 else markdown


def inline_only(markdown: str, lists: bool = False) -> str:
    """Text fields take inline Markdown (emphasis, links) and nothing else: a paragraph that
    begins '# ', '- ', '1. ' or '---' is shown as written, not made a heading, a list or a
    rule; a line '*[DCC]: …' or '[1]: …' is shown, not taken off the page as a definition;
    and braces are shown, not read as attributes for the element (``{: .hidden}``). Table
    cells (``lists``) keep their lists, as the papers' tables have them. A text is one
    paragraph: a blank line in it is none, where it ended the line a page writes the text in
    (an action's, before its target date, whose anchor went to the second paragraph)."""
    if markdown[:1].isalpha() and "\n" not in markdown and "{" not in markdown:
        return markdown  # most text: one line that starts with a letter
    lines = markdown.split("\n")
    return "\n".join(_line_as_text(line, lists) for line in lines if lists or line.strip()).replace("{", "&#123;")

Target = tuple[str, str]  # (src_uri of the page, anchor or "")


def modification_id(text: str) -> str:
    """``SECMP0116`` and ``MP116`` are both ``MP116``; ``DP160`` stays ``DP160``."""
    match = PATTERN.fullmatch(text)
    assert match and match["mod"]
    prefix = "DP" if text.startswith("DP") else "MP"
    return f"{prefix}{int(match['modnum'])}"


class Linker:
    """Knows which IDs have a page for this audience, and writes links to them."""

    def __init__(self, archive: Archive, actions: dict[str, Target], page_of: Callable[[object], str],
                 modification_url: str | None) -> None:
        self.committees = set(archive.committees)
        self.meetings: dict[str, str] = {}
        for meeting in archive.meetings.values():
            src = page_of(meeting)
            self.meetings[meeting.id] = src
            # "OPSG 41" names meeting 41 when exactly one visible meeting has that number.
            short = "_".join(meeting.id.split("_")[:2])
            self.meetings[short] = src if short not in self.meetings or short == meeting.id else ""
        self.papers = {paper.id: page_of(paper) for paper in archive.papers.values()}
        # An ID a document had before ('formerly') still links to it; no document has it now.
        for docs, pages in ((archive.meetings, self.meetings), (archive.papers, self.papers)):
            for doc in docs.values():
                for old in doc.former_ids:
                    pages.setdefault(old, page_of(doc))
        self.actions = actions
        self.modification_url = modification_url

    def target(self, match: re.Match[str]) -> Target | str | None:
        """A page in this site, an external address, or None (plain text)."""
        text = match.group(0)
        if match["mod"]:
            if not self.modification_url:
                return None
            mid = modification_id(text)
            return self.modification_url.format(id=mid, number=int(match["modnum"]))
        if text.split("_")[0].split(" ")[0] not in self.committees:
            return None
        try:
            if match["paper"]:
                src = self.papers.get(ids.paper_id(text))
                return (src, "") if src else None
            if match["action"]:
                return self.actions.get(ids.action_id(text))
            src = self.meetings.get(ids.meeting_id(text))
            return (src, "") if src else None
        except ValueError:
            return None

    def markdown(self, text: str, from_src: str, lists: bool = False,
                 mark: Callable[[Target], str] | None = None) -> Markup:
        """Text escaped for HTML, with IDs turned into Markdown links where published and
        addresses into links to themselves (``_AS_WRITTEN``; a code span written as HTML, its
        text escaped once), as inline Markdown only (``inline_only``), with lists where
        ``lists``. ``mark``: what follows a link to a page of this site (its target's label
        chip, where it has one)."""
        if not ("[" in text or "`" in text or "<" in text or "@" in text or "://" in text):
            return Markup(closed(marks_kept(inline_only(self._link_plain(text, from_src, mark), lists))))  # most text
        out: list[str] = []
        last = 0
        rest = ""  # what followed the last bare address, not part of it: plain text
        for found in _AS_WRITTEN.finditer(text):
            out.append(self._link_plain(rest + text[last:found.start()], from_src, mark))
            rest = ""
            if found["link"]:
                out.append(str(escape(found["link"])))
            elif found["code"]:
                out.append(code_as_html(found.group()))
            elif found["angled"]:
                out.append(_web_link(found["angled"]))
            else:
                link, rest = _address(found.group())
                out.append(link)
            last = found.end()
        out.append(self._link_plain(rest + text[last:], from_src, mark))
        return Markup(closed(marks_kept(inline_only("".join(out), lists))))

    def _link_plain(self, text: str, from_src: str, mark: Callable[[Target], str] | None = None) -> str:
        def replace(match: re.Match[str]) -> str:
            target = self.target(match)
            label = str(escape(match.group(0)))
            if target is None:
                return label
            if isinstance(target, str):
                return f"[{label}]({target})"
            src, anchor = target
            if src == from_src and not anchor:
                return label
            href = posixpath.relpath(src, posixpath.dirname(from_src) or ".")
            return f"[{label}]({href}{'#' + anchor if anchor else ''}){mark(target) if mark else ''}"

        escaped = _ticks(escape_text(text))
        if "[" in escaped or "]" in escaped:  # of no link: shown, or '[x](' took what the page wrote after it
            escaped = _BRACKET.sub(lambda found: found[1] or _LITERAL[found[2]], escaped)
        return PATTERN.sub(replace, escaped)


def page_url(src: str) -> str:
    """A page's address in the site, from its source path, as MkDocs's directory URLs make it:
    ``meetings/opsg/2021/opsg-41-2501.md`` is at ``meetings/opsg/2021/opsg-41-2501/``,
    ``actions/index.md`` at ``actions/``."""
    if src.endswith("index.md"):
        return src[: -len("index.md")]
    return src[: -len(".md")] + "/"


def directory_urls(html: str, from_src: str) -> str:
    """Rewrite ``.md`` links in HTML built here (table cells) to the site's directory URLs."""
    here = page_url(from_src)

    def replace(match: re.Match[str]) -> str:
        href, anchor = match.group(1), match.group(2) or ""
        target = posixpath.normpath(posixpath.join(posixpath.dirname(from_src), href))
        rel = posixpath.relpath(page_url(target), here.rstrip("/") or ".")
        return f'href="{rel.rstrip("/") + "/" if rel != "." else "./"}{anchor}"'

    return re.sub(r'href="([^":#]+\.md)(#[^"]*)?"', replace, html)
