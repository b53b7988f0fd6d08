"""Canaries: a fixture corpus with a unique marker in every kind of field, at every label.

Each marker names the most restrictive label that may show it (canarywhite…, canarygreen…,
canaryamber…, canaryamberstrict…, canaryred…, canarydraft…). Both audiences are built
from it through the real hooks; every output file is read.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import search_text, site_corpus

FIXTURE = Path(__file__).parent / "fixtures" / "canary" / "data"
MARKER = re.compile(r"canary(white|green|amberstrict|amber|red|draft)\d{3}")
VISIBLE = {"public": {"white"}, "sec-parties": {"white", "green"}}


def _markers() -> dict[str, str]:
    found = {}
    for path in FIXTURE.rglob("*.yml"):
        for match in MARKER.finditer(path.read_text()):
            found[match.group(0)] = match.group(1)
    return found


MARKERS = _markers()


def test_the_corpus_covers_every_label() -> None:
    assert set(MARKERS.values()) == {"white", "green", "amber", "amberstrict", "red", "draft"}
    assert len(MARKERS) > 60


@pytest.mark.parametrize("audience", sorted(VISIBLE))
def test_markers_at_or_below_the_ceiling_appear(canary_sites: dict[str, Path], audience: str) -> None:
    corpus = site_corpus(canary_sites[audience])
    missing = [m for m, label in MARKERS.items() if label in VISIBLE[audience] and m not in corpus]
    assert missing == []


@pytest.mark.parametrize("audience", sorted(VISIBLE))
def test_no_marker_above_the_ceiling_appears_in_any_file(canary_sites: dict[str, Path], audience: str) -> None:
    corpus = site_corpus(canary_sites[audience])
    leaked = [m for m, label in MARKERS.items() if label not in VISIBLE[audience] and m in corpus]
    assert leaked == []


def test_search_index_is_filtered_too(canary_sites: dict[str, Path]) -> None:
    index = search_text(canary_sites["public"])
    assert "canarywhite003" in index
    assert "canarygreen" not in index and "canaryamber" not in index


def test_raw_html_in_text_is_shown_not_run(canary_sites: dict[str, Path]) -> None:
    page = (canary_sites["public"] / "meetings/opsg/2022/opsg-60-1001/index.html").read_text()
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>HTML</b>" not in page
    assert "&lt;script&gt;alert" in page and "&lt;b&gt;HTML&lt;/b&gt;" in page


def test_block_syntax_in_text_is_shown_as_typed(canary_sites: dict[str, Path]) -> None:
    """Text fields take inline Markdown only. A paragraph starting '# ' stays a paragraph, and
    '*[CANARY]: …' or '[1]: …' stays on the page (as a definition it would vanish from it),
    its address a link to itself, as any address written out in text."""
    page = (canary_sites["public"] / "meetings/opsg/2022/opsg-60-1001/index.html").read_text()
    assert "<p>&#35; Not a heading canarywhite054</p>" in page
    assert re.search(r"<p>1&#46; Not a list canarywhite055\n&#42;&#91;CANARY&#93;: not a definition canarywhite056\n"
                     r'&#91;1&#93;: <a class="hl-address" href="https://example.org/">https://example.org/</a> '
                     r"canarywhite057\n"
                     r"&#123;: \.hidden \} canarywhite058</p>", page)
    assert 'class="hidden"' not in page and 'title="not a definition' not in page
    paper = (canary_sites["public"] / "papers/opsg/2022/opsg-60-1001-02/index.html").read_text()
    assert re.search(r'<p class="hl-authors">&#35; Author canarywhite059, &#45; Team canarywhite060</p>', paper)


def test_a_title_with_a_bracket_of_its_own_is_whole_in_its_links(canary_sites: dict[str, Path]) -> None:
    """The white paper's title holds a ']' that pairs with nothing: every link to the paper
    carries the whole title as its text (the ']' ended the link's text, and the rest of the
    Markdown showed as typed)."""
    site = canary_sites["public"]
    for page, text in ((site / "browse/papers/2022/index.html", "OPSG_60_1001_02: White paper &#93; canarywhite050"),
                       (site / "meetings/opsg/2022/opsg-60-1001/index.html",
                        "OPSG_60_1001_02 White paper &#93; canarywhite050")):
        html = page.read_text()
        assert re.search(rf'<a href="[^"]*opsg-60-1001-02/">{text}</a>', html), page
        assert "](" not in html, page
    assert "<td>White paper &#93; canarywhite050</td>" in (site / "committees/opsg/2022/index.html").read_text()


def test_withheld_attachment_is_listed_with_its_label(canary_sites: dict[str, Path]) -> None:
    """Its row holds its title, its label and 'Not published', each in its own cell: the '|'
    in its title is shown, not taken for the end of a cell (which moved the rest of the row
    one cell on, and 'Not published' off it)."""
    page = (canary_sites["sec-parties"] / "papers/opsg/2022/opsg-60-1001-01/index.html").read_text()
    row = re.search(r"<tr>\s*<td>Appendix A</td>.*?</tr>", page, re.S).group(0)
    cells = re.findall(r"<td>(.*?)</td>", row, re.S)
    assert cells[1:] == ["Amber appendix &#124; title canarygreen042",
                         '<span class="hl-label hl-label--amber">AMBER</span>', "Not published"], cells


def test_a_data_tables_column_of_figures_is_set_right(canary_sites: dict[str, Path]) -> None:
    """A table from the data: its column of figures (heading and cells) is marked to be set
    right-aligned; its column of names is not."""
    page = (canary_sites["sec-parties"] / "papers/opsg/2022/opsg-60-1001-01/index.html").read_text()
    table = re.search(r"<table>(?:(?!</table>).)*canarygreen037.*?</table>", page, re.S).group(0)
    assert '<th scope="col" class="hl-figure">Figure</th>' in table
    assert '<td class="hl-figure">9,876,543</td>' in table and "<td>Row canarygreen037</td>" in table


def test_an_unpublished_action_stays_plain_text(canary_sites: dict[str, Path]) -> None:
    """The review names OPSG 60/01 (GREEN): a link on the SEC Parties site; the public site has no such page."""
    parties = (canary_sites["sec-parties"] / "meetings/opsg/2022/opsg-60-1001/index.html").read_text()
    assert re.search(r'href="[^"]*#opsg-60-01">OPSG 60/01</a>', parties)
    public = (canary_sites["public"] / "meetings/opsg/2022/opsg-60-1001/index.html").read_text()
    assert "opsg-60-01" not in public and "OPSG 60/01" not in public


CEILING = {"public": "WHITE", "sec-parties": "GREEN"}
LABELS = ["WHITE", "GREEN", "AMBER", "AMBER+STRICT", "RED"]
_BANNER = re.compile(r'hl-classification__label">TLP:([A-Z+]+)<')
_BADGE = re.compile(r'class="hl-label hl-label--[a-z-]+" title="([A-Z+]+):')  # an item's mark, not an attachment row's


@pytest.mark.parametrize("audience", sorted(VISIBLE))
def test_nothing_is_marked_above_the_ceiling(canary_sites: dict[str, Path], audience: str) -> None:
    """Every page's banner, every item's mark and every label in the open data is at or below the
    audience's ceiling: what is above it is never there to mark. (WHITE is 0: ``label or RED`` once
    made the public register, trend and measure pages of WHITE data "TLP:RED".)"""
    site, allowed = canary_sites[audience], LABELS[:LABELS.index(CEILING[audience]) + 1]
    pages = sorted(site.rglob("*.html"))
    banners = {p.relative_to(site).as_posix(): _BANNER.findall(p.read_text(encoding="utf-8")) for p in pages}
    assert {label for found in banners.values() for label in found} <= set(allowed), banners
    register = (site / "actions/index.html").read_text(encoding="utf-8")
    assert f"TLP:{CEILING[audience]}" in register  # public: its one WHITE action; SEC Parties: GREEN ones too
    if audience == "sec-parties":  # the WHITE action, on a GREEN page, is marked WHITE
        entry = re.search(r'<div [^>]*id="opsg-60-03"[^>]*>.*?</p>', register, re.S).group(0)
        assert 'title="WHITE:' in entry
    badges = {label for p in pages for label in _BADGE.findall(p.read_text(encoding="utf-8"))}
    assert badges <= set(allowed)
    exported: list[tuple[str, dict]] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            if "classification" in value:
                exported.append((value["classification"], value))
            for child in value.values():
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    walk(json.loads((site / "data.json").read_text(encoding="utf-8")))
    assert {label for label, _ in exported} >= {"WHITE"}
    # A withheld attachment is listed by its paper with its label, as on the page, and nothing of it.
    above = [item for label, item in exported if label not in allowed]
    stub = {"classification", "id", "title", "blocks"}
    assert all(item.get("blocks") == [] and set(item) <= stub for item in above), above
