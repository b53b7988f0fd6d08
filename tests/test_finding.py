"""Feeds, open data, browsing and links: each per audience, each holding only what it may."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
from browser import serve
from conftest import ROOT, SPLIT_PART_PAGES, build, copy_project, renderer_for, search_index, second_report
from headlines import searchindex
from headlines.classify import redact
from headlines.labels import SEC_PARTIES
from headlines.loading import load_archive
from headlines.render import Renderer


@pytest.mark.parametrize("audience", ["public", "sec-parties"])
def test_the_feed_is_valid_atom_with_stable_ids(shipped_sites: dict[str, Path], audience: str) -> None:
    feed = feedparser.parse((shipped_sites[audience] / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    ids = [entry.id for entry in feed.entries]
    assert len(ids) == len(set(ids))
    expected = {"tag:headlines.example.org,2021:OPSG_41_2501"} if audience == "public" else {
        "tag:parties.headlines.example.org,2021:OPSG_41_2501", "tag:parties.headlines.example.org,2020:OPSG_35x",
        "tag:parties.headlines.example.org,2021:OPSG_49_2405_03"}
    assert set(ids) == expected
    for entry in feed.entries:
        assert entry.link.startswith("https://") and entry.updated_parsed and entry.summary


@pytest.mark.parametrize("audience", ["public", "sec-parties"])
def test_a_feed_entry_names_its_label_and_says_what_the_document_is(shipped_sites: dict[str, Path],
                                                                      audience: str) -> None:
    """A feed reader shows an entry's title and summary, seldom its category: on the SEC
    Parties site the title ends with the label of the document's page there; on the public
    site, where everything is WHITE, it does not. A meeting's summary is its agenda; a
    paper's, its purpose and the opening of its first paragraph, cut at a word."""
    feed = feedparser.parse((shipped_sites[audience] / "feed.xml").read_bytes())
    entries = {e.id.rsplit(":", 1)[1]: e for e in feed.entries}
    titles = {doc: (e.title, e.tags[0].term) for doc, e in entries.items()}
    if audience == "public":
        assert titles == {"OPSG_41_2501": ("Operations Group Meeting 41_2501: headlines", "WHITE")}
    else:
        assert titles == {
            "OPSG_41_2501": ("Operations Group Meeting 41_2501: headlines (WHITE)", "WHITE"),
            "OPSG_35x": ("Operations Group Meeting 35x: minutes (GREEN)", "GREEN"),
            "OPSG_49_2405_03": ("OPSG_49_2405_03: DCC SEC Panel Reports Summary (GREEN)", "GREEN")}
        paper = entries["OPSG_49_2405_03"].summary
        assert paper.startswith("For Decision. This paper provides a summary view of the regular DCC SEC Panel "
                                "Reports that have been delegated to the Operations Group (OPSG)"), paper
        assert paper.endswith("…") and len(paper) <= 300 and "  " not in paper
    assert entries["OPSG_41_2501"].summary.startswith("DCC Pandemic Update; SEC Panel Reports; CH Returns Report")


@pytest.mark.parametrize("audience", ["public", "sec-parties"])
def test_each_committee_has_a_feed_of_its_own_documents(shipped_sites: dict[str, Path], audience: str) -> None:
    """A reader who follows one committee subscribes to its page's feed: that committee's
    documents only, as this site publishes them, with the entry IDs of the site's feed (a
    reader following both never sees a document as two). A committee with nothing on the
    site yet has an empty feed to subscribe to. Its page links the feed, and names it in its
    head for browsers and feed readers to find."""
    site = shipped_sites[audience]
    host = "headlines.example.org" if audience == "public" else "parties.headlines.example.org"
    whole = {e.id: e for e in feedparser.parse((site / "feed.xml").read_bytes()).entries}
    committees = sorted(p.parent.name for p in (site / "committees").glob("*/index.html"))
    assert committees == ["csc", "opsg", "panel", "ssc", "tabasc", "tag"]
    for committee in committees:
        feed = feedparser.parse((site / "committees" / committee / "feed.xml").read_bytes())
        assert not feed.bozo and feed.version == "atom10", (committee, feed.get("bozo_exception"))
        assert feed.feed.id == f"tag:{host},2020:feed:{committee.upper()}"
        assert feed.feed.link == f"https://{host}/committees/{committee}/"
        ids = [e.id for e in feed.entries]
        if committee != "opsg":
            assert ids == []
            continue
        assert feed.feed.title == ("SECAS Headlines: Operations Group" if audience == "public"
                                   else "SECAS Headlines for SEC Parties: Operations Group")
        assert set(ids) == ({f"tag:{host},2021:OPSG_41_2501"} if audience == "public" else set(whole))
        assert all(e.title == whole[e.id].title and e.link == whole[e.id].link for e in feed.entries)
        page = (site / "committees/opsg/index.html").read_text()
        assert '<link rel="alternate" type="application/atom+xml" title="Operations Group (OPSG)" href="feed.xml">' in page
        assert '<a href="feed.xml">its feed</a>' in page


def test_the_feed_holds_the_newest_documents(tmp_path: Path) -> None:
    """A feed of every document would be over a megabyte at ten years of eight committees, fetched
    whole at each reader's every poll: it holds the most recently updated (the archive is on the
    site and in data.json). The number is a setting, checked like any other."""
    site = {"site_name": "SECAS Headlines", "description": "", "as_of": dt.date(2021, 6, 1), "updated": {},
            "modification_url": None, "providers": [], "feed_entries": 2}
    redaction = redact(load_archive(ROOT / "data"), SEC_PARTIES, dt.date(2026, 1, 1))
    feed = feedparser.parse(Renderer(redaction, ROOT / "theme/templates", site).feed("https://example.org/"))
    assert [e.id.rsplit(":", 1)[1] for e in feed.entries] == ["OPSG_49_2405_03", "OPSG_41_2501"]  # not OPSG_35x (2020)
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  headlines:\n", "  headlines:\n    feed_entries: 0\n", 1))
    result = build(project, "public", tmp_path / "site")
    assert result.returncode != 0
    assert "extra.headlines.feed_entries: found 0; allowed: a whole number of documents, 1 or more" in result.stderr


def test_feed_ids_survive_an_edit(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    first = tmp_path / "one"
    assert build(project, "public", first).returncode == 0
    meeting = project / "data/meetings/opsg/2021/OPSG_41_2501.yml"
    meeting.write_text(meeting.read_text().replace("staff sickness remains low", "staff sickness remains very low"))
    second = tmp_path / "two"
    assert build(project, "public", second).returncode == 0
    ids = [[e.id for e in feedparser.parse((site / "feed.xml").read_bytes()).entries] for site in (first, second)]
    assert ids[0] == ids[1]


def _head_meta(page: Path) -> dict[str, str]:
    """A page's <meta> tags, name or property to content, as a browser or a link preview reads them."""
    found: dict[str, str] = {}

    class Heads(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            given = dict(attrs)
            key = given.get("name") or given.get("property")
            if tag == "meta" and key and given.get("content") is not None:
                found[key] = str(given["content"])

    Heads().feed(page.read_text(encoding="utf-8"))
    return found


def test_document_pages_describe_themselves_to_search_engines_and_link_previews(tmp_path: Path) -> None:
    """A meeting's page is described by its agenda, a paper's by its title and purpose (not the
    site's one description on every page), as plain text whatever marks the titles carry; the
    link preview tags give the page's own title, description and address. The GREEN item's
    title stays off the public page's description."""
    project = copy_project(tmp_path / "project")
    meeting = project / "data/meetings/opsg/2021/OPSG_41_2501.yml"
    text = meeting.read_text()
    text = text.replace("title: DCC Pandemic Update\n", "title: 'DCC \"Pandemic\" Update & **more** <b>'\n", 1)
    text = text.replace("title: Major Incident Review\n", "title: Secret Incident Review\n      classification: GREEN\n", 1)
    meeting.write_text(text)
    sites = {audience: tmp_path / audience for audience in ("public", "sec-parties")}
    for audience, site in sites.items():
        result = build(project, audience, site)
        assert result.returncode == 0, result.stderr
    public = _head_meta(sites["public"] / "meetings/opsg/2021/opsg-41-2501/index.html")
    assert public["description"].startswith(
        'Operations Group Meeting 41_2501, 25 January 2021: DCC "Pandemic" Update & more <b>; SEC Panel Reports;')
    assert "Secret" not in public["description"] and public["description"].endswith("; AOB")
    assert public["og:description"] == public["description"]
    assert public["og:title"] == "Operations Group Meeting 41_2501, 25 January 2021"
    assert public["og:url"] == "https://headlines.example.org/meetings/opsg/2021/opsg-41-2501/"
    parties = _head_meta(sites["sec-parties"] / "meetings/opsg/2021/opsg-41-2501/index.html")
    assert "; Secret Incident Review;" in parties["description"]
    paper = _head_meta(sites["sec-parties"] / "papers/opsg/2021/opsg-49-2405-03/index.html")
    assert paper["description"] == ("DCC SEC Panel Reports Summary: paper OPSG_49_2405_03 of the Operations Group, "
                                    "17 May 2021 (For Decision)")
    assert paper["og:title"] == "DCC SEC Panel Reports Summary (OPSG_49_2405_03)"
    # The feed's summary is the same plain agenda: no Markdown marks in a feed reader.
    entry = next(e for e in feedparser.parse((sites["public"] / "feed.xml").read_bytes()).entries
                 if e.id.endswith(":OPSG_41_2501"))
    assert entry.summary.startswith('DCC "Pandemic" Update & more <b>; SEC Panel Reports;'), entry.summary
    home = _head_meta(sites["public"] / "index.html")
    assert home["description"].startswith("What the Smart Energy Code committees discuss and decide")
    committee = _head_meta(sites["public"] / "committees/ssc/index.html")
    assert committee["description"].startswith("The SEC Panel Sub-Committee responsible for the security of")


def _texts(page: Path, name: str) -> list[str]:
    """The text of each element of a page named ``name``, as a tag or a class, as a browser
    reads it (a '</title>' in a title's text ends it, as in a browser)."""
    found: list[list[str]] = []

    class Texts(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.open: list[tuple[str, list[str] | None]] = []  # each element open, and its text where it is read

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            read = tag == name or name in (dict(attrs).get("class") or "").split()
            if read:
                found.append([])
            if tag not in ("meta", "link", "input", "br", "img", "hr"):
                self.open.append((tag, found[-1] if read else None))

        def handle_endtag(self, tag: str) -> None:
            while self.open and self.open.pop()[0] != tag:
                pass

        def handle_data(self, data: str) -> None:
            for _, text in self.open:
                if text is not None:
                    text.append(data)

    Texts().feed(page.read_text(encoding="utf-8"))
    return [" ".join("".join(text).split()) for text in found]


def test_a_title_from_the_data_is_text_in_the_pages_head_and_header(tmp_path: Path) -> None:
    """MkDocs and Material write a page's title as HTML: a paper's title and a committee's name
    that hold a tag, an ampersand and quotes are shown as typed (in the tab, the header, the
    heading and a link preview), and end or open no element of their own (a '</title><script>'
    in a title wrote a script into the head, which the page's policy then named as its own)."""
    project = copy_project(tmp_path / "project")
    paper = project / "data/papers/opsg/2021/OPSG_49_2405_03.yml"
    typed = 'DCC </title><script>alert(1)</script> C&S "Summary" &amp; <b>'
    paper.write_text(paper.read_text().replace("title: DCC SEC Panel Reports Summary\n",
                                               f"title: '{typed}'\n", 1))
    committees = project / "data/committees.yml"
    committees.write_text(committees.read_text().replace("name: Operations Group\n",
                                                         "name: Operations <i>Group</i> & Co\n", 1))
    site = tmp_path / "sec-parties"
    result = build(project, "sec-parties", site)
    assert result.returncode == 0, result.stderr
    page = site / "papers/opsg/2021/opsg-49-2405-03/index.html"
    assert "<script>alert" not in page.read_text() and "<b>" not in page.read_text()
    assert _texts(page, "title") == [f"OPSG_49_2405_03: {typed} - SECAS Headlines for SEC Parties"]
    assert _texts(page, "md-header__topic") == ["SECAS Headlines for SEC Parties", f"OPSG_49_2405_03: {typed}"]
    assert _texts(page, "h1")[0].startswith(typed)
    assert _head_meta(page)["og:title"] == f"{typed} (OPSG_49_2405_03)"
    committee = site / "committees/opsg/index.html"
    assert "<i>Group</i>" not in committee.read_text()
    assert _texts(committee, "title") == ["Operations <i>Group</i> & Co (OPSG) - SECAS Headlines for SEC Parties"]


def test_the_home_page_links_the_feed_the_calendar_and_the_export(shipped_sites: dict[str, Path]) -> None:
    """A reader finds them on the page, not only in its head: each link is to a file the site holds."""
    for site in shipped_sites.values():
        home = (site / "index.html").read_text()
        for name in ("feed.xml", "calendar.ics", "data.json"):
            assert f'<a href="{name}">' in home and (site / name).is_file(), name


def test_the_home_pages_latest_headlines_open_at_their_own_item(shipped_sites: dict[str, Path]) -> None:
    """Each agenda item listed under the latest headlines links to its heading on the meeting's
    page: a reader goes straight to "6. Major Incident Review", not to the top of the page."""
    for site in shipped_sites.values():
        home = (site / "index.html").read_text()
        items = re.findall(r'<li><a href="(meetings/[^"#]+)#([^"]+)">(\d+)\. ', home)
        assert [number for _, _, number in items] == [str(n) for n in range(2, 9)], items
        for page, anchor, number in items:
            meeting = (site / page / "index.html").read_text()
            heading = re.search(rf'<h3 id="{re.escape(anchor)}">(.*?)</h3>', meeting, re.S)
            assert heading and re.sub(r"<[^>]+>", "", heading.group(1)).startswith(f"{number}. "), (anchor, heading)


def test_the_export_has_its_documented_shape_per_audience(shipped_sites: dict[str, Path]) -> None:
    public = json.loads((shipped_sites["public"] / "data.json").read_text())
    parties = json.loads((shipped_sites["sec-parties"] / "data.json").read_text())
    for data, audience in ((public, "public"), (parties, "sec-parties")):
        assert set(data) == {"version", "audience", "ceiling", "as_of", "committees", "documents", "actions", "figures"}
        assert data["version"] == 1 and data["audience"] == audience
        for doc in data["documents"]:
            assert doc["kind"] in ("meeting", "paper") and doc["path"].endswith("/")
    assert [d["id"] for d in public["documents"]] == ["OPSG_41_2501"]
    assert public["actions"] == [] and public["figures"] == []
    assert [d["id"] for d in parties["documents"]] == ["OPSG_35x", "OPSG_41_2501", "OPSG_49_2405_03"]
    assert len(parties["actions"]) == 18 and {f["kind"] for f in parties["figures"]} >= {"csr_variance", "pmr"}
    csr = next(f for f in parties["figures"] if f["kind"] == "csr_variance")
    assert csr["actual"] == 2112776 and csr["percent_of_forecast"] == {"value": 122.2, "decimals": 1}
    paper = next(d for d in parties["documents"] if d["id"] == "OPSG_49_2405_03")
    assert [a["id"] for a in paper["attachments"]] == [f"Appendix {c}" for c in "ABCDEF"]
    assert all("blocks" not in a or not a["blocks"] for a in paper["attachments"][:5])


def test_browse_by_kind_year_and_subject(shipped_sites: dict[str, Path]) -> None:
    public, parties = shipped_sites["public"], shipped_sites["sec-parties"]
    assert (public / "browse/headlines/2021/index.html").is_file()
    assert not (public / "browse/minutes").exists() and not (public / "browse/papers").exists()
    assert (parties / "browse/minutes/2020/index.html").is_file() and (parties / "browse/papers/2021/index.html").is_file()
    subject = (parties / "browse/subjects/certificate-signing-request-csr-variance-report/index.html").read_text()
    assert "papers/opsg/2021/opsg-49-2405-03/" in subject
    assert (public / "browse/subjects/csp-n/index.html").is_file()  # the WHITE headlines name CSP N
    assert not (public / "browse/subjects/s1sp").exists()  # only the GREEN paper names S1SP
    # Subjects in the order of a dictionary, capitals or not: "Certificate …" before "CSP C&S".
    browse = (parties / "browse/index.html").read_text()
    listed = [html.unescape(re.sub(r"<[^>]+>", "", name)) for name in
              re.findall(r'<a href="subjects/[^"]+">(.*?)</a>', browse)]
    assert listed[:4] == ["Certificate Signing Request (CSR) Variance Report", "CSP C&S", "CSP N",
                          "DCC Responsible Communications Hub Returns Report"], listed
    assert listed == sorted(listed, key=str.casefold) and len(listed) == 10, listed


def test_a_subject_worded_otherwise_only_in_case_is_one_subject_listing_every_paper(tmp_path: Path) -> None:
    """A report's title is typed anew in each paper: 'Quarterly Problem Report' in one and
    'Quarterly problem report' in the next made two subjects and one page between them, which
    listed the later paper alone. It is one subject, named as the latest paper words it."""
    project = copy_project(tmp_path / "project")
    second_report(project)
    later = project / "data/papers/opsg/2021/OPSG_50_2106_03.yml"
    later.write_text(later.read_text().replace("title: Quarterly Problem Report", "title: Quarterly problem report"))
    planned = {page.src_uri: page for page in renderer_for(load_archive(project / "data"), SEC_PARTIES).plan()}
    browse = planned["browse/index.md"].make().body
    assert re.findall(r"\[Quarterly problem report\]\([^)]*\) \((\d+)\)", browse, re.I) == ["2"], browse
    subject = planned["browse/subjects/quarterly-problem-report.md"].make()
    assert subject.title == "Quarterly problem report"
    assert "OPSG_49_2405_03" in subject.body and "OPSG_50_2106_03" in subject.body


def test_a_years_documents_are_marked_where_their_label_is_not_the_pages(shipped_sites: dict[str, Path],
                                                                        canary_sites: dict[str, Path]) -> None:
    """As on a subject's page: on the SEC Parties site a year's GREEN paper, on a GREEN page, is
    left unmarked, and a WHITE paper beside it is marked WHITE."""
    def marks(page: Path) -> dict[str, list[str]]:
        rows = re.findall(r"<tr>(.*?)</tr>", page.read_text(), re.S)[1:]
        named = (re.sub(r"\(\w+\)", "", re.sub(r"<[^>]+>", "", row.split("</td>")[1])).strip() for row in rows)
        return {name: re.findall(r'title="(\w+):', row) for name, row in zip(named, rows, strict=True)}

    shipped = shipped_sites["sec-parties"]
    assert marks(shipped / "browse/papers/2021/index.html") == {"OPSG_49_2405_03: DCC SEC Panel Reports Summary": []}
    assert marks(shipped / "browse/minutes/2020/index.html") == {"Operations Group Meeting 35x": []}
    assert marks(shipped / "browse/headlines/2021/index.html") == {"Operations Group Meeting 41_2501": []}
    papers = marks(canary_sites["sec-parties"] / "browse/papers/2022/index.html")
    assert sorted(papers.values()) == [[], ["WHITE"]], papers


def test_previous_and_next_never_name_a_hidden_page(canary_sites: dict[str, Path]) -> None:
    public = (canary_sites["public"] / "meetings/opsg/2022/opsg-60-1001/index.html").read_text()
    prevnext = re.search(r'<p class="hl-prevnext">(.*?)</p>', public, re.S).group(1)
    assert "opsg-59-1312" in prevnext  # the meeting before, WHITE
    assert "60x" not in prevnext  # the draft-only meeting after it is on neither site
    assert "Next" not in prevnext


@pytest.mark.parametrize("audience", ["public", "sec-parties"])
def test_no_broken_internal_links(shipped_sites: dict[str, Path], audience: str, tmp_path: Path) -> None:
    # LinkChecker waits 0.1 to 0.6 s between two requests to one host unless the host answers
    # with its header (serve does) and the limit is raised: 2 s for a site, not 20. It obeys
    # robots.txt unless told not to, and the SEC Parties site's asks crawlers to read nothing.
    config = tmp_path / "linkcheckerrc"
    config.write_text("[checking]\nmaxrequestspersecond=1000\n")
    with serve(shipped_sites[audience], link_checker=True) as url:
        result = subprocess.run(
            [sys.executable, "-m", "linkcheck", f"--config={config}", "--no-status", "--no-warnings", "--no-robots",
             "--recursion-level=20", "--threads=4", "--output=text", url + "/"],
            capture_output=True, text=True, timeout=300, cwd=tmp_path, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    checked = re.search(r"(\d+) links? in (\d+) URLs? checked", result.stdout)
    assert checked and int(checked.group(2)) > 20, result.stdout[-500:]


def test_a_trend_or_measure_page_is_found_by_the_other_spelling_of_its_terms(shipped_sites: dict[str, Path]) -> None:
    """As a document's page is: the CSR trend page, which spells out "Certificate Signing
    Request", is found by "CSR"; CPM1's, which says "CPM", by "Code Performance Measure". A
    listing of other pages is not (it would come up for every term its pages hold)."""
    words = search_index(shipped_sites["sec-parties"] / "pagefind")["words"]

    def pages(word: str) -> set[str]:
        return {url for url, _, _ in words[word][0]}

    assert "/trends/csr-variance/" in pages("csr")
    assert "/measures/cpm1/" in pages("code")
    assert "/trends/" not in pages("csr")
    page = (shipped_sites["sec-parties"] / "trends/csr-variance/index.html").read_text()
    assert '<p class="hl-search-terms" id="hl-spellings-terms">CSR · ' in page


def test_a_term_written_only_in_a_tables_cells_finds_its_page_by_its_meaning(shipped_sites: dict[str, Path]) -> None:
    """A table the page builds as HTML carries its terms' definitions (``<abbr title>``), which
    are not the page's words: the paper, which says "SECAS" and never "Secretariat", is found
    by the words spelled out, as before its cells were marked (their definitions read as the
    page spelling its terms out, and it lost them from its search terms)."""
    words = search_index(shipped_sites["sec-parties"] / "pagefind")["words"]
    paper = "/papers/opsg/2021/opsg-49-2405-03/"
    assert paper in {url for url, _, _ in words["secretariat"][0]}
    page = (shipped_sites["sec-parties"] / "papers/opsg/2021/opsg-49-2405-03/index.html").read_text()
    terms = re.search(r'<p class="hl-search-terms" id="hl-spellings-terms">([^<]*)', page)[1].split(" · ")
    assert {"Data Communications Company", "SMETS1 Service Provider", "Smart Energy Code"} <= set(terms), terms


@pytest.mark.parametrize("audience", ["public", "sec-parties"])
@pytest.mark.parametrize("sites", ["shipped_sites", "split_index_sites"])
def test_the_search_index_is_the_one_pagefind_builds_from_the_written_pages(sites: str, audience: str, tmp_path: Path,
                                                                         request: pytest.FixtureRequest) -> None:
    """The build feeds Pagefind each page's article as MkDocs renders it (in parts, merged, for
    ``split_index_sites``): the index is word for word the one a single Pagefind run builds
    from the finished pages."""
    site = request.getfixturevalue(sites)[audience]
    built = search_index(site / "pagefind")
    assert "/meetings/opsg/2021/opsg-41-2501/" in built["word_counts"]
    assert ("/actions/" in built["word_counts"]) == (audience == "sec-parties")  # the public site has no action
    if sites == "split_index_sites":
        assert built["page_count"] > 2 * SPLIT_PART_PAGES  # three parts at least
    whole = tmp_path / "site"
    shutil.copytree(site, whole, ignore=shutil.ignore_patterns("pagefind"))
    assert searchindex.build_index(whole, part_pages=10_000) == 1
    assert built == search_index(whole / "pagefind")


def test_search_finds_the_action_register_by_its_name_and_opening_words_only(shipped_sites: dict[str, Path]) -> None:
    """The register is in the index under its title and opening words, so "actions" finds it,
    and no more: each action is indexed on the meetings that raised and reviewed it, and the
    register's text, which grows with the archive, would be fetched whole whenever it matched."""
    site = shipped_sites["sec-parties"]  # the public site has no action, so no register
    fragments = [searchindex.read_file(f) for f in (site / "pagefind" / "fragment").iterdir()]
    (register,) = [f for f in fragments if f["url"] == "/actions/"]
    assert register["meta"]["title"] == "Action register"
    assert register["content"].startswith("Action register. Every action raised at a meeting published on this site")
    assert register["word_count"] < 40, register
    page = (site / "actions" / "index.html").read_text(encoding="utf-8")
    actions = re.findall(r'<div class="hl-register-entry"[^>]* id="([^"]+)"', page)
    assert len(actions) == 18, actions
    for anchor in actions:
        assert anchor not in json.dumps(register)
    assert "not submitting" in page and "submitting" not in register["content"]  # OPSG 31x/03's words
