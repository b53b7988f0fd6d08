"""End to end: both sites built from the shipped data, read back as files."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.robotparser import RobotFileParser
from xml.etree import ElementTree

import pytest
from conftest import (ROOT, output_text, page_labels, pages, public_page_links, site_corpus, site_files, sites_of,
                      unmarked_links)

from headlines.classify import strings
from headlines.figures import month_name
from headlines.labels import Label
from headlines.leakcheck import words
from headlines.loading import load_archive

ARCHIVE = load_archive(ROOT / "data")
HEADLINES_41 = ARCHIVE.meetings["OPSG_41_2501"].headlines
MINUTES_35X = ARCHIVE.meetings["OPSG_35x"].minutes
PAPER_49 = ARCHIVE.papers["OPSG_49_2405_03"]


def _words_of_site(site: Path) -> str:
    """What a reader sees on every page, as bare words (tags dropped, entities decoded)."""
    return " " + " ".join(words(re.sub(r"<[^>]+>", " ", output_text(p))) for p in pages(site)) + " "


def test_public_site_holds_every_white_headline(shipped_sites: dict[str, Path]) -> None:
    assert HEADLINES_41.classification is Label.WHITE
    text = _words_of_site(shipped_sites["public"])
    passages = list(strings(HEADLINES_41))
    assert len(passages) > 30
    for passage in passages:
        assert f" {words(passage)} " in text, passage


def test_public_site_holds_no_green_or_amber_text(shipped_sites: dict[str, Path]) -> None:
    corpus = site_corpus(shipped_sites["public"])
    for secret in ["Veronica Asantewaa", "Joey Manners", "Gemma Slaney", "2,112,776", "26,539,683,075",
                   "OPSG 35x/01", "SR118NU", "DCC SEC Panel Reports Summary", "opsg-49-2405-03",
                   "opsg-35x", "RDP Monthly Incident Report April", "INC000000707890"]:
        assert secret not in corpus, secret


def test_sec_parties_site_holds_the_green_paper_and_minutes(shipped_sites: dict[str, Path]) -> None:
    paper = (shipped_sites["sec-parties"] / "papers/opsg/2021/opsg-49-2405-03/index.html").read_text()
    for figure in ["2,112,776", "1,728,620", "384,156", "122.2%", "368,373,213", "26,539,683,075",
                   "-26,171,309,862", "12,902", "10,716", "2,186", "92.75%", "23.74%", "99.84%", "1,373", "813"]:
        assert figure in paper, figure
    minutes = (shipped_sites["sec-parties"] / "meetings/opsg/2020/opsg-35x/index.html").read_text()
    for n in range(1, 13):
        assert f'id="opsg-35x-{n:02d}"' in minutes
    for name in ["Veronica Asantewaa", "Joey Manners", "Huw Exley", "Robin Healey", "Natasha Free", "John Noag",
                 "Rob Short", "Simon Dowse", "Kate Barnes", "Geoff Huckerby", "Tom Woolley", "Gemma Slaney"]:
        assert name in minutes, name


def test_every_green_passage_reaches_the_sec_parties_site(shipped_sites: dict[str, Path]) -> None:
    text = _words_of_site(shipped_sites["sec-parties"])
    for doc in (MINUTES_35X, PAPER_49):
        for passage in strings(doc):
            if "](" in passage:  # a Markdown link: its text shows, its address sits in href
                passage = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", passage)
            if re.fullmatch(r"\d{4}-\d\d", passage):  # a month: shown as readers write it
                passage = month_name(passage)
            assert f" {words(passage)} " in text, passage


def test_amber_attachments_are_listed_not_published(shipped_sites: dict[str, Path]) -> None:
    paper = (shipped_sites["sec-parties"] / "papers/opsg/2021/opsg-49-2405-03/index.html").read_text()
    rows = re.findall(r"<tr>\s*<td>(Appendix [A-F])</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>", paper, re.S)
    assert [r[0] for r in rows] == [f"Appendix {c}" for c in "ABCDEF"]
    for appendix, _title, label, status in rows:
        if appendix == "Appendix F":
            assert "GREEN" in label and "Not published" not in status
        else:
            assert "AMBER" in label and "Not published" in status


def test_every_page_states_its_classification_top_and_bottom_on_screen_and_on_paper(
        shipped_sites: dict[str, Path]) -> None:
    for audience, site in shipped_sites.items():
        for page in pages(site):
            html = page.read_text()
            banners = re.findall(r'class="hl-classification hl-classification--(\w+)"', html)
            assert len(banners) == 2, page
            assert banners[0] == banners[1]
            # Printed, every sheet says the same at its top and bottom (partials/print.html).
            printed = re.findall(r'@(top|bottom)-center \{ content: "TLP:([A-Z+]+) ', html)
            assert printed == [("top", banners[0].upper()), ("bottom", banners[0].upper())], page
            if audience == "public":
                assert banners[0] == "white", page
                assert "Information can be shared with the public" in html


def test_pages_show_the_label_of_what_they_hold(shipped_sites: dict[str, Path]) -> None:
    parties = shipped_sites["sec-parties"]
    minutes = (parties / "meetings/opsg/2020/opsg-35x/index.html").read_text()
    assert 'hl-classification--green' in minutes
    assert "not made publicly available" in minutes
    headlines = (parties / "meetings/opsg/2021/opsg-41-2501/index.html").read_text()
    assert 'hl-classification--white' in headlines
    # On the SEC Parties site each item carries its own label.
    assert 'class="hl-label hl-label--white"' in headlines
    assert 'class="hl-label hl-label--green"' in minutes


def test_a_label_reads_in_brackets_where_its_chip_is_not_seen(shipped_sites: dict[str, Path]) -> None:
    """The page's contents give a heading's words without its chip: a label reads there as
    "(GREEN)", not run on into the heading's words ("Minutes GREEN")."""
    minutes = (shipped_sites["sec-parties"] / "meetings/opsg/2020/opsg-35x/index.html").read_text()
    contents = minutes.split('class="md-nav md-nav--secondary"', 1)[1].split("</nav>", 1)[0]
    entries = [re.sub(r"\s+", " ", e).strip()
               for e in re.findall(r'<span class="md-ellipsis">(.*?)</span>', contents, re.S)]
    assert entries[:2] == ["Minutes (GREEN)", "Attendance"], entries
    home = (shipped_sites["sec-parties"] / "index.html").read_text()
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", home))
    assert "Operations Group Meeting 41_2501 (WHITE)" in words and "41_2501 WHITE" not in words


@pytest.mark.parametrize("corpus", ["shipped_sites", "canary_sites"])
def test_a_white_page_names_what_the_public_may_not_read_only_with_its_mark(request: pytest.FixtureRequest,
                                                                            corpus: str) -> None:
    """On the SEC Parties site, a page labelled WHITE tells its reader they may share it. A link
    on it to a page the public site does not have (a meeting with GREEN minutes alone, a year or
    a subject of GREEN documents alone) names what the public may not know: it is marked with
    that page's label. The browse and committees pages were labelled WHITE whatever they listed,
    and a WHITE meeting's "Previous meeting" named a GREEN one unmarked."""
    sites = request.getfixturevalue(corpus)
    assert {"green", "white"} <= set(page_labels(sites["sec-parties"]).values())
    checked, unmarked = unmarked_links(sites["sec-parties"], sites["public"])
    if corpus == "shipped_sites":  # OPSG 41_2501's headlines (WHITE) follow OPSG_35x's minutes (GREEN)
        assert checked, "no WHITE page links to a page only the SEC Parties site has"
    assert not unmarked, unmarked


@pytest.mark.parametrize("corpus", ["shipped_sites", "canary_sites"])
def test_a_sec_parties_page_links_its_public_page_where_there_is_one(request: pytest.FixtureRequest,
                                                                    corpus: str) -> None:
    """What a SEC Parties reader may pass on is on the public site: each meeting's and paper's
    page links its public page, where the public site has one (a meeting with WHITE headlines,
    a WHITE paper), and no other; data.json gives the same address. The public site links no
    such page."""
    sites = request.getfixturevalue(corpus)
    linked, wrong = public_page_links(sites["sec-parties"], sites["public"])
    assert wrong == []
    if corpus == "shipped_sites":  # OPSG 41_2501 (WHITE headlines); not OPSG_35x or the paper, both GREEN
        assert linked == 1
    else:
        assert linked >= 3
    assert not [p for p in pages(sites["public"]) if "hl-public-page" in p.read_text(encoding="utf-8")]


def test_navigation_stays_bounded(shipped_sites: dict[str, Path]) -> None:
    for site in shipped_sites.values():
        for page in pages(site):
            html = page.read_text()
            nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>', html, re.S)
            if nav:
                assert "meetings/" not in nav.group(0) and "papers/" not in nav.group(0), page


def test_every_anchor_on_a_page_is_its_own(shipped_sites: dict[str, Path]) -> None:
    """A heading's contents link lands on that heading: the seed paper has two sections titled
    "April 2021 Report Summary" (under 2.2 and 2.3), which once shared one anchor."""
    for site in shipped_sites.values():
        for page in pages(site):
            found = re.findall(r'\sid="([^"]+)"', page.read_text())
            assert len(found) == len(set(found)), (page, sorted({a for a in found if found.count(a) > 1}))
    paper = (shipped_sites["sec-parties"] / "papers/opsg/2021/opsg-49-2405-03/index.html").read_text()
    assert 'id="s-2-2-april-2021-report-summary"' in paper and 'id="s-2-3-april-2021-report-summary"' in paper


def test_every_in_page_link_lands_on_the_page(shipped_sites: dict[str, Path]) -> None:
    """A link to '#somewhere' (the skip link, a contents entry, an attachment's 'Below') has its
    target on the page: the search page's skip link once pointed at a heading it did not have."""
    for site in shipped_sites.values():
        for page in pages(site):
            text = page.read_text()
            ids = set(re.findall(r'\sid="([^"]+)"', text))
            missing = {a for a in re.findall(r'\shref="#([^"]+)"', text) if a not in ids}
            assert not missing, (page, sorted(missing))


def test_abbreviations_are_defined_in_the_plural_too(shipped_sites: dict[str, Path]) -> None:
    """"six LSs", "the corrected PMRs": a plural is defined in the plural wherever it appears, as
    its singular is (the glossary lists the singular only)."""
    meeting_41 = (shipped_sites["public"] / "meetings/opsg/2021/opsg-41-2501/index.html").read_text()
    assert '<abbr title="Large Suppliers">LSs</abbr>' in meeting_41
    meeting_35 = (shipped_sites["sec-parties"] / "meetings/opsg/2020/opsg-35x/index.html").read_text()
    assert '<abbr title="Performance Measurement Reports">PMRs</abbr>' in meeting_35
    assert '<abbr title="key performance indicators">KPIs</abbr>' in meeting_35
    assert '<abbr title="Large Supplier">LS</abbr>' in meeting_35


def test_browse_pages_per_committee_and_year(shipped_sites: dict[str, Path]) -> None:
    public, parties = shipped_sites["public"], shipped_sites["sec-parties"]
    assert (public / "committees/opsg/2021/index.html").is_file()
    assert not (public / "committees/opsg/2020/index.html").exists()  # only GREEN minutes in 2020
    assert (parties / "committees/opsg/2020/index.html").is_file()
    home = (public / "index.html").read_text()
    assert "dcc pandemic update" in words(re.sub(r"<[^>]+>", "", home))
    assert 'href="meetings/opsg/2021/opsg-41-2501/"' in home
    # The public Browse page says that it is not everything, and where the rest is; the SEC
    # Parties' Browse page, which is, does not.
    said = "Some are published only on the SEC Parties site"
    browse = {site: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", (site / "browse/index.html").read_text()))
              for site in (public, parties)}
    assert said in browse[public] and "Papers none on this site" in browse[public]
    assert said not in browse[parties] and "none on this site" not in browse[parties]
    # On a GREEN listing, what the public may read is marked WHITE; the rest takes the page's label.
    subject = re.sub(r"<[^>]+>", "", (parties / "browse/subjects/csp-n/index.html").read_text())
    assert "TLP:GREEN" in subject and "Operations Group Meeting 41_2501 (WHITE)" in subject
    assert re.search(r"Operations Group Meeting 35x\s*\n", subject)


def test_sitemap_lists_exactly_the_pages_built(shipped_sites: dict[str, Path]) -> None:
    for audience, site in shipped_sites.items():
        base = "https://headlines.example.org/" if audience == "public" else "https://parties.headlines.example.org/"
        tree = ElementTree.fromstring((site / "sitemap.xml").read_bytes())
        locs = {e.text for e in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
        built = {base + p.parent.relative_to(site).as_posix().removeprefix(".") + "/" for p in pages(site)
                 if p.name == "index.html"}
        built = {url.replace(base + "/", base) for url in built}
        assert locs == built


def test_search_engines_may_crawl_the_public_site_and_nothing_of_the_sec_parties_site(
        shipped_sites: dict[str, Path]) -> None:
    """Read as a crawler reads them (the standard library's robots.txt parser): the public
    site is open and names its sitemap; the SEC Parties site is closed, and each of its
    pages, the 404 and search pages included, says noindex for a host that ignores the file."""
    robots, noindex = {}, {}
    for audience, site in shipped_sites.items():
        robots[audience] = RobotFileParser()
        robots[audience].parse((site / "robots.txt").read_text(encoding="utf-8").splitlines())
        noindex[audience] = {p.relative_to(site).as_posix() for p in pages(site)
                             if '<meta name="robots" content="noindex">' in p.read_text(encoding="utf-8")}
    assert noindex["public"] == set()
    assert noindex["sec-parties"] == {p.relative_to(shipped_sites["sec-parties"]).as_posix()
                                      for p in pages(shipped_sites["sec-parties"])}
    assert {"404.html", "search/index.html", "index.html"} <= noindex["sec-parties"]
    public, parties = "https://headlines.example.org/", "https://parties.headlines.example.org/"
    assert robots["public"].can_fetch("*", public + "meetings/opsg/2021/opsg-41-2501/")
    assert robots["public"].site_maps() == [public + "sitemap.xml"]
    for path in ("", "papers/opsg/2021/opsg-49-2405-03/", "data.json", "sitemap.xml"):
        assert not robots["sec-parties"].can_fetch("Googlebot", parties + path)
    assert robots["sec-parties"].site_maps() is None


class _Shown(HTMLParser):
    """A page's text as a reader sees it: no scripts, styles or drawings."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hidden += tag in ("script", "style", "svg")

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("script", "style", "svg")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.text.append(data)


# What Markdown or Jinja should have consumed: attribute lists, template tags, links, bold,
# headings, table rules, tags or entities escaped twice.
_LEFT_OVER = re.compile(r"\{:|\{\{|\{%|\{#|\]\(|\*\*|^#{1,6} |\|---|&[a-z]+;|&#\d+;|<[a-z/]", re.M)


@pytest.mark.parametrize("corpus", ["shipped_sites", "charted_site"])  # the canary writes markup as text on purpose
def test_no_markup_is_left_on_a_page_as_text(request: pytest.FixtureRequest, corpus: str) -> None:
    for site in sites_of(request, corpus):
        for page in pages(site):
            shown = _Shown()
            shown.feed(page.read_text(encoding="utf-8"))
            text = "".join(shown.text)
            assert not [text[max(m.start() - 60, 0):m.end() + 20] for m in _LEFT_OVER.finditer(text)], page


def test_no_source_file_is_copied_into_a_site(shipped_sites: dict[str, Path]) -> None:
    for site in shipped_sites.values():
        assert not [p for p in site_files(site) if p.suffix in {".yml", ".yaml", ".j2", ".py", ".md"}]


def test_pages_load_nothing_from_another_host(shipped_sites: dict[str, Path]) -> None:
    external = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.I)
    for site in shipped_sites.values():
        for path in site_files(site):
            if path.suffix == ".html":
                for tag in re.findall(r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*>", path.read_text()):
                    if tag.startswith("<link") and re.search(r'rel="(?:canonical|alternate|prev|next)"', tag):
                        continue  # names a page, loads nothing
                    assert not external.search(tag), (path, tag)
            if path.suffix == ".css":
                css = path.read_text()
                assert not re.search(r"""@import\s+(?:url\()?["']?(?:https?:)?//""", css), path
                assert not re.search(r"""url\(\s*["']?(?:https?:)?//""", css), path
        assert "fonts.googleapis" not in site_corpus(site)
