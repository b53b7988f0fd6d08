"""Tested as a person would: Chromium against each built site on loopback.

Search boxes are typed into and results read; links are followed; the action register is
filtered; every request the pages make is recorded (none may leave loopback); axe-core
audits the key pages; screenshots at phone and desktop widths go to tests/artifacts/.
"""

from __future__ import annotations

import contextlib
import io
import re
import time
import unicodedata
import urllib.request
from collections.abc import Callable, Iterator
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser import CHROMIUM_ARGS, chromium_path, script_digest, search_results, serve, stated_policy
from conftest import build, copy_project, edit
from headlines.render import CONTENT_SECURITY_POLICY, with_digests
from playwright.sync_api import Browser, Page, Route, expect, sync_playwright
from pypdf import PdfReader

ARTIFACTS = Path(__file__).parent / "artifacts"
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def sites(shipped_sites: dict[str, Path], charted_site: Path) -> Iterator[dict[str, str]]:
    """The shipped sites, and ``charted``: the SEC Parties site with a second report summary,
    whose trends and measures are charted (one report gives tables only)."""
    with (serve(shipped_sites["public"]) as public, serve(shipped_sites["sec-parties"]) as parties,
          serve(charted_site) as charted):
        yield {"public": public, "sec-parties": parties, "charted": charted}


@pytest.fixture(scope="module", params=["whole", "in parts"])
def search_sites(request: pytest.FixtureRequest, shipped_sites: dict[str, Path],
                 split_index_sites: dict[str, Path]) -> Iterator[dict[str, str]]:
    """The shipped sites with their search index built whole, then built in parts and merged:
    every search test runs against both."""
    built = shipped_sites if request.param == "whole" else split_index_sites
    with serve(built["public"]) as public, serve(built["sec-parties"]) as parties:
        yield {"public": public, "sec-parties": parties}


@pytest.fixture
def serving() -> Iterator[Callable[[Path], str]]:
    """Serves a site built for one test (``serving(site)`` gives its address) until after the
    test's page has closed: what the page still asks for once the test is done, its icon say,
    finds the server up, where a server stopped with the test's block reset the connection."""
    with contextlib.ExitStack() as servers:
        yield lambda site: servers.enter_context(serve(site))


@pytest.fixture
def page(browser: Browser, serving: Callable[[Path], str]) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requests = []  # type: ignore[attr-defined]
    failed: list[str] = []  # a file the site needs and does not hold (one left out of the build, say)
    page.on("request", lambda request: page.requests.append(request.url))  # type: ignore[attr-defined]
    page.on("response", lambda response: response.status >= 400 and failed.append(f"{response.status} {response.url}"))
    page.on("requestfailed", lambda request: request.failure == "net::ERR_ABORTED"  # left for another page
            or failed.append(f"{request.failure} {request.url}"))
    refused: list[str] = []  # what the pages' Content-Security-Policy stopped: the site's own parts must not be
    page.on("console", lambda message: "Content Security Policy" in message.text and refused.append(message.text))
    yield page
    hosts = {urlsplit(url).hostname for url in page.requests if not url.startswith(("data:", "blob:"))}  # type: ignore[attr-defined]
    context.close()
    assert hosts <= {"127.0.0.1"}, f"requests left loopback: {hosts}"
    assert not failed, f"requests that failed: {failed}"
    assert not refused, f"refused by the pages' Content-Security-Policy: {refused}"


def search(page: Page, query: str) -> list[str]:
    """Type a query into the header's search box as a person would and press Enter; the
    search page's result links (documents, not their sections), best first."""
    box = page.locator("#hl-header-search-q")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=5)
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    return search_results(page, query)


@pytest.mark.parametrize(("audience", "query", "expected"), [
    ("public", "OPSG_41_2501", "/meetings/opsg/2021/opsg-41-2501/"),
    ("public", "OPSG 41", "/meetings/opsg/2021/opsg-41-2501/"),
    ("public", "41_2501", "/meetings/opsg/2021/opsg-41-2501/"),
    ("public", "INC000000661032", "/meetings/opsg/2021/opsg-41-2501/"),
    ("public", "MP116", "/meetings/opsg/2021/opsg-41-2501/"),
    ("public", "SECMP0116", "/meetings/opsg/2021/opsg-41-2501/"),
    ("public", "CSR", "/meetings/opsg/2021/opsg-41-2501/"),
    ("public", "Certificate Signing Request", "/meetings/opsg/2021/opsg-41-2501/"),
    ("sec-parties", "OPSG_49_2405_03", "/papers/opsg/2021/opsg-49-2405-03/"),
    ("sec-parties", "OPSG 35x/08", "/meetings/opsg/2020/opsg-35x/"),
    ("sec-parties", "OPSG_35x/08", "/meetings/opsg/2020/opsg-35x/"),
    ("sec-parties", "35x/08", "/meetings/opsg/2020/opsg-35x/"),
    ("sec-parties", "2,112,776", "/papers/opsg/2021/opsg-49-2405-03/"),
    ("sec-parties", "2112776", "/papers/opsg/2021/opsg-49-2405-03/"),
    ("sec-parties", "DP160", "/papers/opsg/2021/opsg-49-2405-03/"),
    ("sec-parties", "SECMP0116", "/papers/opsg/2021/opsg-49-2405-03/"),
])
def test_search_finds_ids_figures_and_abbreviations(page: Page, search_sites: dict[str, str], audience: str, query: str,
                                                    expected: str) -> None:
    page.goto(search_sites[audience] + "/")
    results = search(page, query)
    assert expected in results, results


@pytest.mark.parametrize(("audience", "query", "expected"), [
    ("public", "OPSG_41_2501", "/meetings/opsg/2021/opsg-41-2501/"),
    ("sec-parties", "OPSG_49_2405_03", "/papers/opsg/2021/opsg-49-2405-03/"),
    ("sec-parties", "OPSG_35x", "/meetings/opsg/2020/opsg-35x/"),
])
def test_a_documents_own_page_ranks_first(page: Page, search_sites: dict[str, str], audience: str, query: str,
                                          expected: str) -> None:
    page.goto(search_sites[audience] + "/")
    assert search(page, query)[0] == expected


@pytest.mark.parametrize("query", ["actions", "action register"])
def test_the_action_register_is_found_by_its_name(page: Page, sites: dict[str, str], query: str) -> None:
    page.goto(sites["sec-parties"] + "/")  # the public site has no action, so no register
    assert search(page, query)[0] == "/actions/"


@pytest.mark.parametrize("audience", ["public", "sec-parties"])
def test_a_meetings_id_finds_the_meeting_before_its_papers(page: Page, serving: Callable[[Path], str],
                                                            canary_sites: dict[str, Path], audience: str) -> None:
    # Each paper's ID begins with its meeting's (OPSG_60_1001_02), so the papers match the
    # meeting's ID as a prefix, and carry it besides: the exact match must still come first.
    page.goto(serving(canary_sites[audience]) + "/")
    results = search(page, "OPSG_60_1001")
    assert results[0] == "/meetings/opsg/2022/opsg-60-1001/", results
    assert "/papers/opsg/2022/opsg-60-1001-02/" in results[1:], results


@pytest.mark.parametrize("query", ["Veronica Asantewaa", "Asantewaa", "2112776", "SR118NU", "Joey Manners"])
def test_public_search_shows_nothing_that_is_only_green(page: Page, search_sites: dict[str, str], query: str) -> None:
    # Where a word is not in its index, Pagefind falls back to the longest prefix that is
    # ("Asantewaa" finds "as"): a public page may be listed, never a GREEN one or GREEN words.
    page.goto(search_sites["public"] + "/")
    results = search(page, query)
    assert not any(r.startswith("/papers/") for r in results), results
    shown = page.locator(".pagefind-ui__results").inner_text().lower()
    assert all(word.lower() not in shown for word in query.split()), shown


def test_search_results_on_the_sec_parties_site_carry_their_labels(page: Page, search_sites: dict[str, str]) -> None:
    """Each result's title names its page's label, and the page's banner the site's ceiling:
    the results may be GREEN, never to be shared publicly. Public results carry no label. A
    meeting's or paper's date follows its title; other pages have none."""
    page.goto(search_sites["sec-parties"] + "/")
    search(page, "firmware")
    titles = page.locator(".pagefind-ui__result-title > a").all_inner_texts()
    assert "Operations Group Meeting 35x, 24 August 2020 · GREEN" in titles, titles
    assert "Operations Group Meeting 41_2501, 25 January 2021 · WHITE" in titles, titles
    assert "DCC SEC Panel Reports Summary, 17 May 2021 · GREEN" in titles, titles
    assert "Performance measures · GREEN" in titles, titles
    assert page.locator(".hl-classification__label").first.inner_text() == "TLP:GREEN"
    assert not page.locator(".pagefind-ui__result-tags").first.is_visible()  # the label once, not twice
    page.goto(search_sites["public"] + "/")
    search(page, "firmware")
    titles = page.locator(".pagefind-ui__result-title > a").all_inner_texts()
    assert "Operations Group Meeting 41_2501, 25 January 2021" in titles and not any("·" in t for t in titles), titles
    assert page.locator(".hl-classification__label").first.inner_text() == "TLP:WHITE"


def test_a_section_found_under_a_heading_the_page_repeats_is_named_with_the_heading_above(
        page: Page, search_sites: dict[str, str]) -> None:
    """The paper has an "April 2021 Report Summary" under each of two variance reports: each
    found section names the report it stands under, so the two can be told apart."""
    page.goto(search_sites["sec-parties"] + "/")
    search(page, "variance")
    paper = page.locator(".pagefind-ui__result", has=page.locator(
        ".pagefind-ui__result-title > a", has_text="DCC SEC Panel Reports Summary"))
    sections = paper.locator(".pagefind-ui__result-nested .pagefind-ui__result-link").all_inner_texts()
    assert "2.2. DCC Certificate Signing Request Variance Report \u203a April 2021 Report Summary" in sections, sections
    assert "2.3. DCC Service Request Variance Report \u203a April 2021 Report Summary" in sections, sections
    assert "2.3. DCC Service Request Variance Report" in sections, sections  # a heading of its own: as it is
    assert len(set(sections)) == len(sections), sections


_SPELLINGS = re.compile(r'<p class="hl-search-terms"[^>]* id="hl-spellings-[a-z]+">([^<]*)</p>')


@pytest.mark.parametrize(("audience", "query", "on_the_page"), [
    ("public", "SECMP0116", False),  # the page says MP116: found by the other spelling alone
    ("public", "OPSG 41", True),
    ("public", "Data Communications Company", True),  # the pages say DCC, and "Registration Data Provider"
    ("sec-parties", "Data Communications Company", True),
    ("sec-parties", "OPSG_49_2405_03", True),
    ("sec-parties", "Certificate Signing Request", True),
])
def test_search_results_never_quote_a_pages_hidden_spellings(page: Page, search_sites: dict[str, str], audience: str,
                                                              query: str, on_the_page: bool) -> None:
    """A page's other spellings ("OPSG 41 2501", "Data Communications Company" where it says
    DCC) find it, but are never on it to read, so no excerpt quotes them: each result shows
    the words of its page that matched, or its opening words where only another spelling did."""
    base = search_sites[audience]
    page.goto(base + "/")
    results = search(page, query)
    page.wait_for_function("n => document.querySelectorAll('.pagefind-ui__result-excerpt').length >= n",
                           arg=len(results))
    shown = 0
    for path in results:
        html = urllib.request.urlopen(base + path).read().decode()  # noqa: S310 (loopback)
        hidden = [unescape(text).split() for text in _SPELLINGS.findall(html)]
        # Three words across a separator, as no page's own text runs: "Hub · Communications".
        quoted = {" ".join(words[at - 1:at + 2]) for words in hidden for at in range(1, len(words) - 1)
                  if words[at] == "·"}
        result = page.locator(".pagefind-ui__result").filter(
            has=page.locator(f".pagefind-ui__result-title > a[href='{path}']"))
        excerpts = result.locator(".pagefind-ui__result-excerpt").all_inner_texts()
        assert excerpts, f"{path}: no excerpt"
        assert not [(q, e) for e in excerpts for q in quoted if q in e], (path, excerpts)
        marks = result.locator(".pagefind-ui__result-excerpt mark").count()
        assert marks if on_the_page else not marks, (path, excerpts)
        shown += bool(hidden)
    assert shown, results  # a page with other spellings was found


def test_follow_the_home_page_to_a_meeting(page: Page, sites: dict[str, str]) -> None:
    page.goto(sites["public"] + "/")
    # Each headline keeps its agenda number as text: "- 2. Title" in Markdown would be a list
    # of one starting at 2, which Material marks "b.".
    items = page.locator("article li").all_inner_texts()
    assert "2. DCC Pandemic Update (DCC)" in items and "8. AOB" in items, items
    assert page.locator("article li ol").count() == 0
    page.locator("article").get_by_role("link", name="Operations Group Meeting 41_2501").click()
    page.wait_for_url("**/meetings/opsg/2021/opsg-41-2501/")
    assert page.get_by_role("heading", name=re.compile("DCC Pandemic Update")).is_visible()
    banner = page.locator(".hl-classification").first
    assert "TLP:WHITE" in banner.inner_text()


def _filter(page: Page, name: str, value: str) -> int:
    """Open a filter of the search page, tick one of its values and wait for the results it
    leaves; how many it said there would be."""
    page.locator("summary.pagefind-ui__filter-name", has_text=name).click()
    box = page.get_by_label(re.compile(rf"^{re.escape(value)} \(\d+\)$"))
    count = int(re.search(r"\((\d+)\)", box.evaluate("e => e.labels[0].textContent")).group(1))
    box.check()
    page.wait_for_function("n => /^\\d+ results? for/.test(document.querySelector('.pagefind-ui__message')"
                           ".textContent.trim()) && parseInt(document.querySelector('.pagefind-ui__message')"
                           ".textContent) === n", arg=count)
    return count


def test_search_filters_by_committee_kind_year_and_label(page: Page, search_sites: dict[str, str]) -> None:
    """Results can be narrowed to a committee, a kind of document and a year, and on the SEC
    Parties site to a label: WHITE leaves only what may be shared publicly. The public site,
    all WHITE, has no label to filter by. Each filter's file is slow to come: the interface
    lists only the filters loaded when its first results are counted, and the query from the
    address waits for them all."""
    page.route("**/pagefind/filter/*", lambda route: (time.sleep(0.3), route.continue_()))
    page.goto(search_sites["sec-parties"] + "/")
    search(page, "firmware")
    expect(page.locator("summary.pagefind-ui__filter-name")).to_have_text(["Committee", "Document", "Label", "Year"])
    # Closed, the filters keep their column beside the results: each name is read whole.
    panel = page.locator(".pagefind-ui__filter-panel").bounding_box()
    assert panel is not None and panel["width"] >= 150, panel
    white = _filter(page, "Label", "WHITE")
    titles = page.locator(".pagefind-ui__result-title > a").evaluate_all(
        "els => els.filter(e => !e.closest('.pagefind-ui__result-nested')).map(e => e.textContent.trim())")
    assert white >= 1 and len(titles) == min(white, 5) and all(t.endswith("· WHITE") for t in titles), titles
    page.goto(search_sites["sec-parties"] + "/")
    search(page, "firmware")
    assert _filter(page, "Document", "Minutes") == 1
    assert search_results(page, "firmware") == ["/meetings/opsg/2020/opsg-35x/"]

    page.goto(search_sites["public"] + "/")
    search(page, "firmware")
    expect(page.locator("summary.pagefind-ui__filter-name")).to_have_text(["Committee", "Document", "Year"])
    assert _filter(page, "Year", "2021") == 1
    assert search_results(page, "firmware") == ["/meetings/opsg/2021/opsg-41-2501/"]


def test_a_search_typed_before_the_filters_load_lists_them_all(page: Page, search_sites: dict[str, str]) -> None:
    """A reader who types on the search page while a filter's file is still on its way gets
    every filter: the results are counted again once the filters have all loaded."""
    held: list[Route] = []
    page.route("**/pagefind/filter/*", lambda route: route.continue_() if held else held.append(route))
    page.goto(search_sites["sec-parties"] + "/search/")
    page.locator(".pagefind-ui__search-input").press_sequentially("firmware", delay=5)
    search_results(page, "firmware")  # counted without the filter held back
    assert len(held) == 1
    held[0].continue_()
    expect(page.locator("summary.pagefind-ui__filter-name")).to_have_text(["Committee", "Document", "Label", "Year"])
    assert page.locator(".pagefind-ui__search-input").input_value() == "firmware"
    assert urlsplit(page.url).query == "q=firmware"


def test_an_old_address_leads_to_the_documents_page_and_section(page: Page, serving: Callable[[Path], str],
                                                                tmp_path: Path) -> None:
    """A meeting renumbered (OPSG_41_2501 to OPSG_40_2501, 'formerly'): a bookmark to a section
    of its old page opens that section of its page, and the old ID searched finds it."""
    project = copy_project(tmp_path / "project")
    folder = project / "data/meetings/opsg/2021"
    (folder / "OPSG_41_2501.yml").rename(folder / "OPSG_40_2501.yml")
    edit(project, "data/meetings/opsg/2021/OPSG_40_2501.yml", "id: OPSG_41_2501\n",
         "id: OPSG_40_2501\nformerly: [OPSG_41_2501]\n")
    assert build(project, "public", tmp_path / "site").returncode == 0
    old_page = (tmp_path / "site/meetings/opsg/2021/opsg-41-2501/index.html").read_text()
    assert stated_policy(old_page)[0] == CONTENT_SECURITY_POLICY  # its policy as every page's, its script named
    page.goto(serving(tmp_path / "site") + "/meetings/opsg/2021/opsg-41-2501/#h-5")
    page.wait_for_url("**/meetings/opsg/2021/opsg-40-2501/#h-5")
    expect(page.locator("h1")).to_contain_text("Operations Group Meeting 40_2501")
    expect(page.locator("#h-5")).to_be_in_viewport()
    assert search(page, "OPSG_41_2501")[0] == "/meetings/opsg/2021/opsg-40-2501/"


def test_filter_the_action_register(page: Page, sites: dict[str, str]) -> None:
    page.goto(sites["sec-parties"] + "/actions/")
    count = page.locator("#hl-filter-count")
    assert count.inner_text() == "18 of 18 actions"
    page.select_option("#hl-filter-status", "closed")
    assert count.inner_text() == "2 of 18 actions"
    visible = page.locator(".hl-register-entry:visible").evaluate_all("els => els.map(e => e.id)")
    assert sorted(visible) == ["opsg-29xx-03", "opsg-34xxx-05"]
    indexed = page.locator(".hl-register-index tbody tr:visible a").all_inner_texts()
    assert sorted(indexed) == ["OPSG 29xx/03", "OPSG 34xxx/05"]  # the index table follows the filter
    page.select_option("#hl-filter-status", "open")
    page.select_option("#hl-filter-owner", "SECAS")
    assert count.inner_text() == "3 of 18 actions"
    page.get_by_role("link", name="OPSG 35x/12").first.click()
    assert page.url.endswith("#opsg-35x-12")


def test_the_owner_filter_takes_an_owner_however_its_name_is_cased(page: Page, sites: dict[str, str]) -> None:
    """An owner typed 'secas' in one action and 'SECAS' in the others is listed once in the
    filter, as 'SECAS' (names alike but for case are listed once): choosing it showed only the
    actions typed as listed, and a link asking for 'owner=secas' chose no owner at all."""
    page.route(re.compile(r".*/actions/(\?.*)?$"), lambda route: route.fulfill(
        body=route.fetch().text().replace('data-owner="SECAS"', 'data-owner="secas"', 1), content_type="text/html"))
    page.goto(sites["sec-parties"] + "/actions/?status=open&owner=secas")
    count = page.locator("#hl-filter-count")
    assert page.locator("#hl-filter-owner").input_value() == "SECAS"
    assert count.inner_text() == "3 of 18 actions"
    page.select_option("#hl-filter-owner", "")
    page.select_option("#hl-filter-owner", "SECAS")
    assert count.inner_text() == "3 of 18 actions"


def test_a_long_owners_name_keeps_the_registers_filter_on_a_phones_screen(page: Page, sites: dict[str, str]) -> None:
    """An owner's list is as wide as its longest name, up to the page's width: a long name
    took it past a phone's edge, where it was cut off, its arrow with it."""
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(sites["sec-parties"] + "/actions/")
    owner = page.locator("#hl-filter-owner")
    owner.evaluate("e => e.add(new Option('DCC Operations Representative for Communications Hub Returns "
                   "and the SMETS1 Wide Area Network'))")
    right, width = owner.evaluate("e => [e.getBoundingClientRect().right, document.documentElement.clientWidth]")
    assert 0 < right <= width, (right, width)


def test_a_long_register_lays_out_only_what_is_near_the_screen(page: Page, sites: dict[str, str]) -> None:
    """Entries off the screen are skipped by layout (thousands at ten years of eight committees:
    Chromium painted that page in 9 to 12 s before, about 3 s after); a link to an entry still
    lands on it."""
    page.set_viewport_size({"width": 1280, "height": 600})
    page.goto(sites["sec-parties"] + "/actions/#opsg-35x-12")
    entries = page.locator(".hl-register-entry")
    assert set(entries.evaluate_all("els => els.map(e => getComputedStyle(e).contentVisibility)")) == {"auto"}
    target = page.locator("#opsg-35x-12")
    page.wait_for_function("() => Math.abs(document.getElementById('opsg-35x-12').getBoundingClientRect().top) < 150")
    assert target.is_visible() and "OPSG 35x/12" in target.inner_text()
    last = entries.last.evaluate("e => e.getBoundingClientRect().top")
    assert last > 600  # the page goes on below the target: landing there was not the page's end


@pytest.mark.parametrize("width", [320, 768, 1280])
def test_the_measures_index_keeps_each_measure_on_one_line_except_on_a_phone(page: Page, sites: dict[str, str],
                                                                            width: int) -> None:
    """On a wider screen "PM2 (CSP C&S)" is not broken after "PM2" while the names beside it
    have room to spare; on a phone it may be, so that the table fits without scrolling."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(sites["sec-parties"] + "/measures/")
    lines = page.locator(".hl-measure-index td:first-child").evaluate_all("""cells => cells.map(td => {
        const words = document.createRange();
        words.selectNodeContents(td);
        return [td.textContent, new Set([...words.getClientRects()].map(r => Math.round(r.top))).size];
    })""")
    assert len(lines) == 7 and "PM2 (CSP C&S)" in dict(lines), lines
    if width > 320:
        assert all(n == 1 for _, n in lines), lines
    scroll = page.locator(".hl-measure-index .md-typeset__scrollwrap").evaluate("e => e.scrollWidth - e.clientWidth")
    assert scroll == 0


@pytest.mark.parametrize("path", ["/measures/cpm1/", "/trends/ch-returns/"])
@pytest.mark.parametrize("width", [390, 600, 1280])
def test_charts_fill_the_column_and_their_labels_can_be_read(page: Page, sites: dict[str, str], path: str,
                                                             width: int) -> None:
    """A chart takes the text column's width (up to 40rem on a wide screen), and its axis
    labels are drawn at a size that can be read: on a phone not the wide drawing shrunk to
    7 px figures, but a drawing of its own."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(sites["charted"] + path)
    chart = page.locator("svg.hl-chart").locator("visible=true").first
    assert page.locator("svg.hl-chart").locator("visible=true").count() == page.locator("svg.hl-chart").count() // 2
    column = page.locator("article.md-content__inner").evaluate(
        "e => e.clientWidth - parseFloat(getComputedStyle(e).paddingLeft) - parseFloat(getComputedStyle(e).paddingRight)")
    rem = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    drawn = chart.evaluate("e => e.getBoundingClientRect().width")
    assert drawn >= min(column, (27 if width < 540 else 40) * rem) - 1, (drawn, column, rem)
    label_px = chart.locator("text.hl-chart-tick").first.evaluate(
        "e => e.getBoundingClientRect().height")
    assert label_px >= 11, label_px


def test_a_table_wider_than_a_phone_shows_that_it_scrolls(page: Page, sites: dict[str, str]) -> None:
    """The fault tables scroll sideways on a narrow phone; the frame's edge is shaded where more
    of the table lies (a shadow on the scrolling frame, which the table itself must not paint over)."""
    page.set_viewport_size({"width": 360, "height": 900})
    page.goto(sites["sec-parties"] + "/papers/opsg/2021/opsg-49-2405-03/")
    frames = page.locator(".md-typeset__scrollwrap").evaluate_all("""els => els.map(e => ({
        wide: e.scrollWidth > e.clientWidth + 1,
        shade: getComputedStyle(e).backgroundImage.split('radial-gradient').length - 1,
        attached: getComputedStyle(e).backgroundAttachment,
        table: getComputedStyle(e.querySelector('table')).backgroundColor}))""")
    assert any(f["wide"] for f in frames), frames
    for frame in frames:
        assert frame["shade"] == 2 and frame["attached"].startswith("local, local, scroll"), frame
        assert frame["table"] in ("rgba(0, 0, 0, 0)", "transparent"), frame


def test_on_a_phone_headings_and_the_search_prompt_fit(browser: Browser, sites: dict[str, str]) -> None:
    """On a touch phone a heading that fills its line takes that one line (the permalink, which
    cannot be hovered there, wrapped onto a blank line of its own), the search box's prompt is
    whole, not cut off mid-word, and the results take the column's width."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  device_scale_factor=2)
    page = context.new_page()
    page.goto(sites["public"] + "/meetings/opsg/2021/opsg-41-2501/")
    headings = page.locator("article h2, article h3").evaluate_all("""els => els.map(e => {
        const range = document.createRange();
        range.selectNodeContents(e);
        const link = e.querySelector('.headerlink');
        if (link) range.setEndBefore(link);
        const top = e.getBoundingClientRect().top, line = parseFloat(getComputedStyle(e).lineHeight);
        const lines = new Set([...range.getClientRects()].map(r => Math.floor((r.top + r.height / 2 - top) / line)));
        return {text: e.textContent, lines: lines.size, height: e.getBoundingClientRect().height, line: line};
    })""")
    assert any(h["text"].startswith("5. PMR Report") for h in headings), headings
    for heading in headings:
        assert heading["height"] < (heading["lines"] + 0.5) * heading["line"], heading
    page.goto(sites["public"] + "/search/")
    box = page.locator(".pagefind-ui__search-input")
    box.wait_for()
    # Named by the heading a reader sees, not by its prompt alone (axe: label-title-only).
    assert page.get_by_role("textbox", name="Search", exact=True).count() == 1
    room, needed = box.evaluate("""e => {
        const s = getComputedStyle(e);
        const ctx = document.createElement('canvas').getContext('2d');
        ctx.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
        return [e.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight),
                ctx.measureText(e.placeholder).width];
    }""")
    assert needed <= room, (box.get_attribute("placeholder"), needed, room)
    # Results line up with the box (not indented as a list inside the text), to the pixel.
    page.goto(sites["public"] + "/search/?q=firmware")
    first = page.locator(".pagefind-ui__result").first
    first.wait_for()
    assert abs(first.evaluate("e => e.getBoundingClientRect().left") - box.evaluate(
        "e => e.getBoundingClientRect().left")) <= 1
    context.close()


def test_a_labels_brackets_are_read_not_seen(page: Page, sites: dict[str, str]) -> None:
    """A label's chip shows its word alone; its text, as read aloud or copied, has it in
    brackets, on one line with the words before it. A copy (the keyboard's, through the
    clipboard) holds them too, and not the heading's permalink (¶)."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=sites["sec-parties"])
    page.goto(sites["sec-parties"] + "/meetings/opsg/2020/opsg-35x/")
    heading = page.locator("h2#minutes")
    assert heading.evaluate("e => e.innerText.split('\\n')[0]") == "Minutes (GREEN)"
    heading.evaluate("""e => { const r = document.createRange(); r.selectNodeContents(e);
        getSelection().removeAllRanges(); getSelection().addRange(r); }""")
    page.keyboard.press("Control+C")
    assert page.evaluate("navigator.clipboard.readText()") == "Minutes (GREEN)"
    chip = heading.locator(".hl-label")
    brackets = chip.locator(".hl-label__bracket").evaluate_all(
        "es => es.map(e => { const r = e.getBoundingClientRect(); return r.width * r.height; })")
    assert brackets == [0, 0]
    word = chip.evaluate("""e => { const r = document.createRange(); r.selectNodeContents(e.childNodes[1]);
        return r.getBoundingClientRect().width; }""")
    box = chip.evaluate("e => { const s = getComputedStyle(e); return e.getBoundingClientRect().width"
                        " - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight); }")
    assert abs(box - word) < 1, (box, word)  # the chip is as wide as its word


@pytest.mark.parametrize(("audience", "path", "width", "heading"), [
    ("public", "/committees/", 390, "Testing Advisory Group (TAG)"),
    ("sec-parties", "/trends/", 390, "Trends across papers"),
    ("sec-parties", "/papers/opsg/2021/opsg-49-2405-03/", 1280, "Annex 1: Summary of DCC reporting for the SEC Panel"),
])
def test_a_headings_permalink_takes_no_line_of_its_own(page: Page, sites: dict[str, str], audience: str, path: str,
                                                       width: int, heading: str) -> None:
    """Under a pointer that hovers, a heading whose words fill their last line is as tall as
    its words: its permalink (¶), unseen until hovered, does not wrap onto a blank line. Nor
    does the page scroll sideways where the permalink stands past the column."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(sites[audience] + path)
    headings = page.locator("article :is(h1, h2, h3, h4, h5, h6)").evaluate_all("""els => els.map(e => {
        const link = e.querySelector('.headerlink');
        const height = e.getBoundingClientRect().height;
        link.style.display = 'none';
        const words = e.getBoundingClientRect().height;
        link.style.display = '';
        return {text: e.textContent.replace(/¶$/, ''), height: height, words: words};
    })""")
    assert any(h["text"] == heading for h in headings), headings  # the heading that wrapped its ¶ before
    for h in headings:
        assert h["height"] <= h["words"] + 0.5, h
    assert page.evaluate("document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth")
    # The permalink still shows beside its heading when hovered.
    target = page.locator("article :is(h1, h2, h3, h4, h5, h6)", has_text=heading).first
    target.hover()
    link = target.locator(".headerlink")
    page.wait_for_function("e => getComputedStyle(e).opacity === '1'", arg=link.element_handle())
    box, words = link.bounding_box(), target.bounding_box()
    assert box and words and words["y"] <= box["y"] < words["y"] + words["height"], (box, words)


@pytest.mark.parametrize("audience", ["public", "sec-parties"])
def test_on_a_phone_the_header_shows_the_sites_name_whole_and_search_opens_at_a_tap(
        browser: Browser, sites: dict[str, str], audience: str) -> None:
    """A search box of any width in a phone's header cut the site's name short ("SECAS
    Hea…"). There the search is a magnifier, a tap on which is a tap in the box, which then
    spans the header; a name too long for one line takes two."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(sites[audience] + "/meetings/opsg/2021/opsg-41-2501/")
    name = page.locator(".md-header__topic").first.locator(".md-ellipsis")
    assert name.inner_text() == ("SECAS Headlines" if audience == "public" else "SECAS Headlines for SEC Parties")
    assert name.evaluate("e => e.scrollWidth <= e.clientWidth && e.scrollHeight <= e.clientHeight"), "name cut short"
    header = page.locator(".md-header").bounding_box()
    shown = name.bounding_box()
    assert header and shown and header["y"] <= shown["y"] and shown["y"] + shown["height"] <= header["y"] + header["height"]
    box = page.get_by_role("searchbox", name="Search the site")
    closed = box.bounding_box()
    assert closed and 40 <= closed["width"] <= 56 and closed["height"] >= 40, closed  # a finger's target, no more
    box.tap()
    opened = box.bounding_box()
    assert opened and opened["width"] >= 0.9 * 390, opened
    page.keyboard.type("firmware")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=firmware")
    page.locator(".pagefind-ui__result").first.wait_for()
    context.close()


def test_the_not_found_page_offers_search_and_browse(page: Page, sites: dict[str, str]) -> None:
    """A reader who lands on no page (an old or mistyped address) can search from there, or
    browse; on the public site they are told that some documents are the SEC Parties' only.
    (The test server sends no 404 page of its own: the page is opened by its name.)"""
    page.goto(sites["public"] + "/404.html")
    assert "published only on the SEC Parties site" in page.locator("article").inner_text()
    page.get_by_role("searchbox", name="Search the archive").fill("firmware")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**/search/?q=firmware")
    assert "/meetings/opsg/2021/opsg-41-2501/" in search_results(page, "firmware")
    page.goto(sites["sec-parties"] + "/404.html")
    assert "published only on the SEC Parties site" not in page.locator("article").inner_text()
    page.get_by_role("link", name="browse every committee's meetings and papers by year").click()
    page.wait_for_url("**/browse/")


# "\/": Playwright reads a pattern's unescaped "/" as its end.
@pytest.mark.parametrize(("path", "cell"), [("/actions/", re.compile(r"^OPSG 34xxx\/04 The DCC to investigate")),
                                          ("/papers/opsg/2021/opsg-49-2405-03/", "2,112,776"),
                                          ("/papers/opsg/2021/opsg-49-2405-03/", "26,539,683,075")])
def test_four_column_tables_fit_a_phone(page: Page, sites: dict[str, str], path: str,
                                       cell: str | re.Pattern[str]) -> None:
    """The register's index (action and what it asks, owner, target, status) and the variance
    reports' four figures fit a phone's screen, where Material's padding (1.25em a side) and
    headings of 5rem at least made them scroll sideways; the SR report's figures, in the
    billions, still did by 78 px, cutting off its percentage, until its one row was read as four
    lines. (The fault tables, a grid of figures to compare across five columns: below.)"""
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(sites["sec-parties"] + path)
    frame = page.locator(".md-typeset__scrollwrap", has=page.get_by_role("cell", name=cell, exact=True)).first
    columns, over = frame.evaluate("e => [e.querySelectorAll('thead th').length, e.scrollWidth - e.clientWidth]")
    assert columns == 4 and over <= 1, (columns, over)


@pytest.mark.parametrize("width", [1280, 390])
def test_a_tables_title_starts_where_its_first_column_does(page: Page, serving: Callable[[Path], str],
                                                         canary_sites: dict[str, Path], width: int) -> None:
    """A data table's title (its caption) sits inside the table's border: it touched the border
    where the cells' words stand off it, as the page's own text does."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(serving(canary_sites["sec-parties"]) + "/papers/opsg/2022/opsg-60-1001-01/")
    caption = page.locator("caption", has_text="Table title canarygreen035")
    starts = caption.evaluate("""c => [c, c.closest('table').querySelector('th')].map(e => {
        const style = getComputedStyle(e);
        return e.getBoundingClientRect().left + parseFloat(style.paddingLeft) + parseFloat(style.borderLeftWidth);
    })""")
    assert abs(starts[0] - starts[1]) <= 1, starts


def test_the_fault_tables_five_columns_fit_a_390_px_phone_within_their_box(page: Page, sites: dict[str, str]) -> None:
    """A report's box and its cells are padded less on a phone, so a fault table's five columns
    of figures fit a 390 px screen whole; its frame stays inside the box's border."""
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(sites["sec-parties"] + "/papers/opsg/2021/opsg-49-2405-03/")
    report = page.locator(".hl-report", has_text="Fault Attribute")
    frames = report.locator(".md-typeset__scrollwrap", has_text="Fault Attribute")
    assert frames.count() == 2
    box = report.bounding_box()
    for frame in frames.all():
        columns, over = frame.evaluate("e => [e.querySelectorAll('thead th').length, e.scrollWidth - e.clientWidth]")
        assert columns == 5 and over <= 1, (columns, over)
        inside = frame.bounding_box()
        assert box and inside and box["x"] < inside["x"] and inside["x"] + inside["width"] < box["x"] + box["width"]


@pytest.mark.parametrize(("path", "cell", "label"), [
    ("/papers/opsg/2021/opsg-49-2405-03/", "Per SEC H3.24", "Content: "),
    ("/meetings/opsg/2020/opsg-35x/", "Closed, superseded by OPSG 35x/01", "Status: "),
    ("/papers/opsg/2021/opsg-49-2405-03/", "CSR Forecast Variance Report April", "Title: "),
    ("/papers/opsg/2021/opsg-49-2405-03/", "26,539,683,075", "Forecast: ")])
def test_tables_of_running_text_read_row_by_row_on_a_phone(page: Page, sites: dict[str, str], path: str, cell: str,
                                                           label: str) -> None:
    """A report summary's observations, an action's dates and status and a paper's attachments
    are text to read, not figures to compare, and a variance report's figures are one row: on
    a phone each row is a block, each cell after
    its column's name, and nothing scrolls sideways (the summary was 90 px wider than the
    screen, cutting every line of its observations; the attachments 46 px). Each is still a
    table to assistive technology, its cells named by their own text (the label is for the
    eye), and on a wide screen a table as before."""
    grid = page.locator("table", has=page.get_by_role("cell", name=cell, exact=True))
    for width, stacked in ((390, True), (1280, False)):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(sites["sec-parties"] + path)
        assert grid.count() == 1
        found = grid.get_by_role("cell", name=cell, exact=True)
        shown = found.evaluate("e => [getComputedStyle(e, '::before').content, getComputedStyle(e).display]")
        frame = grid.evaluate("e => { const f = e.closest('.md-typeset__scrollwrap') || e, "
                              "head = e.querySelector('thead').getBoundingClientRect(); "
                              "return [f.scrollWidth - f.clientWidth, head.height] }")
        if stacked:
            assert shown == [f'"{label}" / ""', "block"], shown
            assert frame[0] <= 1 and frame[1] <= 1, frame
        else:
            assert shown == ["none", "table-cell"], shown
            assert frame[1] > 10, frame


@pytest.mark.parametrize(("path", "box"), [("/meetings/opsg/2020/opsg-35x/", ".hl-review"),
                                         ("/actions/", ".hl-register-entry")])
@pytest.mark.parametrize("width", [390, 1280])
def test_a_reviews_border_runs_past_its_table(page: Page, sites: dict[str, str], path: str, box: str,
                                              width: int) -> None:
    """An action's review, and its entry in the register, are marked by a border on the left.
    Material pulls a table's scrolling box out over the text's margins, where Chromium painted
    it over the border: the border broke off beside each table. The box stays inside it."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(sites["sec-parties"] + path)
    boxes = page.locator(f"{box}:has(.md-typeset__scrollwrap)")
    assert boxes.count() >= 6
    for i in range(boxes.count()):
        # Shown first: the register lays out only the entries near the screen.
        border, frame = boxes.nth(i).evaluate(
            "async e => { e.scrollIntoView(); "
            "await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))); "
            "const r = e.getBoundingClientRect(), s = e.querySelector(':scope > .md-typeset__scrollwrap'); "
            "return [r.left + parseFloat(getComputedStyle(e).borderLeftWidth), s.getBoundingClientRect().left] }")
        assert frame >= border - 0.5, (i, border, frame)


def test_a_table_that_scrolls_sideways_can_be_reached_and_scrolled_by_keyboard(page: Page,
                                                                              sites: dict[str, str]) -> None:
    """On a narrow phone the fault tables are wider than the screen. Their frames are tab stops,
    named after their tables, and the arrow keys scroll them; axe finds no scrolling region a
    keyboard cannot reach. A table that fits is no tab stop; on a wide screen none is."""
    page.set_viewport_size({"width": 360, "height": 900})
    page.goto(sites["sec-parties"] + "/papers/opsg/2021/opsg-49-2405-03/")
    frames = page.locator(".md-typeset__scrollwrap")
    found = frames.evaluate_all("fs => fs.map(f => [f.scrollWidth > f.clientWidth + 1, f.tabIndex, "
                                "f.getAttribute('role'), f.getAttribute('aria-label')])")
    scrolling = [f for f in found if f[0]]
    assert scrolling and all(f[1:3] == [0, "region"] for f in scrolling), found
    assert all(f[1:] == [-1, None, None] for f in found if not f[0]), found
    fault = page.get_by_role("region", name="Table: South and Central Region: DCC Fault Attribute, January, "
                                           "February, March, Total")
    fault.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("e => e.scrollLeft > 0", arg=fault.element_handle())
    results = Axe().run(page, options=WCAG).response
    assert "scrollable-region-focusable" not in {v["id"] for v in results["violations"]}
    page.set_viewport_size({"width": 1280, "height": 900})
    page.wait_for_function("() => !document.querySelector('.md-typeset__scrollwrap[tabindex]')")


@pytest.mark.parametrize("audience", ["public", "sec-parties"])
def test_every_page_loads_with_no_request_failing(page: Page, sites: dict[str, str], shipped_sites: dict[str, Path],
                                                  audience: str) -> None:
    """Every page of each shipped site, opened in turn: no request it makes fails or leaves
    loopback (the page fixture checks both). Material fetches sitemap.xml beside every
    link[rel=alternate], for a language selector these sites do not have: each page fetched
    the whole sitemap twice, and a committee's page its own committees/<id>/sitemap.xml,
    which is not there. None is fetched now; feed readers still find the feeds in the HTML,
    and the links are in the page once it is ready."""
    root = shipped_sites[audience]
    paths = sorted("/" + p.parent.relative_to(root).as_posix() + "/" for p in root.rglob("index.html"))
    assert "/committees/opsg/" in paths and len(paths) > (15 if audience == "public" else 40), paths
    for path in paths:
        page.goto(sites[audience] + path.replace("/./", "/"))
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    assert not [url for url in page.requests if "sitemap" in url]  # type: ignore[attr-defined]
    page.goto(sites[audience] + "/committees/opsg/")
    links = page.locator("link[rel=alternate]").evaluate_all("ls => ls.map(l => l.getAttribute('href'))")
    assert links == ["../../feed.xml", "feed.xml", "../../data.json"], links
    html = (root / "committees/opsg/index.html").read_text()
    assert '<link rel="alternate" type="application/atom+xml" title="Operations Group (OPSG)" href="feed.xml">' \
        in html


@pytest.mark.parametrize("audience", ["public", "sec-parties"])
def test_every_page_states_its_content_security_policy_before_any_script(shipped_sites: dict[str, Path],
                                                                       audience: str) -> None:
    """A policy given in a meta element governs only what follows it. The scripts and styles
    written in a page apply because the policy names each by its digest, and no other may: a
    page's policy is CONTENT_SECURITY_POLICY, which applies none, and those digests (the
    theme's scripts, five, and its printed label's style). No page has a style attribute."""
    pages = list(shipped_sites[audience].rglob("*.html"))
    assert len(pages) > 15
    for path in pages:
        policy, scripts, styles = stated_policy(path.read_text(encoding="utf-8"))
        assert policy == CONTENT_SECURITY_POLICY and len(scripts) == 5 and len(styles) == 1, (path, policy, scripts)
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY


def test_a_pages_scripts_are_named_again_when_one_is_added_and_only_under_the_sites_policy() -> None:
    """What serves a page may write a script into it (the preview's reload): named again, the
    policy names both. A page stating another policy, none, or two, is refused, not named.
    A style element is named as a script is, in the policy's style-src."""
    page = f'<head><meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}"><script>a()</script>'
    named = with_digests(page)
    again = with_digests(named + "<script>b()</script><style media=print>p{}</style>")
    assert stated_policy(named) == (CONTENT_SECURITY_POLICY, [script_digest("a()")], [])
    assert stated_policy(again) == (CONTENT_SECURITY_POLICY, [script_digest("a()"), script_digest("b()")],
                                    [script_digest("p{}")])
    assert f"style-src 'self' {script_digest('p{}')};" in again
    for other in (page.replace("script-src 'self'", "script-src *"), page.replace("<meta ", "<meta name=x "),
                  page + page):
        with pytest.raises(ValueError, match="allowed: the site's"):
            with_digests(other)


def test_a_script_style_or_image_from_another_host_is_refused(browser: Browser, sites: dict[str, str]) -> None:
    """Whatever put it there (a page, the data, a browser extension's page script), nothing is
    loaded from another host: not a script, a style or a web font's stylesheet, nor a tracking
    image. The browser refuses each before any request leaves (without the policy, each goes
    out: here, to fail at its host's name)."""
    context = browser.new_context()
    page = context.new_page()
    refused, failures = [], {}
    page.on("console", lambda message: "Content Security Policy" in message.text and refused.append(message.text))
    page.on("requestfailed", lambda request: failures.update({request.url: request.failure}))
    page.goto(sites["sec-parties"] + "/papers/opsg/2021/opsg-49-2405-03/")
    page.evaluate("""() => {
        const script = document.createElement('script'); script.src = 'https://cdn.example.com/x.js';
        const style = document.createElement('link');
        style.rel = 'stylesheet'; style.href = 'https://fonts.example.com/f.css';
        document.head.append(script, style);
        new Image().src = 'https://tracker.example.com/p.gif';
    }""")
    page.wait_for_timeout(500)
    context.close()
    assert failures == {"https://cdn.example.com/x.js": "csp", "https://fonts.example.com/f.css": "csp",
                        "https://tracker.example.com/p.gif": "csp"}, failures
    assert sorted(host for message in refused for host in ("cdn", "fonts", "tracker")
                  if f"https://{host}.example.com/" in message) == ["cdn", "fonts", "tracker"], refused


@contextlib.contextmanager
def _tampered_paper(browser: Browser, sites: dict[str, str], written: str, added: str) -> Iterator[
        tuple[Page, list[str]]]:
    """The GREEN paper's page on the SEC Parties site with ``written`` written into its article
    since its build (an escaping slip, a tampered copy) and ``added`` run on it by a script (a
    browser extension), in a context of its own: the page, and what its policy refused."""
    context = browser.new_context()
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda message: "Content Security Policy" in message.text and refused.append(message.text))
    path = "/papers/opsg/2021/opsg-49-2405-03/"

    def tampered(route: Route) -> None:
        html = route.fetch().text()
        route.fulfill(body=html.replace("</article>", written + "</article>", 1), content_type="text/html")

    page.route(sites["sec-parties"] + path, tampered)
    page.goto(sites["sec-parties"] + path)
    page.evaluate(added)
    try:
        yield page, refused
    finally:
        context.close()


def test_a_script_written_into_a_page_after_its_build_does_not_run(browser: Browser, sites: dict[str, str]) -> None:
    """The theme's own scripts in a page run (every browser test fails on a refusal); one
    written into it since, by whatever means (an escaping slip, a tampered copy, an extension),
    does not. Not with the policy as it was, which let any script written in a page run."""
    with _tampered_paper(browser, sites, "<script>document.title = 'ran'</script>", """() => {
        const script = document.createElement('script'); script.textContent = "document.title += ', ran too'";
        document.body.append(script);
    }""") as (page, refused):
        title = page.title()
        scheme = page.locator("body").get_attribute("data-md-color-scheme")  # set by the theme's own script
    assert "ran" not in title and title.startswith("OPSG_49_2405_03"), title
    assert scheme in ("default", "slate")
    assert len(refused) == 2 and all("inline script" in message for message in refused), refused


def test_a_style_written_into_a_page_after_its_build_is_not_applied(browser: Browser, sites: dict[str, str]) -> None:
    """The theme's own styles apply (its stylesheets, and the printed label's style element,
    named by its digest; a column of figures set right by its cells' align attribute). A style
    attribute or element written into a page since, or added by a script, is refused: one
    could hide a page's classification banner, or lay a page out to mislead. With the policy as
    it was ('unsafe-inline'), all three applied."""
    with _tampered_paper(browser, sites, '<style>.hl-classification { display: none }</style>'
                         '<p id="tampered" style="display: none">Tampered</p>', """() => {
        const style = document.createElement('style'); style.textContent = 'h1 { display: none }';
        document.head.append(style);
    }""") as (page, refused):
        expect(page.locator("#tampered")).to_be_visible()
        expect(page.locator("h1")).to_be_visible()
        expect(page.locator(".hl-classification").first).to_be_visible()
        aligned = page.locator("td[align=right], td.hl-figure").evaluate_all(
            "es => es.map(e => getComputedStyle(e).textAlign)")
    assert len(aligned) > 20 and set(aligned) == {"right"}, aligned
    assert len(refused) == 3 and all("inline style" in message for message in refused), refused


def test_a_printed_page_keeps_its_classification(page: Page, sites: dict[str, str]) -> None:
    """Printed, a GREEN paper still says so at top and bottom and marks its AMBER attachments.
    A browser prints no backgrounds unless told to (Material's typeset tells it), and without
    them the banner's white words and each chip's label would be lost on white paper."""
    page.emulate_media(media="print")
    page.goto(sites["sec-parties"] + "/papers/opsg/2021/opsg-49-2405-03/")
    shown = page.locator(".hl-classification, .hl-label").evaluate_all("""es => es.map(e => {
        const s = getComputedStyle(e);
        return [e.textContent.trim().split(/\\s/)[0], s.display !== 'none' && e.getClientRects().length > 0,
                s.printColorAdjust, s.backgroundColor];
    })""")
    banners = [s for s in shown if s[0].startswith("TLP:")]
    assert [b[0] for b in banners] == ["TLP:GREEN", "TLP:GREEN"], banners
    assert any(s[0] == "AMBER" for s in shown), shown
    assert all(s[1:] == [True, "exact", "rgb(0, 0, 0)"] for s in banners + [s for s in shown if s[0] == "AMBER"]), shown
    assert len(page.pdf()) > 10_000


def test_a_printed_page_prints_where_its_links_to_other_sites_go(page: Page, sites: dict[str, str]) -> None:
    """On paper a link cannot be followed: a link to another site (a modification's, one a
    paper's text writes) prints its address after its words, and the printed sheets read it.
    A link within the site prints none, and nor does an address that is its own link's words
    (autolink._web_link's class), which would print twice. On screen, no link shows one."""
    page.goto(sites["sec-parties"] + "/papers/opsg/2021/opsg-49-2405-03/")
    page.locator("article").evaluate("""a => a.insertAdjacentHTML('beforeend',
        '<p><a class="hl-address" href="https://example.org/a">https://example.org/a</a></p>')""")
    printed = """() => [...document.querySelectorAll('article a[href]')].map(
        a => [a.getAttribute('href'), getComputedStyle(a, '::after').content])"""
    assert {content for _, content in page.evaluate(printed)} == {"none"}
    page.emulate_media(media="print")
    links = page.evaluate(printed)
    external = [(href, content) for href, content in links if href.startswith("https://")]
    assert len(external) >= 5, links
    assert external[-1] == ("https://example.org/a", "none"), external
    assert all(content == f'" ({href})"' for href, content in external[:-1]), external
    assert {content for href, content in links if not href.startswith("https://")} == {"none"}, links
    sheets = PdfReader(io.BytesIO(page.pdf(format="A4"))).pages
    text = "".join("".join(unicodedata.normalize("NFKC", sheet.extract_text()).split()) for sheet in sheets)
    assert "Forecasting’(https://smartenergycodecompany.co.uk/modifications/service-request-forecasting/)" in text, text
    assert "https://example.org/a(" not in text


@pytest.mark.parametrize(("audience", "path", "label", "words"), [
    ("sec-parties", "/papers/opsg/2021/opsg-49-2405-03/", "GREEN",
     "shared with other SEC Parties and SMIP stakeholders"),
    ("public", "/meetings/opsg/2021/opsg-41-2501/", "WHITE", "shared with the public"),
])
def test_every_printed_sheet_carries_the_label_at_its_top_and_bottom(page: Page, sites: dict[str, str], audience: str,
                                                                    path: str, label: str, words: str) -> None:
    """The Panel's documents state their label at the top and bottom of every page. Printed
    (Chromium's own PDF), a page does too, with the sheet's number: not only on the first
    sheet and the last, where the page's banners fall. A GREEN paper of eleven sheets
    printed only there would pass on its middle sheets for unlabelled."""
    page.goto(sites[audience] + path)
    sheets = PdfReader(io.BytesIO(page.pdf(format="A4"))).pages
    assert len(sheets) >= 3, len(sheets)
    for number, sheet in enumerate(sheets, 1):
        height = float(sheet.mediabox.height)
        placed: list[tuple[str, float]] = []  # each run of text, with its height up the sheet

        def seen(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
            placed.append((unicodedata.normalize("NFKC", text), cm[5] + cm[3] * tm[5]))  # noqa: B023

        sheet.extract_text(visitor_text=seen)
        labels = [y / height for text, y in placed if text.startswith(f"TLP:{label} This document is classified")]
        assert len(labels) >= 2 and max(labels) > 0.9 and min(labels) < 0.1, (number, labels)
        text = " ".join(unicodedata.normalize("NFKC", sheet.extract_text()).split())
        assert words in text and f"{number} of {len(sheets)}" in text, (number, text[:300])


def test_the_header_switches_between_light_and_dark_and_remembers(page: Page, sites: dict[str, str]) -> None:
    """A device set to dark gets the dark scheme; the header's switch changes it, and the choice
    holds on the next page. The classification banner stays black on both."""
    page.emulate_media(color_scheme="dark")
    page.goto(sites["public"] + "/")
    body = page.locator("body")
    assert body.get_attribute("data-md-color-scheme") == "slate"
    page.get_by_title("Switch to light mode").click()
    assert body.get_attribute("data-md-color-scheme") == "default"
    page.goto(sites["public"] + "/about/")
    assert body.get_attribute("data-md-color-scheme") == "default"
    banner = page.locator(".hl-classification").first.evaluate("e => getComputedStyle(e).backgroundColor")
    page.get_by_title("Switch to dark mode").click()
    assert body.get_attribute("data-md-color-scheme") == "slate"
    assert banner == page.locator(".hl-classification").first.evaluate("e => getComputedStyle(e).backgroundColor") \
        == "rgb(0, 0, 0)"


@pytest.mark.parametrize(("device", "scheme"), [("dark", "slate"), ("light", "default")])
def test_a_first_visit_is_in_the_devices_scheme_before_the_page_shows(browser: Browser, sites: dict[str, str],
                                                                      device: str, scheme: str) -> None:
    """On a first visit, with no scheme remembered, the page is in the scheme the device asks
    for before its content is laid out, not light until Material's script at the end of the
    page reads the device's setting: a reader whose device is dark saw the page light first,
    and the register's entries laid out off screen kept light mode's link colour. The next
    page is too, from the scheme Material has remembered."""
    context = browser.new_context(color_scheme=device)  # type: ignore[arg-type]
    context.add_init_script("""
        window.hlSchemeAtArticle = null;
        new MutationObserver((changes, observer) => {
            if (document.querySelector("article")) {
                window.hlSchemeAtArticle = document.body.getAttribute("data-md-color-scheme");
                observer.disconnect();
            }
        }).observe(document, {subtree: true, childList: true});
    """)
    page = context.new_page()
    for path in ("/actions/", "/about/"):
        page.goto(sites["sec-parties"] + path)
        assert page.evaluate("window.hlSchemeAtArticle") == scheme, path
        assert page.locator("body").get_attribute("data-md-color-scheme") == scheme, path
    context.close()


KEY_PAGES = {
    "home": "/", "meeting": "/meetings/opsg/2020/opsg-35x/", "paper": "/papers/opsg/2021/opsg-49-2405-03/",
    "register": "/actions/", "measure": "/measures/cpm1/", "search": "/search/?q=firmware",
    "not found": "/404.html", "chart": "/trends/csr-variance/",
}
"""Each on the SEC Parties site; the chart on the one with two report summaries (``charted``)."""


@pytest.mark.parametrize(("scheme", "width"), [("light", 1280), ("dark", 1280), ("light", 390)])
@pytest.mark.parametrize("name", sorted(KEY_PAGES))
def test_key_pages_pass_axe(page: Page, sites: dict[str, str], name: str, scheme: str, width: int) -> None:
    """In light and dark (Material's slate scheme, as a device set to dark gets it): contrast
    is checked against the page as shown. And at a phone's width, where the header, charts
    and tables take their phone forms."""
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.goto(sites["charted" if name == "chart" else "sec-parties"] + KEY_PAGES[name])
    assert page.locator("body").get_attribute("data-md-color-scheme") == ("slate" if scheme == "dark" else "default")
    if name == "search":  # its results and their filters, which come after the page
        page.locator(".pagefind-ui__result-title").first.wait_for()
        page.locator(".pagefind-ui__filter-name").first.wait_for()
    # Each part as a reader sees it once scrolled to it: a part left unrendered while off-screen
    # (content-visibility: auto: the register's entries) is shown, and its colours (which change
    # in 125 ms transitions) are left to settle. Set through the CSSOM: the pages' policy
    # refuses a style element added to them.
    page.evaluate("""() => document.querySelectorAll('*').forEach(
        e => e.style.setProperty('content-visibility', 'visible', 'important'))""")
    page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished)).then(() => null)")
    results = Axe().run(page, options=WCAG).response
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in results["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == [], serious
    assert results["passes"], "axe ran no checks"


@pytest.mark.parametrize(("width", "height", "label"), [(390, 844, "phone"), (1280, 900, "desktop")])
def test_screenshots(browser: Browser, sites: dict[str, str], width: int, height: int, label: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    for audience, name, path in [("public", "home", "/"), ("public", "meeting", KEY_PAGES["meeting"].replace("2020/opsg-35x", "2021/opsg-41-2501")),
                                 ("sec-parties", "paper", KEY_PAGES["paper"]), ("sec-parties", "register", "/actions/")]:
        page.goto(sites[audience] + path)
        target = ARTIFACTS / f"{audience}-{name}-{label}.png"
        page.screenshot(path=str(target))
        assert target.stat().st_size > 10_000
    context.close()
