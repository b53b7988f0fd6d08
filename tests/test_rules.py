"""Unit tests of the classification rules, from the golden table in golden/labels.yml."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
import yaml
from pydantic import TypeAdapter, ValidationError
from conftest import site_markdown
from hypothesis import example, given, settings
from hypothesis import strategies as st
from headlines import plugin
from headlines.classify import redact, resolve_labels
from headlines.labels import PUBLIC, SEC_PARTIES, Label, audience_named, parse_label
from headlines.loading import Archive, _in_order, document_checks
from headlines.schema import Figure, Meeting
from headlines.yamlsource import Source, YamlError, read_yaml
from mkdocs.exceptions import PluginError

GOLDEN = yaml.safe_load((Path(__file__).parent / "golden" / "labels.yml").read_text())


@pytest.mark.parametrize(("written", "expected"), GOLDEN["spellings"].items())
def test_label_spellings(written: str, expected: str) -> None:
    if expected == "error":
        with pytest.raises(ValueError, match="allowed: WHITE"):
            parse_label(written)
    else:
        assert parse_label(written).display == expected


@pytest.mark.parametrize(("written", "hint"), [("TLP:GREEN", "GREEN"), ("tlp:amber+strict", "AMBER+STRICT"),
                                              ("TLP: clear", "WHITE"), ("TLP:PUBLIC", None), ("PUBLIC", None)])
def test_a_label_written_as_on_the_banner_is_refused_with_the_label_to_write(written: str, hint: str | None) -> None:
    """The documents' banners read "TLP:GREEN": the data takes the label alone, and says which."""
    with pytest.raises(ValueError) as refused:
        parse_label(written)
    said = str(refused.value)
    assert said.startswith(f"found {written!r}; allowed: WHITE (or CLEAR), GREEN")
    assert said.endswith(f" (the label alone, without 'TLP:': {hint})" if hint else "RED"), said


@pytest.mark.parametrize(("written", "meant"), [("AMBR", "AMBER"), ("Gren", "GREEN"), ("GREEEN", "GREEN"),
                                               ("whte", "WHITE"), ("AMBER STRICT", "AMBER+STRICT"), ("REED", "RED")])
def test_a_misspelt_label_is_refused_with_the_label_it_is_closest_to(written: str, meant: str) -> None:
    """A slip of the keys is named with the label it is closest to, and never read as it: the
    editor says which label they meant."""
    with pytest.raises(ValueError) as refused:
        parse_label(written)
    assert str(refused.value) == f"found {written!r} (did you mean '{meant}'?); allowed: WHITE (or CLEAR), GREEN, " \
                                 "AMBER, AMBER+STRICT, RED"


def _meeting(parent: str, own: str | None) -> Meeting:
    paragraph = {"text": "A paragraph.", **({"classification": own} if own else {})}
    return Meeting.model_validate({
        "id": "OPSG_1_0101", "committee": "OPSG", "type": "main", "date": "2021-01-01",
        "headlines": {"classification": parent, "items": [{"title": "Item", "paragraphs": [paragraph]}]},
    })


@pytest.mark.parametrize(("parent", "own", "expected"), GOLDEN["inheritance"])
def test_inheritance(parent: str, own: str | None, expected: str) -> None:
    meeting = _meeting(parent, own)
    archive = Archive(meetings={meeting.id: meeting},
                      sources={meeting.id: Source(Path("data/meetings/opsg/2021/OPSG_1_0101.yml"), {})})
    errors = resolve_labels(archive)
    if expected == "error":
        assert len(errors) == 1
        assert "less restrictive than its parent's" in errors[0].message
        assert errors[0].field == "headlines.items[0].paragraphs[0].classification"
    else:
        assert errors == []
        assert meeting.headlines.items[0].paragraphs[0].classification == parse_label(expected)


@pytest.mark.parametrize(("label", "shown"), GOLDEN["visibility"].items())
def test_visibility(label: str, shown: list[bool]) -> None:
    for audience, expected in zip((PUBLIC, SEC_PARTIES), shown):
        meeting = _meeting("WHITE", label)
        archive = Archive(meetings={meeting.id: meeting},
                          sources={meeting.id: Source(Path("x.yml"), {})})
        assert resolve_labels(archive) == []
        view = redact(archive, audience, dt.date(2026, 1, 1)).archive
        kept = view.meetings[meeting.id].headlines.items[0].paragraphs
        assert bool(kept) is expected, (label, audience.key)


def test_no_audience_named_is_public() -> None:
    assert audience_named(None) is PUBLIC
    assert audience_named("SEC-Parties") is SEC_PARTIES
    with pytest.raises(ValueError):
        audience_named("everyone")


def test_labels_are_ordered() -> None:
    assert Label.WHITE < Label.GREEN < Label.AMBER < Label.AMBER_STRICT < Label.RED


def test_every_label_is_a_label() -> None:
    """WHITE is 0 as an int, yet no label reads as none: ``label or default`` keeps WHITE WHITE."""
    assert all(bool(label) for label in Label)
    assert (Label.WHITE or Label.RED) is Label.WHITE
    assert Label.or_red(Label.WHITE) is Label.WHITE and Label.or_red(None) is Label.RED


def test_a_page_labelled_above_the_ceiling_fails_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    """What the page shows was redacted to the ceiling, so a label above it is a fault somewhere
    (as when WHITE read as no label and became RED): the build stops rather than publish it."""
    monkeypatch.setattr(plugin, "state", plugin.BuildState(audience=PUBLIC))
    page = SimpleNamespace(meta={"classification": "GREEN"}, file=SimpleNamespace(src_uri="actions.md"))
    with pytest.raises(PluginError, match=r"actions\.md: the page is labelled GREEN, above the Public site's "
                                          r"ceiling \(WHITE\)"):
        plugin.page_markdown("", page)  # type: ignore[arg-type]
    page.meta["classification"] = "white"
    assert plugin.page_markdown("Text", page) == "Text"  # type: ignore[arg-type]
    assert page.meta["classification"] == "WHITE"


@pytest.mark.parametrize(("text", "lists", "html"), [
    ("# Heading? No", False, "<p>&#35; Heading? No</p>"),
    ("- item\n  - nested", False, "<p>&#45; item\n&#45; nested</p>"),
    ("2. second\n---", False, "<p>2&#46; second\n&#45;--</p>"),
    ("*emphasis* stays, as do [links](https://example.org)", False,
     '<p><em>emphasis</em> stays, as do <a href="https://example.org">links</a></p>'),
    ("Total\n\n- one\n- two", True, "<p>Total</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
    ("# Heading? No\n=", True, "<p>&#35; Heading? No\n&#61;</p>"),
    ("One paragraph\n\n \nof text", False, "<p>One paragraph\nof text</p>"),
])
def test_text_is_inline_markdown_and_cells_keep_their_lists(text: str, lists: bool, html: str) -> None:
    """What a text field may hold (``autolink.inline_only``): inline Markdown, and lists in a
    table cell, as the papers' tables have them; no other block is made of it."""
    from headlines.autolink import inline_only

    md = site_markdown()
    assert md.convert(inline_only(text, lists)) == html


def _linked(text: str, definitions: str = "") -> str:
    """A text as a page shows it: linked (an archive holding meeting OPSG_41_2501), then made
    HTML by Python-Markdown with the sites' extensions and an abbreviation for OPSG (and any
    ``definitions``, as a page's Markdown ends with them)."""
    from headlines.autolink import Linker

    meeting = SimpleNamespace(id="OPSG_41_2501", former_ids=[])
    archive = SimpleNamespace(committees={"OPSG": None}, meetings={meeting.id: meeting}, papers={})
    linker = Linker(archive, {}, lambda doc: "meetings/opsg-41-2501.md", None)  # type: ignore[arg-type]
    md = site_markdown()
    return md.convert(f"{linker.markdown(text, 'index.md')}\n\n*[OPSG]: Operations Group\n{definitions}")


@pytest.mark.parametrize(("text", "html"), [
    ("Code: `<b> & {x}`", "<p>Code: <code>&lt;b&gt; &amp; &#123;x&#125;</code></p>"),
    ("`OPSG_41_2501` names OPSG_41_2501",
     '<p><code>OPSG_41_2501</code> names <a href="meetings/opsg-41-2501.md">OPSG_41_2501</a></p>'),
    ("`__init__(*args)` and ``a ` b``",
     "<p><code>&#95;&#95;init&#95;&#95;(&#42;args)</code> and <code>a &#96; b</code></p>"),
    ("\\`not code\\` and a lone ` tick", "<p>&#96;not code&#96; and a lone &#96; tick</p>"),
    ("See https://example.org/a_(b).",
     '<p>See <a class="hl-address" href="https://example.org/a_%28b%29">https://example.org/a&#95;(b)</a>.</p>'),
    ("(see https://example.org/x), then",
     '<p>(see <a class="hl-address" href="https://example.org/x">https://example.org/x</a>), then</p>'),
    ("<https://example.org/?a=1&b=2>",
     '<p><a class="hl-address" href="https://example.org/?a=1&amp;b=2">https://example.org/?a=1&amp;b=2</a></p>'),
    ("Write to secas@gemserv.com.",
     '<p>Write to <a class="hl-address" href="mailto:secas@gemserv.com">secas@gemserv.com</a>.</p>'),
    ("<mailto:secas@gemserv.com>",
     '<p><a class="hl-address" href="mailto:secas@gemserv.com">secas@gemserv.com</a></p>'),
    ("https://example.org/OPSG_41_2501",
     '<p><a class="hl-address" href="https://example.org/OPSG_41_2501">https://example.org/OPSG_41_2501</a></p>'),
    ("[OPSG_41_2501](https://example.org/) as written",
     '<p><a href="https://example.org/">OPSG_41_2501</a> as written</p>'),
    ("https:// and nothing", "<p>https:// and nothing</p>"),
    ("An escaped \\[x\\], a link left open [y](", "<p>An escaped &#91;x&#93;, a link left open &#91;y&#93;(</p>"),
    ("[W](https://w.org/F_(b)) whole", '<p><a href="https://w.org/F_(b)">W</a> whole</p>'),
    ("(https://example.org/x)`code`",
     '<p>(<a class="hl-address" href="https://example.org/x">https://example.org/x</a>)<code>code</code></p>'),
])
def test_code_and_addresses_in_text_show_as_written_and_addresses_link(text: str, html: str) -> None:
    """A code span shows its text as written: escaped once, no ID linked in it, no Markdown
    read in it. An address (a bare or bracketed https:// or email address) becomes a link to
    itself, without the punctuation that ends the sentence after it, and no ID in it is
    linked on its own. Square brackets of no whole link show as typed (a link left open took
    what the page wrote after the text for its address)."""
    assert _linked(text) == html


@given(st.text(alphabet="`<>&*_[](){}\\ :/@.abs", max_size=40).map(
    lambda t: t.replace("s", "script").replace("a", "https://").replace("b", "OPSG_41_2501")))
@settings(max_examples=300, deadline=None)
def test_no_text_writes_an_element_of_its_own(text: str) -> None:
    """Whatever a text holds (backticks, brackets, addresses, tags), the only elements on the
    page are the ones Markdown and the links make: none the text writes."""
    tags = set(re.findall(r"</?([a-zA-Z][\w-]*)", _linked(text)))
    assert tags <= {"p", "a", "code", "em", "strong", "abbr"}, text


@given(st.text(alphabet="&;# x1C", min_size=1, max_size=12).filter(str.strip).map(
    lambda t: t.replace("x", "copy").replace("C", "CSP C&S")))
@example("CSP C&S and &copy 2021, &lt; &#38; &amp AT&T")
@settings(max_examples=500, deadline=None)
def test_an_ampersand_reads_as_typed_and_a_term_holding_one_is_defined(text: str) -> None:
    """An ampersand is written bare where nothing could read it as a character's reference
    ('C&S'), so the glossary's 'CSP C&S' is found in the page's text ('&amp;' hid it, and only
    'CSP' was defined). Whatever follows one, a text, a value in a heading and a value in a
    table's caption read as typed, and so does the text as HTML read before Markdown's
    conversion (as a table's cell or a caption passes through the page's)."""
    from markupsafe import escape

    from headlines.autolink import escape_text
    from headlines.render import _finalize, _Inline, value_as_paragraph

    def shown(page: str) -> str:
        return " ".join(html.unescape(re.sub(r"<[^>]+>", "", page)).split())

    typed = " ".join(text.split())
    term = "*[CSP C&S]: Communications Service Provider, Central and South"
    as_text = _linked(text, term)
    heading = site_markdown().convert(f"### 2. {escape(_finalize(text))} (DCC) {{ #h }}\n\n{term}")
    caption = str(_Inline({"CSP C&S": "Communications Service Provider, Central and South"})(value_as_paragraph(text)))
    for page, around in ((as_text, "{}"), (heading, "2. {} (DCC)"), (caption, "{}")):
        assert shown(page) == around.format(typed), (text, page)
        assert page.count('<abbr title="Communications Service Provider, Central and South">CSP C&amp;S</abbr>') == \
            len(re.findall(r"\bCSP C&S\b(?![A-Za-z0-9]*;)", text)), (text, page)  # a word, no reference
    assert html.unescape(escape_text(text)) == text


@given(st.text(alphabet="`<>&*_[](){}\\|#:!. \n-+=ab1", min_size=1, max_size=30).filter(str.strip))
@settings(max_examples=300, deadline=None)
def test_no_text_breaks_the_line_or_the_row_it_is_written_in(text: str) -> None:
    """Whatever a text holds, the line a page writes it in goes on after it (an action's text,
    then its target date), and a table's row keeps its cells."""
    from headlines.autolink import Linker
    from headlines.render import _in_row

    archive = SimpleNamespace(committees={"OPSG": None}, meetings={}, papers={})
    linked = Linker(archive, {}, lambda doc: "", None).markdown(text, "index.md")  # type: ignore[arg-type]
    md = site_markdown()
    line = md.convert(f"**ACTION X**: {linked} (target date 3 May)\n{{: #x }}")
    assert line.startswith('<p id="x"><strong>ACTION X</strong>: ') and line.endswith(" (target date 3 May)</p>")
    assert line.count("<p") == 1, line
    row = md.reset().convert(f"| A | B |\n|---|---|\n| {_in_row(linked)} | end |")
    assert row.count("<td") == 2 and "<td>end</td>" in row, row


def _in_paragraph(md: markdown.Markdown, text: str) -> str:
    """``text`` as HTML, which must be one paragraph: what is inside it."""
    html = md.reset().convert(text)
    assert html.startswith("<p>") and html.endswith("</p>"), html
    return html[3:-4]


_SIDE_BY_SIDE = st.text(alphabet="*_`ab []{}()|\\<>&#:", min_size=1, max_size=8).filter(lambda t: t.strip() == t)


def _side_by_side(test: Callable[[str, str], None]) -> Callable[[], None]:
    """A test of two values or texts side by side: drawn, and links left open, each closed by
    what the page writes after it, as examples (Hypothesis seldom draws them)."""
    for first, second in [("[a](", ")"), ("[a](b", "c)"), ("[a](b(c)", ")")]:
        test = example(first, second)(test)
    return given(_SIDE_BY_SIDE, _SIDE_BY_SIDE)(settings(max_examples=400, deadline=None)(test))


@_side_by_side
def test_two_values_side_by_side_read_as_each_alone(first: str, second: str) -> None:
    """Two values a template writes on one line (the names of a list, a title then a title)
    read as each does alone: no mark of one pairs with a mark of the other (an underscore, an
    asterisk, a backtick in each of two names made the text between them emphasis or code)."""
    from markupsafe import escape

    from headlines.render import _finalize

    md = site_markdown()
    a, b = escape(_finalize(first)), escape(_finalize(second))  # as Jinja writes them
    alone = [_in_paragraph(md, f"x {value} y")[2:-2] for value in (a, b)]
    assert _in_paragraph(md, f"x {a}, {b} y") == f"x {alone[0]}, {alone[1]} y"


@_side_by_side
def test_two_texts_and_the_pages_own_bold_read_as_each_alone(first: str, second: str) -> None:
    """Texts keep their marks to themselves too: a lone asterisk or underscore in an open
    action's text paired with the page's '**overdue**' after it, and with a mark in the next
    text on the line. Marks that pair within one text are its emphasis, as the editor wrote."""
    from headlines.autolink import Linker

    archive = SimpleNamespace(committees={"OPSG": None}, meetings={}, papers={})
    linker = Linker(archive, {}, lambda doc: "", None)  # type: ignore[arg-type]
    md = site_markdown()

    a, b = (linker.markdown(text, "index.md") for text in (first, second))
    alone = [_in_paragraph(md, f"x {text} y")[2:-2] for text in (a, b)]
    assert _in_paragraph(md, f"x {a} (**overdue**), {b} y") == f"x {alone[0]} (<strong>overdue</strong>), {alone[1]} y"


@given(st.text(alphabet="* ab", min_size=1, max_size=14).filter(lambda t: t.strip() == t))
@example("*Figures exclude *all* returns")
@example("*a **b** c*")
@settings(max_examples=400, deadline=None)
def test_the_marks_a_text_keeps_are_the_ones_markdown_reads(text: str) -> None:
    """Each asterisk in a text is read as emphasis or shown: the marks kept as pairs
    (``marks_kept``) are exactly those Markdown takes, and every other shows. A kept mark that
    Markdown did not pair showed as a stray '**' ('*a *a**'). A footnote's '*' before a pair
    took the pair's closing mark: '*Figures exclude *all* returns' made 'Figures exclude *all'
    emphasis, where the nearest opening mark pairs ('all'), as CommonMark reads it."""
    import html

    from headlines.autolink import inline_only, marks_kept

    kept = marks_kept(inline_only(text))
    shown = html.unescape(re.sub(r"<[^>]+>", "", site_markdown().convert(kept)))
    assert shown == html.unescape(kept.replace("*", "")), (kept, site_markdown().convert(kept))


@pytest.mark.parametrize(("text", "html"), [
    ("*Figures exclude *all* returns", "<p>&#42;Figures exclude <em>all</em> returns</p>"),
    ("*Draft* and **final** *", "<p><em>Draft</em> and <strong>final</strong> &#42;</p>"),
    ("*a *a**", "<p>&#42;a &#42;a&#42;&#42;</p>"),  # a '*' that ends a run closes nothing: all shown
])
def test_a_closing_mark_pairs_with_the_nearest_opening_one(text: str, html: str) -> None:
    """Which marks of a text pair, as shown: a footnote's '*' before a pair shows, a lone one
    at the end too, and a mark at the end of a longer run closes nothing."""
    from headlines.autolink import marks_kept

    assert site_markdown().convert(marks_kept(text)) == html


@pytest.mark.parametrize(("text", "plain"), [
    ("*Draft* report", "Draft report"),
    ("__Strong__ and _em_, ***both***", "Strong and em, both"),
    ("Quarterly Problem Report*", "Quarterly Problem Report*"),  # a footnote's mark: no pair, kept
    ("2 * 3 and OPSG_41_2501 in snake_case", "2 * 3 and OPSG_41_2501 in snake_case"),
    ("Use `a & *b*` [here](https://example.org)\n now", "Use a & *b* here now"),
    ("\\*Not\\* emphasis, \\[not\\](a link), a \\\\ backslash", "*Not* emphasis, [not](a link), a \\ backslash"),
])
def test_a_title_or_description_as_plain_text_loses_only_the_marks_that_pair(text: str, plain: str) -> None:
    """A page's tab title, feed title and description are plain text: Markdown's links, code and
    emphasis give their words; a mark of no pair is a character of the text, kept, and so is a
    character escaped with a backslash, without the backslash (it showed in the register's CSV)."""
    from headlines.render import _plain

    assert _plain(text) == plain


def test_a_value_a_template_writes_keeps_to_its_line_and_its_cell() -> None:
    """Text from the data, written by a template: a '|' is shown, not taken for the end of a
    table's cell, a line break is a space (a heading or a table's row is one line), square
    brackets that do not pair are shown, and it is escaped; ``prose``'s text, escaped
    already, is left as it is."""
    from markupsafe import Markup

    from headlines.render import _finalize

    assert _finalize("Part A | Part B\n<i>more</i>") == "Part A &#124; Part B &lt;i&gt;more&lt;/i&gt;"
    assert _finalize(Markup("<code>a | b</code>")) == "<code>a | b</code>"
    assert _finalize("DCC ] SEC [ Panel") == "DCC &#93; SEC &#91; Panel"  # they would end or open a link
    assert _finalize("[Draft] Report") == "[Draft] Report"  # they pair: Markdown's, as in text
    assert (_finalize(None), _finalize("plain"), _finalize(3)) == ("", "plain", 3)


def test_a_title_shows_its_code_escaped_once_and_a_lone_backtick_as_typed() -> None:
    """Titles are written by templates, not linked as text is: a code span in one shows its
    text escaped once (it read 'a &amp;amp; b'), and a backtick of no code span is shown as
    typed, where one in each of two titles on a line made a code span of what lay between."""
    from headlines.render import _finalize

    md = site_markdown()
    line = f"[{_finalize('Draft ` one')}](a.md); [{_finalize('two ` more')}](b.md)"
    assert md.convert(line) == '<p><a href="a.md">Draft &#96; one</a>; <a href="b.md">two &#96; more</a></p>'
    heading = f"## {_finalize('Use `a & <b>` | `[x` here')}"
    assert md.reset().convert(heading) == "<h2>Use <code>a &amp; &lt;b&gt;</code> &#124; <code>&#91;x</code> here</h2>"


def test_a_value_shows_its_braces_and_a_backslash_that_ends_it() -> None:
    """A brace in a heading's title took the heading's own anchor for words (links to '#h-2'
    found nothing), and a backslash ending a title escaped the ']' that closed its link. Both
    are shown as typed; two backslashes are one, shown, already. Text (``prose``) too."""
    from headlines.autolink import closed
    from headlines.render import _finalize

    md = site_markdown()
    heading = f"### 2. {_finalize('Update {: .hidden #x }')} (DCC) {{ #h-2 }}"
    assert md.convert(heading) == '<h3 id="h-2">2. Update &#123;: .hidden #x } (DCC)</h3>'
    link = f"[{_finalize('AOB ' + chr(92))}](a.md) and [{_finalize('AOB ' + chr(92) * 2)}](b.md)"
    assert md.reset().convert(link) == '<p><a href="a.md">AOB &#92;</a> and <a href="b.md">AOB \\</a></p>'
    assert _linked("[x](https://example.org/) ends " + chr(92)).endswith("ends &#92;</p>")
    assert (closed("a" + chr(92) * 3), closed("a" + chr(92) * 2)) == ("a" + chr(92) * 2 + "&#92;", "a" + chr(92) * 2)


@pytest.mark.parametrize("title", ["Resolved *RDP* Incidents", "- RDP", "1. RDP", "# RDP", "> RDP", "--- RDP",
                                   "*RDP", "RDP `a*b` [x] {: .y}", "<b>RDP</b> & co", "RDP | b", "**RDP**"])
def test_a_tables_caption_reads_as_a_heading_does_its_terms_defined(title: str) -> None:
    """A table's caption is written into HTML the templates build, which the page's conversion
    passes by: it is converted on its own, and reads as the same title in a heading, its marks
    paired or shown alike, no list or heading made of it. Its glossary terms are marked, as
    the page marks those in its Markdown. (A caption read 'Resolved *RDP* Incidents', marks
    and all, and RDP had no definition.)"""
    from markupsafe import escape

    from headlines.render import _finalize, _Inline, value_as_paragraph

    heading = site_markdown().convert(f"### 2. {escape(_finalize(title))} (DCC) {{ #h-2 }}")
    caption = str(_Inline({"RDP": "Registration Data Provider"})(value_as_paragraph(title)))
    assert caption.count('<abbr title="Registration Data Provider">RDP</abbr>') == 1, caption
    as_read = html.unescape(caption.replace('<abbr title="Registration Data Provider">RDP</abbr>', "RDP"))
    assert as_read == html.unescape(heading.removeprefix('<h3 id="h-2">2. ').removesuffix(" (DCC)</h3>"))


@given(st.text(alphabet="`<>&*_[](){}\\|#:!. \nab", max_size=30))
@settings(max_examples=400, deadline=None)
def test_no_title_breaks_the_heading_the_link_or_the_row_it_is_written_in(title: str) -> None:
    """Whatever a title holds (backticks, brackets, braces, bars, backslashes, tags), written
    by a template it stays inside its heading (whose anchor holds), its link (which ends where
    the template ends it) and its cell, and writes no element of its own."""
    from markupsafe import escape

    from headlines.render import _finalize

    md = site_markdown()
    value = escape(_finalize(title))  # as Jinja writes it: finalized, then escaped unless escaped already
    heading = md.convert(f"### 2. {value} (DCC) {{ #h-2 }}")
    assert heading.startswith('<h3 id="h-2">2. ') and heading.endswith(" (DCC)</h3>"), heading
    links = md.reset().convert(f"[{value}](a.md); [{value}](b.md) end")
    assert re.fullmatch(r'<p><a href="a\.md">.*</a>; <a href="b\.md">.*</a> end</p>', links, re.S), links
    assert links.count("<a ") == 2, links
    row = md.reset().convert(f"| A | B | C |\n|---|---|---|\n| {value} | {value} | end |")
    assert row.count("<td") == 3 and row.endswith("<td>end</td>\n</tr>\n</tbody>\n</table>"), row
    for html in (heading, links, row):
        tags = set(re.findall(r"</?([a-zA-Z][\w-]*)", html))
        assert tags <= {"h3", "p", "a", "code", "em", "strong", "table", "thead", "tbody", "tr", "th", "td"}, html


@pytest.mark.parametrize(("text", "figures"), [
    ("a: [1,208, 3]\n", ["1,208"]),
    ("a: [1,234,567]\n", ["1,234,567"]),
    ("a: [1,208, x]\n", ["1,208"]),  # the figure is the last number in its run
    ("a: {total: 1,283}\n", ["1,283"]),  # in braces, 283 became a key
    ("a: [[1,208]]\nb: [3,456]\n", ["1,208", "3,456"]),
    ("a: [-1,234]\n", ["-1,234"]),
    ("a: [0,0,0]\n", []),  # items without spaces, none of three digits after a comma
    ("a: [20, 100]\n", []),  # a space after the comma: two items, as written
    ("a: ['1,208', 3]\n", []),  # quoted: text, as written
    ("a: [1,'234']\n", []),
    ("a:\n  - 1,208\n", []),  # outside brackets a comma is text: '1,208'
    ("a: [1.5,300]\n", []),
])
def test_a_figure_that_brackets_split_at_its_thousands_comma_is_refused(text: str, figures: list[str]) -> None:
    """In brackets YAML ends an item at each comma: ``[1,208, 3]`` is three numbers, 1, 208
    and 3, and a count or total off by a thousandfold would be published. Three digits
    straight after a comma straight after digits are refused, with the figure to write."""
    problems: list = []
    read_yaml(Path("x.yml"), text.encode(), problems=problems)
    found = [re.match(r"found (\S+), which YAML reads in brackets as", p.message) for p in problems]
    assert [m.group(1) if m else p.message for m, p in zip(found, problems)] == figures
    if figures:
        with pytest.raises(YamlError, match="allowed: the figure without its commas"):
            read_yaml(Path("x.yml"), text.encode())


def test_a_number_longer_than_python_reads_is_a_problem_at_its_place() -> None:
    """A key held down, or a column pasted into one cell: a whole number of more than 4,300
    digits, which Python will not read from text. Unquoted, the build ended in a traceback;
    quoted as a count, it printed Python's own words. Both are problems at the value."""
    long = "2" * 5_001
    problems: list = []
    source = read_yaml(Path("x.yml"), f"a: 1\nopened: {long}\n".encode(), problems=problems)
    assert [str(p) for p in problems] == ["x.yml:2:9: opened: found a number of 5,001 digits; allowed: a number of "
                                          "4,300 digits or fewer"]
    assert source.value["opened"] == long  # kept as text: no number stands in for it
    with pytest.raises(YamlError, match="found a number of 5,001 digits"):
        read_yaml(Path("x.yml"), f"opened: {long}\n".encode())
    with pytest.raises(ValidationError, match="found a count of 5,001 digits; allowed: a count of 4,300 digits or "
                                              "fewer"):
        TypeAdapter(Figure).validate_python(f" {long} ")
    assert TypeAdapter(Figure).validate_python("1,022") == 1022

@pytest.mark.parametrize(("decision", "text", "expected"), [
    ("NOTED", "The OPSG NOTED the update.", None),
    ("ENDORSED", "ENDORSED the proposed process.", None),
    ("AGREED", "The OPSG NOTED the update and AGREED the approach.", None),
    ("NOT APPROVED", "The Panel NOT APPROVED the request.", None),
    ("DEFERRED", "The decision was put off to the next meeting.", None),  # no decision in capitals: as written
    ("AGREED", "The OPSG NOTED the update.", "found AGREED, but the text records NOTED; "
                                             "allowed: the decision the text records (NOTED)"),
    ("APPROVED", "The Panel NOT APPROVED the request.", "found APPROVED, but the text records NOT APPROVED; "
                                                        "allowed: the decision the text records (NOT APPROVED)"),
    ("REJECTED", "NOTED the risk and ENDORSED the plan.", "found REJECTED, but the text records NOTED and ENDORSED; "
                                                         "allowed: the decision the text records (NOTED or ENDORSED)"),
])
def test_an_outcomes_decision_is_the_one_its_text_records(decision: str, text: str, expected: str | None,
                                                          tmp_path: Path) -> None:
    path = tmp_path / "data/meetings/opsg/2021/OPSG_1_0101.yml"
    path.parent.mkdir(parents=True)
    path.write_text(yaml.safe_dump({
        "id": "OPSG_1_0101", "committee": "OPSG", "type": "main", "date": "2021-01-01",
        "minutes": {"classification": "GREEN", "status": "approved", "items": [
            {"title": "Item", "outcomes": [{"decision": decision, "text": text}]}]},
    }, sort_keys=False))
    source = read_yaml(path)
    errors = document_checks(Meeting.model_validate(source.value), source, "opsg", "2021")
    assert [e.message for e in errors] == ([expected] if expected else [])
    assert [e.field for e in errors] == (["minutes.items[0].outcomes[0].decision"] if expected else [])


@pytest.mark.parametrize(("numbers", "out_of_place"), [
    ([35, 41, 14], [14]),          # a slip for 42
    ([40, 14, 42], [14]),          # a slip for 41: not 40, though 14, 42 is as long a run
    ([40, 94, 42], [94]),          # and not 42, though 40, 94 is
    ([40, 41, 94, 43, 44], [94]),
    ([44, 41, 42, 43], [44]),
    ([35, 35, 35, 36], []),        # 35, 35x, 35xx
    ([41], []),
])
def test_the_meeting_out_of_its_committees_order_is_the_one_that_breaks_the_run(numbers: list[int],
                                                                                out_of_place: list[int]) -> None:
    """Of meetings' numbers in the order the meetings were held, the ones validate names as
    out of place: those off the longest run that never goes down, the most even of two."""
    assert [n for i, n in enumerate(numbers) if i not in _in_order(numbers)] == out_of_place
