"""Meetings as a record: the action register, autolinks, glossary, calendar, draft minutes."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import html
import io
import json
import re
import shutil
from pathlib import Path

import icalendar
import pytest
import yaml
from conftest import (ROOT, build, build_both, copy_project, edit, renderer_for, search_index, search_text,
                      site_markdown, unmarked_links)
from pydantic import ValidationError

from headlines import yamlsource
from headlines.classify import redact
from headlines.errors import DataErrors
from headlines.finding import actions_csv
from headlines.ical import CalendarEntry, calendar_entries, to_ical
from headlines.labels import PUBLIC, SEC_PARTIES, Audience, Label
from headlines.loading import figure_notes, load_archive
from headlines.register import Entry, Event, build_register
from headlines.render import _plain as plain_text, chips_as_words
from headlines.schema import ActionStatus, Meeting, MeetingType, Paragraph, Percent

SEED_UPDATES = {
    "OPSG 29xx/03": (ActionStatus.closed, "OPSG 35x/01"),
    "OPSG 31x/03": (ActionStatus.open, None),
    "OPSG 33xx/04": (ActionStatus.open, None),
    "OPSG 34xx/01": (ActionStatus.open, None),
    "OPSG 34xxx/04": (ActionStatus.open, None),
    "OPSG 34xxx/05": (ActionStatus.closed, None),
}


def test_the_seed_minutes_yield_the_register() -> None:
    archive = load_archive(ROOT / "data")
    register = build_register(redact(archive, SEC_PARTIES, dt.date(2026, 1, 1)).archive, dt.date(2021, 1, 25)).by_id()
    raised = {f"OPSG 35x/{n:02d}" for n in range(1, 13)}
    assert set(register) == raised | set(SEED_UPDATES)
    for aid in raised:
        assert register[aid].raised_at.id == "OPSG_35x" and register[aid].status is ActionStatus.open
    for aid, (status, successor) in SEED_UPDATES.items():
        entry = register[aid]
        assert entry.status is status and entry.superseded_by == successor
        assert [e.kind for e in entry.events] == ["reviewed"] and entry.events[0].meeting.id == "OPSG_35x"
    assert register["OPSG 31x/03"].current_target == dt.date(2020, 9, 28)
    assert register["OPSG 31x/03"].target_date == dt.date(2020, 8, 24)
    assert register["OPSG 31x/03"].overdue(dt.date(2021, 1, 25))
    assert not register["OPSG 29xx/03"].overdue(dt.date(2021, 1, 25))
    assert build_register(redact(archive, PUBLIC, dt.date(2026, 1, 1)).archive, dt.date(2021, 1, 25)).entries == []


def test_the_register_is_on_the_sec_parties_site_only(shipped_sites: dict[str, Path]) -> None:
    parties_page = (shipped_sites["sec-parties"] / "actions" / "index.html").read_text()
    parties = _entries(parties_page)
    assert set(parties) == {f"opsg-35x-{n:02d}" for n in range(1, 13)} | {
        "opsg-29xx-03", "opsg-31x-03", "opsg-33xx-04", "opsg-34xx-01", "opsg-34xxx-04", "opsg-34xxx-05"}
    assert parties["opsg-29xx-03"]["data-status"] == "closed"
    assert parties["opsg-31x-03"]["data-status"] == "overdue" and parties["opsg-31x-03"]["data-owner"] == "SECAS"
    assert parties["opsg-35x-01"]["data-status"] == "open"
    assert "judged as of 25 January 2021." in parties_page
    # The WHITE headlines raise none: the public site has no register and no tab leading to one.
    assert not (shipped_sites["public"] / "actions").exists()
    home = (shipped_sites["public"] / "index.html").read_text()
    assert 'href="committees/" class="md-tabs__link"' in home and 'href="actions/"' not in home


def test_each_review_in_the_register_reads_as_its_own_paragraph(shipped_sites: dict[str, Path]) -> None:
    """In an action's history, a review's date and status are one paragraph and what the
    meeting said is the next, each under the same bullet: not run together into one sentence
    ("... target revised to 28 September 2020 SECAS noted that ...")."""
    register = build_register(redact(load_archive(ROOT / "data"), SEC_PARTIES, dt.date(2026, 1, 1)).archive,
                              dt.date(2021, 1, 25))
    page = (shipped_sites["sec-parties"] / "actions" / "index.html").read_text()
    paragraphs = [_plain(p) for p in re.findall(r"<p>(.*?)</p>", page, re.S)]
    updates = [p.text for e in register.entries for ev in e.events for p in ev.update]
    assert len(updates) >= 6  # the seed minutes' reviews of earlier actions
    for text in updates:
        opening = " ".join(text.split()[:8])
        assert any(p.startswith(opening) for p in paragraphs), f"not a paragraph of its own: {opening}"
        assert not any(": reviewed, " in p and opening in p for p in paragraphs), f"run into its review: {opening}"


def _index_rows(page: str) -> dict[str, list[str]]:
    """The register's index table: each row's cells as HTML, by the anchor its first link names."""
    index = page[page.index('class="hl-register-index"'):page.index('class="hl-register-entry"')]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", index[index.index("<tbody>"):], re.S):
        cells = [c.replace("<br>", " ") for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        rows[re.search(r'href="#([^"]+)"', cells[0]).group(1)] = cells
    return rows


def test_the_register_index_says_what_each_action_asks(shipped_sites: dict[str, Path],
                                                       canary_sites: dict[str, Path], tmp_path: Path) -> None:
    """Each row of the index gives the action's ID, what it asks, its owner, target and status, so
    that the register reads as an action log without following each ID down the page; a row
    whose label is not the page's is marked, as its entry is."""
    register = build_register(redact(load_archive(ROOT / "data"), SEC_PARTIES, dt.date(2026, 1, 1)).archive,
                              dt.date(2021, 1, 25))
    rows = _index_rows((shipped_sites["sec-parties"] / "actions/index.html").read_text())
    assert len(rows) == len(register.entries) == 18
    for entry in register.entries:
        cells = rows[entry.anchor]
        assert len(cells) == 4 and _plain(cells[0]) == f"{entry.id} {_plain(entry.text)}", cells
        assert _plain(cells[1]) == entry.owner
    assert "hl-label" not in "".join(c for cells in rows.values() for c in cells)  # all GREEN, as the page

    canary = _index_rows((canary_sites["sec-parties"] / "actions/index.html").read_text())
    assert 'title="WHITE:' in canary["opsg-60-03"][0]  # the WHITE action, on a GREEN page
    assert "hl-label" not in canary["opsg-60-01"][0] + canary["opsg-59-01"][0]

    # Text with bars and a line break in it stays in its cell of the row, a code span's bar too.
    project = copy_project(tmp_path / "project")
    edit(project, "data/meetings/opsg/2020/OPSG_35x.yml",
         "          text: >-\n            The DCC to report uncalculated performance measures",
         "          text: |-\n            The DCC | SECAS to report `none|TBC` uncalculated\n"
         "            performance measures")
    result = build(project, "sec-parties", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    cells = _index_rows((tmp_path / "site/actions/index.html").read_text())["opsg-35x-07"]
    assert len(cells) == 4 and _plain(cells[1]) == "DCC", cells
    assert _plain(cells[0]).startswith("OPSG 35x/07 The DCC | SECAS to report none|TBC uncalculated performance")


def _plain(html_text: str) -> str:
    """An element's text, tags taken out, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", html_text)).split())


def _entries(html: str) -> dict[str, dict[str, str]]:
    """Register entries by anchor, with their data attributes (attribute order is the renderer's)."""
    out = {}
    for tag in re.findall(r'<div [^>]*class="hl-register-entry"[^>]*>', html):
        attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', tag))
        out[attrs["id"]] = attrs
    return out


def _links_paragraph(site: Path) -> str:
    page = (site / "meetings/opsg/2022/opsg-60-1001/index.html").read_text()
    return re.search(r"<p>Links canarywhite006.*?</p>", page, re.S).group(0)


@pytest.mark.parametrize(("audience", "linked", "plain"), [
    ("public", ["OPSG_60_1001_02", "OPSG 60/03", "OPSG_59", "SECMP0116"],
     ["OPSG 60_1001_01", "OPSG_60/01", "SSC_12", "OPSG 60x"]),
    ("sec-parties", ["OPSG_60_1001_02", "OPSG 60_1001_01", "OPSG_60/01", "OPSG 60/03", "OPSG_59", "SECMP0116"],
     ["SSC_12", "OPSG 60x"]),
])
def test_ids_link_only_to_what_is_published(canary_sites: dict[str, Path], audience: str, linked: list[str],
                                            plain: list[str]) -> None:
    paragraph = _links_paragraph(canary_sites[audience])
    for text in linked:
        assert re.search(rf'<a href="[^"]+">{re.escape(text)}</a>', paragraph), text
    for text in plain:
        assert text in paragraph and not re.search(rf">{re.escape(text)}</a>", paragraph), text
    assert 'href="https://smartenergycodecompany.co.uk/?s=MP116"' in paragraph
    assert '<a href="https://example.org/dp160">DP160 as written</a>' in paragraph


def test_a_link_in_text_is_marked_where_its_target_is_above_the_page(tmp_path: Path) -> None:
    """An ID in a WHITE page's text that links to a paper, a meeting or an action published
    only to SEC Parties is marked GREEN after the link, with the label of the page it leads to
    as a listing's entry is: a reader sharing the page knows the link leads to what may not be
    shared. A GREEN
    page's links to GREEN or WHITE pages carry no mark; the public site has no such link."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    edit(tmp_path, "data/meetings/opsg/2021/OPSG_41_2501.yml", "The DCC reported that it and the Service Providers",
         "See paper OPSG_49_2405_03, meeting OPSG_35x and action OPSG 35x/01. The DCC reported that it and the "
         "Service Providers")
    edit(tmp_path, "data/meetings/opsg/2020/OPSG_35x.yml", "The OPSG Chair invited comments on the Draft Minutes",
         "See paper OPSG_49_2405_03 and meeting OPSG_41_2501. The OPSG Chair invited comments on the Draft Minutes")

    def sentence(audience: Audience, src: str) -> str:
        archive = load_archive(data)
        figure_notes(archive)
        page = next(p for p in renderer_for(archive, audience).pages() if p.src_uri == src)
        return chips_as_words(re.search(r"See paper .*?\.(?= The)", page.body).group(0))

    white = "meetings/opsg/2021/opsg-41-2501.md"
    assert sentence(SEC_PARTIES, white) == (
        "See paper [OPSG_49_2405_03](../../../papers/opsg/2021/opsg-49-2405-03.md) (GREEN), meeting "
        "[OPSG_35x](../2020/opsg-35x.md) (GREEN) and action [OPSG 35x/01](../../../actions/index.md#opsg-35x-01) "
        "(GREEN).")
    assert sentence(PUBLIC, white) == "See paper OPSG_49_2405_03, meeting OPSG_35x and action OPSG 35x/01."
    assert sentence(SEC_PARTIES, "meetings/opsg/2020/opsg-35x.md") == (
        "See paper [OPSG_49_2405_03](../../../papers/opsg/2021/opsg-49-2405-03.md) and meeting "
        "[OPSG_41_2501](../2021/opsg-41-2501.md).")


def test_links_reach_real_pages(canary_sites: dict[str, Path]) -> None:
    site = canary_sites["sec-parties"]
    page = site / "meetings/opsg/2022/opsg-60-1001/index.html"
    for href in re.findall(r'href="(?!https?:)([^"#]+)[^"]*"', _links_paragraph(site)):
        assert (page.parent / href / "index.html").resolve().is_file(), href


def test_draft_minutes_never_reach_either_site(canary_sites: dict[str, Path]) -> None:
    for site in canary_sites.values():
        assert not (site / "meetings/opsg/2022/opsg-60x").exists()
        assert "canarydraft" not in search_text(site)


def test_minutes_approved_later_say_where_the_audience_may_know(canary_sites: dict[str, Path]) -> None:
    """OPSG_59_1312's draft minutes (WHITE) were approved in OPSG_60_1001's minutes (GREEN): final on
    both sites, but only the SEC Parties site may name the approval (the regression a
    property test found: the public page once named a record it could not show), and dated by
    the approval only where it is named."""
    parties = (canary_sites["sec-parties"] / "meetings/opsg/2021/opsg-59-1312/index.html").read_text()
    assert "canarywhite009" in parties
    assert re.search(r"approved as final at <a[^>]*>OPSG_60_1001</a>", parties)
    public = (canary_sites["public"] / "meetings/opsg/2021/opsg-59-1312/index.html").read_text()
    assert "canarywhite009" in public and "These minutes are final." in public
    assert "approved as final at" not in public
    # The page changed the day of the meeting that approved its minutes, where the site shows
    # that approval: its sitemap entry and its feed entry say so (the file's own history cannot).
    for audience, day in (("sec-parties", "2022-01-10"), ("public", "2021-12-13")):
        site = canary_sites[audience]
        lastmod = re.search(r"opsg-59-1312/</loc>\s*<lastmod>([^<]+)<", (site / "sitemap.xml").read_text())
        entry = next(e for e in re.findall(r"<entry>.*?</entry>", (site / "feed.xml").read_text(), re.S)
                     if "opsg-59-1312" in e)
        assert (lastmod.group(1), re.search(r"<updated>(\d{4}-\d\d-\d\d)", entry).group(1)) == (day, day), audience


def test_an_approval_at_a_meeting_above_the_page_is_marked_with_its_label(tmp_path: Path) -> None:
    """WHITE draft minutes approved in a meeting whose minutes alone are published, GREEN: on
    the SEC Parties site their page, WHITE, names that meeting with its label, as any link
    there to a page the public site does not have (the regression a property test found);
    the public page does not name it."""
    project = copy_project(tmp_path / "project")
    with (project / "data/meetings/opsg/2021/OPSG_41_2501.yml").open("a") as meeting:
        meeting.write("minutes:\n  classification: WHITE\n  status: draft\n  items:\n"
                      "    - title: Matters Arising\n      paragraphs: [The Chair opened the meeting.]\n")
    (project / "data/meetings/opsg/2021/OPSG_42_0202.yml").write_text(
        "id: OPSG_42_0202\ncommittee: OPSG\ntype: main\ndate: 2021-02-02\nminutes:\n  classification: GREEN\n"
        "  status: approved\n  items:\n    - title: Previous Meeting Minutes\n"
        "      approves_minutes: [OPSG_41_2501]\n      paragraphs: [The minutes were approved.]\n")
    sites = build_both(project, tmp_path / "site")
    parties = (sites["sec-parties"] / "meetings/opsg/2021/opsg-41-2501/index.html").read_text()
    assert re.search(r'approved as final at <a href="../opsg-42-0202/">OPSG_42_0202</a>\s*<span class="hl-label '
                     r'hl-label--green"', parties), parties
    assert unmarked_links(sites["sec-parties"], sites["public"])[1] == []
    public = (sites["public"] / "meetings/opsg/2021/opsg-41-2501/index.html").read_text()
    assert "The Chair opened the meeting." in public and "OPSG_42_0202" not in public


def test_minutes_are_approved_once_and_at_the_meeting_that_approves_them(tmp_path: Path) -> None:
    """A copied agenda item approving the same minutes again, or minutes whose approved_at names
    another meeting than the one approving them: the page named whichever the build read first.
    The later approval, and an approved_at that disagrees, are refused, naming the approval."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    meeting, minutes = data / "meetings/opsg/2021/OPSG_41_2501.yml", data / "meetings/opsg/2020/OPSG_35x.yml"
    meeting.write_text(meeting.read_text().replace("      title: DCC Pandemic Update\n",
                                                   "      title: DCC Pandemic Update\n      approves_minutes: [OPSG_35x]\n"))
    load_archive(data)  # one approval, and no approved_at: accepted
    minutes.write_text(minutes.read_text().replace("  status: approved\n", "  status: approved\n  approved_at: OPSG_36x\n"))
    later = data / "meetings/opsg/2021/OPSG_42_0202.yml"
    later.write_text("id: OPSG_42_0202\ncommittee: OPSG\ntype: main\ndate: 2021-02-02\nheadlines:\n"
                     "  classification: WHITE\n  items:\n    - title: Minutes\n      approves_minutes: [OPSG_35x]\n")
    with pytest.raises(DataErrors) as refused:
        load_archive(data)
    assert [str(e) for e in refused.value.errors] == [
        "data/meetings/opsg/2020/OPSG_35x.yml:17:16: minutes.approved_at: found 'OPSG_36x', but OPSG_41_2501 approves "
        "these minutes (data/meetings/opsg/2021/OPSG_41_2501.yml:18); allowed: 'OPSG_41_2501', or approved_at left out",
        "data/meetings/opsg/2021/OPSG_42_0202.yml:9:26: headlines.items[0].approves_minutes[0]: found 'OPSG_35x', whose "
        "minutes OPSG_41_2501 approves too (data/meetings/opsg/2021/OPSG_41_2501.yml:18); allowed: one approval of a "
        "meeting's minutes"]


def test_the_public_register_holds_only_white_actions(canary_sites: dict[str, Path]) -> None:
    public = _entries((canary_sites["public"] / "actions/index.html").read_text())
    assert list(public) == ["opsg-60-03"]
    assert 'href="actions/" class="md-tabs__link"' in (canary_sites["public"] / "index.html").read_text()  # one: a tab
    assert public["opsg-60-03"]["data-status"] == "open"  # target 7 February 2022, after the as-of date (10 January)
    parties = _entries((canary_sites["sec-parties"] / "actions/index.html").read_text())
    assert set(parties) == {"opsg-60-03", "opsg-60-01", "opsg-59-01"}


def _csv_rows(site: Path) -> list[dict[str, str]]:
    raw = (site / "actions/actions.csv").read_bytes()
    assert raw.startswith(codecs.BOM_UTF8) and b"\r\n" in raw  # as Excel reads UTF-8; RFC 4180's line ends
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_the_register_downloads_as_a_spreadsheet(shipped_sites: dict[str, Path], canary_sites: dict[str, Path]) -> None:
    """The register page links actions.csv beside it: a row an action, in the index's order,
    with what the register shows of it and a link to its entry; only what the site's register
    holds, and no file where the site has no register."""
    page = (shipped_sites["sec-parties"] / "actions/index.html").read_text()
    assert '<a href="actions.csv">actions.csv</a>' in page
    shipped = _csv_rows(shipped_sites["sec-parties"])
    assert [r["Link"] for r in shipped] == [f"https://parties.headlines.example.org/actions/#{anchor}"
                                            for anchor in _index_rows(page)]
    assert {r["Label"] for r in shipped} == {"GREEN"}
    row = next(r for r in shipped if r["Action"] == "OPSG 31x/03")
    assert {k: v for k, v in row.items() if k not in ("Latest update", "Link")} == {
        "Action": "OPSG 31x/03", "Label": "GREEN",
        "Action text": "SECAS to investigate why Users are not submitting SRV forecasts.", "Owner": "SECAS",
        "Raised": "2020-04-27", "Raised at": "", "Target date": "2020-09-28", "First target date": "2020-08-24",
        "Status": "Open", "Overdue": "Yes", "Superseded by": "", "Closed at": ""}
    assert row["Latest update"].startswith("SECAS noted that from its investigations it has identified 25 Users")
    closed = next(r for r in shipped if r["Action"] == "OPSG 29xx/03")
    assert (closed["Status"], closed["Closed at"], closed["Superseded by"]) == ("Closed", "OPSG_35x", "OPSG 35x/01")
    assert not (shipped_sites["public"] / "actions").exists()

    public, parties = _csv_rows(canary_sites["public"]), _csv_rows(canary_sites["sec-parties"])
    assert [(r["Action"], r["Label"], r["Raised at"]) for r in public] == [("OPSG 60/03", "WHITE", "OPSG_60_1001")]
    assert {r["Action"]: r["Label"] for r in parties} == {"OPSG 60/03": "WHITE", "OPSG 60/01": "GREEN",
                                                         "OPSG 59/01": "GREEN"}
    text = (canary_sites["sec-parties"] / "actions/actions.csv").read_text()
    assert "canarygreen018" in text and "canaryamberstrict001" not in text and "canaryred010" not in text


def test_a_register_row_is_labelled_as_the_most_restrictive_of_all_it_holds() -> None:
    """A WHITE action whose status came from GREEN minutes is a GREEN row: its status and its
    update are the minutes'. A cell that a spreadsheet would run as a formula is text, and
    an action's text and owner are plain words, as its page and the owner list show them."""
    minutes = load_archive(ROOT / "data").meetings["OPSG_35x"]
    entry = Entry("OPSG 35x/99", "=HYPERLINK(\"https://example.org\")", "@DCC", Label.WHITE, dt.date(2020, 8, 24),
                  None, [Event(minutes, "reviewed", Label.GREEN, ActionStatus.closed,
                               update=[Paragraph(text="-5% on the month.", classification=Label.GREEN)])])
    white = Entry("OPSG 35x/98", "The DCC to report.", "DCC", Label.WHITE, dt.date(2020, 8, 24), None, [])
    rows = list(csv.reader(io.StringIO(actions_csv([entry, white], dt.date(2021, 1, 25), str, lambda e: "")
                                       .decode("utf-8-sig"), newline="")))
    assert rows[1][:4] == ["OPSG 35x/99", "GREEN", "'=HYPERLINK(\"https://example.org\")", "'@DCC"]
    assert rows[1][8:] == ["Closed", "No", "", "OPSG_35x", "'-5% on the month.", ""]
    assert rows[2][:4] == ["OPSG 35x/98", "WHITE", "The DCC to report.", "DCC"]
    # Text and owner as plain words, as the register's owner list shows an owner.
    marked = Entry("OPSG 35x/97", "The *DCC* to report `now`.", "*DCC* \\*team", Label.WHITE, dt.date(2020, 8, 24),
                   None, [])
    row = next(csv.reader(io.StringIO(actions_csv([marked], dt.date(2021, 1, 25), plain_text, lambda e: "")
                                      .decode("utf-8-sig").splitlines()[1])))
    assert row[2:4] == ["The DCC to report now.", "DCC *team"]


def test_the_registers_owner_filter_offers_each_owner_as_its_entries_name_them(tmp_path: Path) -> None:
    """The owner filter's list and each entry's owner (which the filter matches, register.js)
    are the owner's plain words, as the CSV gives them: a code span in an owner wrote its
    HTML into the entry's attribute and not the option's, so choosing that owner showed no
    action; marks showed in the list that the table made emphasis."""
    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    minutes = data / "meetings/opsg/2020/OPSG_35x.yml"
    owner = "          owner: '`DCC` \"ops\" *team* <i>'\n"
    minutes.write_text(minutes.read_text().replace("          owner: DCC\n", owner, 1))
    page = site_markdown().convert(next(p.body for p in renderer_for(load_archive(data), SEC_PARTIES).pages()
                                        if p.src_uri == "actions/index.md"))
    options = [html.unescape(o) for o in re.findall(r"<option>(.*?)</option>", page)]
    owners = {html.unescape(o) for o in re.findall(r'data-owner="([^"]*)"', page)}
    assert options == sorted(owners, key=str.lower) and 'DCC "ops" team <i>' in options, (options, owners)


def test_the_register_page_is_labelled_as_the_most_restrictive_update_it_shows() -> None:
    """A GREEN update to a WHITE action reviewed in WHITE minutes makes the register page GREEN,
    as it makes the action's spreadsheet row: the page shows the update."""
    archive = load_archive(ROOT / "data")
    figure_notes(archive)
    renderer = renderer_for(archive, SEC_PARTIES)
    meeting = archive.meetings["OPSG_41_2501"]
    renderer.register.entries = [
        Entry("OPSG 40/01", "The DCC to report.", "DCC", Label.WHITE, dt.date(2020, 12, 1), None,
              [Event(meeting, "reviewed", Label.WHITE,
                     update=[Paragraph(text="Green update.", classification=Label.GREEN)])])]
    assert renderer.register.entries[0].label_shown == Label.GREEN
    assert renderer.register_page().label == Label.GREEN


def test_a_committee_lists_its_open_actions_where_its_site_has_a_register(shipped_sites: dict[str, Path],
                                                                         canary_sites: dict[str, Path]) -> None:
    """Each open action links to its entry in the register. A site with no action at all (the
    shipped public site) has no register, and its committee pages no "Open actions" section
    saying, for every committee, that there are none."""
    parties = (shipped_sites["sec-parties"] / "committees/opsg/index.html").read_text()
    listed = re.findall(r'<li><a href="../../actions/#([^"]+)">', parties.split('id="open-actions"')[1])
    assert len(listed) == 16 and "opsg-35x-12" in listed and "opsg-29xx-03" not in listed  # closed
    # Marked where the action's label is not the page's, as the page's other entries are: the
    # shipped ones are GREEN, as the page; the canary's WHITE action is marked on its GREEN page.
    assert "hl-label" not in parties.split('id="open-actions"')[1].split("</ul>")[0]
    canary = (canary_sites["sec-parties"] / "committees/opsg/index.html").read_text()
    assert 'class="hl-classification hl-classification--green"' in canary
    actions = re.findall(r"<li>(.*?)</li>", canary.split('id="open-actions"')[1].split("</ul>")[0], re.S)
    assert [a.split("</a>")[0].rsplit(">", 1)[1] for a in actions if 'title="WHITE:' in a] == ["OPSG 60/03"], actions
    assert not [a for a in actions if 'title="GREEN:' in a], actions
    tag = (shipped_sites["sec-parties"] / "committees/tag/index.html").read_text()
    assert "No open actions are published for this committee." in tag
    for page in (shipped_sites["public"] / "committees").rglob("index.html"):
        assert "open-actions" not in page.read_text() and "open actions" not in page.read_text(), page
    public = (canary_sites["public"] / "committees/opsg/index.html").read_text()
    assert '<li><a href="../../actions/#opsg-60-03">OPSG 60/03</a>: White action canarywhite008.' in public


def test_a_listed_paper_is_marked_where_its_label_is_not_the_pages() -> None:
    """On the SEC Parties site a paper named in a listing (a committee's year, a meeting's
    papers, a measure's or a trend's sources) shows its label where the page's differs: the
    canary's WHITE paper on GREEN pages; GREEN papers on GREEN pages are left unmarked."""
    def marks(data: Path, src: str, paper: str) -> tuple[str, list[str]]:
        """The page's label, and the label each mention of the paper carries (till the next link or line)."""
        archive = load_archive(data)
        figure_notes(archive)
        page = next(p for p in renderer_for(archive, SEC_PARTIES).pages() if p.src_uri == src)
        parts = chips_as_words(page.body).split(f"[{paper}")[1:]
        mentions = [re.split(r"\[|\n", part, maxsplit=1)[0] for part in parts]
        return page.label.display, [" ".join(re.findall(r"\((WHITE|GREEN)\)", m)) for m in mentions]

    canary = ROOT / "tests/fixtures/canary/data"
    for src in ("committees/opsg/2022.md", "meetings/opsg/2022/opsg-60-1001.md"):
        for paper, mark in (("OPSG_60_1001_02", "WHITE"), ("OPSG_60_1001_01", "")):
            label, found = marks(canary, src, paper)
            assert label == "GREEN" and found[0] == mark, (src, paper, found)  # the first: the listing's
    for src in ("measures/cpm1.md", "trends/sr-variance.md", "committees/opsg/2021.md"):
        label, found = marks(ROOT / "data", src, "OPSG_49_2405_03")
        assert label == "GREEN" and found and not any(found), (src, found)


@pytest.mark.parametrize("audience", ["public", "sec-parties"])
def test_the_calendar_parses_and_holds_only_what_the_audience_may_see(canary_sites: dict[str, Path], audience: str) -> None:
    raw = (canary_sites[audience] / "calendar.ics").read_bytes()
    cal = icalendar.Calendar.from_ical(raw)
    events = {(str(e["summary"]), e.decoded("dtstart")) for e in cal.walk("VEVENT")}
    for event in cal.walk("VEVENT"):
        assert event.get("uid") and event.get("dtstamp")
    summaries = {s for s, _ in events}
    white = "" if audience == "public" else " (WHITE)"  # the label ends each summary on the SEC Parties site
    assert f"Operations Group main meeting 60_1001{white}" in summaries
    assert f"Operations Group main meeting 59_1312{white}" in summaries
    assert not any("SSC" in s or "Security" in s or "60x" in s for s in summaries)
    starts = {start for _, start in events}
    assert dt.date(2022, 2, 7) in starts  # 'next meeting' from the WHITE headlines
    assert b"\r\n" in raw and all(len(line) <= 75 for line in raw.split(b"\r\n"))


@pytest.mark.parametrize("audience", ["public", "sec-parties"])
def test_each_committee_has_a_calendar_of_its_own_meetings_and_lists_the_next(canary_sites: dict[str, Path],
                                                                              audience: str) -> None:
    """Beside each committee's page, the site's calendar's events of that committee and no
    other, all of them between the committees; the page lists its next meetings and links it."""
    site = canary_sites[audience]

    def uids(path: Path) -> set[str]:
        return {str(e["uid"]) for e in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")}

    whole, seen = uids(site / "calendar.ics"), set()
    for calendar in sorted((site / "committees").glob("*/calendar.ics")):
        committee = calendar.parent.name
        own = uids(calendar)
        assert all(uid.startswith(f"{committee}-") for uid in own), (committee, own)
        assert own <= whole and not own & seen, committee
        seen |= own
        page = (calendar.parent / "index.html").read_text()
        assert 'href="calendar.ics">Subscribe to this committee&#39;s meetings calendar</a>' in page, committee
    assert seen == whole and any(uid.startswith("opsg-") for uid in seen)
    page = _plain((site / "committees/opsg/index.html").read_text())
    white = "" if audience == "public" else " (WHITE)"  # marked where the page is not WHITE itself
    assert f"7 February 2022: Operations Group main meeting{white}" in page, page
    assert "Security" not in page.split("Next meetings")[2].split("By year")[0]


@pytest.mark.parametrize("audience", ["public", "sec-parties"])
def test_each_calendar_event_carries_the_label_it_is_known_under(shipped_sites: dict[str, Path], audience: str) -> None:
    """As the feed's entries do, each event names its label (CATEGORIES), and one the public may
    not know of is CONFIDENTIAL, which calendar programs keep out of a calendar shared onwards:
    on the SEC Parties site OPSG_35x (GREEN minutes alone) and the meetings its minutes announce."""
    cal = icalendar.Calendar.from_ical((shipped_sites[audience] / "calendar.ics").read_bytes())
    found = {}
    for event in cal.walk("VEVENT"):
        start = event.decoded("dtstart")  # a date, or a date and time
        day = start.date() if isinstance(start, dt.datetime) else start
        found[day] = (event.get("categories").to_ical().decode(), str(event.get("class")))
        label = found[day][0]
        assert str(event["summary"]).endswith(f" ({label})") == (audience == "sec-parties"), event["summary"]
    white, green = ("WHITE", "PUBLIC"), ("GREEN", "CONFIDENTIAL")
    expected = {dt.date(2021, 1, 25): white, dt.date(2021, 2, 2): white, dt.date(2021, 2, 22): white}
    if audience == "sec-parties":
        expected |= {dt.date(2020, 8, 24): green, dt.date(2020, 9, 1): green, dt.date(2020, 9, 28): green}
    assert found == expected


def test_a_meeting_announced_in_white_and_in_green_is_known_as_white(tmp_path: Path) -> None:
    """The calendar names a meeting the public was told of as WHITE, though GREEN minutes
    announced it too; one told only in GREEN stays GREEN."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    minutes = data / "meetings/opsg/2020/OPSG_35x.yml"  # read before OPSG_41_2501's headlines
    text = minutes.read_text()
    assert "      date: 2020-09-28\n" in text
    minutes.write_text(text.replace("      date: 2020-09-28\n",
                                    "      date: 2020-09-28\n    - type: main\n      date: 2021-02-02\n", 1))
    view = redact(load_archive(data), SEC_PARTIES, dt.date(2026, 1, 1)).archive
    labels = {e.date: e.label.display for e in calendar_entries(view)}
    assert labels[dt.date(2021, 2, 2)] == "WHITE" and labels[dt.date(2020, 9, 1)] == "GREEN"


def test_a_day_announced_as_two_kinds_of_meeting_is_two_events_each_with_its_label(tmp_path: Path) -> None:
    """GREEN minutes announce an extraordinary meeting on a day WHITE headlines announce a main
    one. The calendar kept one event a committee a day, the kind of whichever line was read
    first and the least restrictive label: on the SEC Parties site a GREEN line's extraordinary
    meeting was marked WHITE. Each kind announced is its own event, with its own label."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    minutes = data / "meetings/opsg/2020/OPSG_35x.yml"  # read before OPSG_41_2501's headlines
    text = minutes.read_text()
    minutes.write_text(text.replace("      date: 2020-09-28\n",
                                    "      date: 2020-09-28\n    - type: extraordinary\n      date: 2021-02-02\n", 1))
    archive = load_archive(data)
    day = dt.date(2021, 2, 2)
    parties = [(e.type.value, e.label.display, e.uid) for e in
               calendar_entries(redact(archive, SEC_PARTIES, dt.date(2026, 1, 1)).archive) if e.date == day]
    assert parties == [("extraordinary", "GREEN", "opsg-2021-02-02-extraordinary"),
                       ("main", "WHITE", "opsg-2021-02-02-main")]
    public = [(e.type.value, e.label.display) for e in
              calendar_entries(redact(archive, PUBLIC, dt.date(2026, 1, 1)).archive) if e.date == day]
    assert public == [("main", "WHITE")]



@pytest.mark.parametrize(("announced", "reporting"), [
    ("[{type: reporting, date: 2021-02-23}, {type: main, date: 2021-03-01}]", [dt.date(2021, 2, 23)]),
    ("[{type: main, date: 2021-03-01}]", [dt.date(2021, 2, 22)]),
], ids=["moved a day on", "the kind left unsaid"])
def test_a_meeting_a_later_meeting_moves_is_announced_once(tmp_path: Path, announced: str,
                                                           reporting: list[dt.date]) -> None:
    """25 January announces a reporting meeting on 22 February; the meeting of 2 February
    announces it on 23 February. The home page and the calendars listed both, two reporting
    meetings a day apart: the later meeting's word on that kind of meeting stands. One that
    announces no meeting of that kind leaves the earlier word as it was."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "meetings/opsg/2021/OPSG_42_0202.yml").write_text(
        "id: OPSG_42_0202\ncommittee: OPSG\ntype: main\ndate: 2021-02-02\nheadlines:\n  classification: WHITE\n"
        "  items:\n    - title: Update\n      paragraphs: [The OPSG noted the update.]\n"
        f"  next_meetings: {announced}\n")
    for audience in (PUBLIC, SEC_PARTIES):
        entries = calendar_entries(redact(load_archive(data), audience, dt.date(2026, 1, 1)).archive)
        assert [e.date for e in entries if e.type.value == "reporting" and e.date.year == 2021] == reporting
        assert [e.date for e in entries if e.type.value == "main" and e.date.year == 2021][-1] == dt.date(2021, 3, 1)


def test_two_meetings_of_a_committee_on_one_day_are_two_events(tmp_path: Path) -> None:
    """An extraordinary meeting held the day of a main one: the calendar kept one event a
    committee a day, so the second meeting read took the first one's place, and the main
    meeting of 25 January 2021 was left out. Each meeting held is an event, at its own page."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    main = data / "meetings/opsg/2021/OPSG_41_2501.yml"
    (main.parent / "OPSG_41x_2501.yml").write_text(main.read_text().replace("id: OPSG_41_2501\n", "id: OPSG_41x_2501\n")
                                                   .replace("type: main\n", "type: extraordinary\n", 1))
    view = redact(load_archive(data), SEC_PARTIES, dt.date(2026, 1, 1)).archive
    held = [(e.meeting_id, e.uid, e.summary) for e in calendar_entries(view) if e.date == dt.date(2021, 1, 25)]
    assert held == [("OPSG_41_2501", "opsg-41-2501", "Operations Group main meeting 41_2501"),
                    ("OPSG_41x_2501", "opsg-41x-2501", "Operations Group extraordinary meeting 41x_2501")]
    cal = icalendar.Calendar.from_ical(to_ical(calendar_entries(view), "SECAS Headlines", "https://x.test/",
                                               {"OPSG_41_2501": "a/", "OPSG_41x_2501": "b/"}))
    assert {str(e["url"]) for e in cal.walk("VEVENT") if "41" in str(e["summary"])} == {"https://x.test/a/",
                                                                                         "https://x.test/b/"}


def test_a_calendars_own_time_zone_gives_each_meetings_time_in_its_year() -> None:
    """A calendar program without the zone in its own database reads the times by the VTIMEZONE
    the file carries. It covers the years the events fall in, whichever: a summer meeting in
    2039, past the library's default span (1970 to 2037), starts at 13:20 British Summer Time."""
    def entry(day: dt.date) -> CalendarEntry:
        return CalendarEntry(f"opsg-{day}", "OPSG", MeetingType.main, day, "13:20", "15:35", None, "OPSG", Label.WHITE)

    days = [dt.date(2020, 8, 24), dt.date(2021, 1, 25), dt.date(2039, 7, 4)]
    cal = icalendar.Calendar.from_ical(to_ical([entry(d) for d in days], "SECAS Headlines", "https://x.test/", {}))
    [zone] = cal.walk("VTIMEZONE")
    own = zone.to_tz(lookup_tzid=False)  # the file's own rules, not the system's
    offsets = {}
    for event in cal.walk("VEVENT"):
        assert event["dtstart"].params["TZID"] == "Europe/London"
        start = event.decoded("dtstart").replace(tzinfo=None)
        offsets[start.date()] = start.replace(tzinfo=own).utcoffset()
    hour = dt.timedelta(hours=1)
    assert offsets == {dt.date(2020, 8, 24): hour, dt.date(2021, 1, 25): dt.timedelta(0), dt.date(2039, 7, 4): hour}

@pytest.mark.parametrize("audience", ["public", "sec-parties"])
def test_the_home_page_lists_the_meetings_after_its_as_of_date(canary_sites: dict[str, Path], audience: str) -> None:
    """The next meetings are those after the site's as-of date (by default its latest meeting,
    10 January 2022), and the list says so: a reader years later sees whose 'next' it is."""
    page = (canary_sites[audience] / "index.html").read_text()
    upcoming = page.split('id="next-meetings"', 1)[1].split("<h2", 1)[0]
    assert "Announced as of 10 January 2022:" in upcoming
    # On the SEC Parties site (a GREEN page: its recent papers) a meeting the public was told of is marked WHITE.
    mark = (' <span class="hl-label hl-label--white" title="WHITE: may be shared publicly">'
            '<span class="hl-label__bracket">(</span>WHITE<span class="hl-label__bracket">)</span></span>')
    assert f"<li>7 February 2022: Operations Group main meeting{mark if audience == 'sec-parties' else ''}</li>" \
        in upcoming, upcoming
    assert "<li>10 January 2022" not in upcoming  # OPSG_59_1312's next meeting is OPSG_60_1001, held on the as-of date
    papers = page.split('id="recent-papers"', 1)[1].split("</table>", 1)[0]
    # One table, a row a paper, marked where its label is not the page's (GREEN on the SEC Parties site).
    rows = re.findall(r"<tr>.*?</tr>", papers, re.S)[1:]
    labels = [re.findall(r'class="hl-label hl-label--\w+"[^>]*><span class="hl-label__bracket">\(</span>(\w+)<', row)
              for row in rows]
    assert labels == ([["WHITE"], []] if audience == "sec-parties" else [[]]), labels


def test_the_glossary_defines_terms_on_hover(shipped_sites: dict[str, Path]) -> None:
    page = (shipped_sites["public"] / "meetings/opsg/2021/opsg-41-2501/index.html").read_text()
    assert '<abbr title="Certificate Signing Request">CSR</abbr>' in page
    assert '<abbr title="Communications Service Provider, North">CSP N</abbr>' in page
    glossary = (shipped_sites["public"] / "glossary" / "index.html").read_text()
    assert "Traffic Management Mechanism Document" in glossary and "Home Area Network" in glossary


def test_the_glossary_defines_its_terms_in_every_tables_cells(shipped_sites: dict[str, Path]) -> None:
    """A table the templates build as HTML (a paper's Annex 1, a data table, a report's figures)
    passes through the page's conversion as it is: its cells' terms are marked as they are
    written, as the page's Markdown marks its own. Every term (or its plural) in a cell of
    any page of either site is defined on hover."""
    terms = sorted((t["abbr"] for t in yaml.safe_load((ROOT / "data/glossary.yml").read_text())["terms"]),
                   key=len, reverse=True)
    term = re.compile(r"\b(?:" + "|".join(map(re.escape, terms)) + r")s?\b")
    cells = 0
    for site in shipped_sites.values():
        for page in site.rglob("*.html"):
            article = re.search(r"<article.*?</article>", page.read_text(), re.S)
            for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", article[0] if article else "", re.S):
                words = html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<abbr [^>]*>.*?</abbr>", "", cell)))
                assert not term.findall(words), (page, cell)
                cells += "<abbr " in cell
    paper = (shipped_sites["sec-parties"] / "papers/opsg/2021/opsg-49-2405-03/index.html").read_text()
    assert '<td data-label="Content">Per <abbr title="Smart Energy Code">SEC</abbr> Appendix AG.</td>' in paper
    assert cells > 50, cells


def test_a_tables_caption_is_read_as_its_title_with_its_terms_defined(tmp_path: Path) -> None:
    """A table's caption is in HTML the page's conversion passes by: its marks showed as typed
    ('*RDP*') and its terms had no definition. It reads as a title does in a heading."""
    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    edit(tmp_path, "data/papers/opsg/2021/OPSG_49_2405_03.yml",
         "            A copy of the April 2021 report is attached as confidential Appendix C (AMBER).\n",
         "            A copy of the April 2021 report is attached as confidential Appendix C (AMBER).\n"
         "          - {title: 'Resolved *RDP* Incidents', columns: [Region, Open], rows: [[North, 1]]}\n")
    renderer = renderer_for(load_archive(data), SEC_PARTIES)
    body = renderer.paper_page(renderer.archive.papers["OPSG_49_2405_03"]).body
    assert '<caption>Resolved <em><abbr title="Registration Data Provider">RDP</abbr></em> Incidents</caption>' in body


def test_a_tables_cells_and_a_percentage_show_their_figures_as_typed(tmp_path: Path) -> None:
    """YAML reads a figure as a number: '3.10' was shown 3.1 in a table's cell, a reference
    '0042' as 42, and a percentage of forecast typed 99.50 had one decimal place. Each is
    shown as typed; a number that reads as typed is still a number."""
    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    edit(tmp_path, "data/papers/opsg/2021/OPSG_49_2405_03.yml",
         "            A copy of the April 2021 report is attached as confidential Appendix C (AMBER).\n",
         "            A copy of the April 2021 report is attached as confidential Appendix C (AMBER).\n"
         "          - {title: Versions, columns: [Release, Share, Rate, Count],"
         " rows: [[3.10, .5, 2.50, 7], [1.2, 1e3, 0.25, 0042]]}\n")
    archive = load_archive(data)
    paper = archive.papers["OPSG_49_2405_03"]

    def tables(sections: list) -> list:
        return [t for s in sections for t in [*s.blocks, *tables(s.sections)] if getattr(t, "title", None)]

    table = next(t for t in tables(paper.sections) if t.title == "Versions")
    assert table.rows == [["3.10", ".5", "2.50", 7], [1.2, "1e3", 0.25, "0042"]]
    renderer = renderer_for(archive, SEC_PARTIES)
    body = renderer.paper_page(paper).body
    cells = re.findall(r'<td[^>]*>([^<]*)</td>', body.split("<caption>Versions")[1].split("</table>")[0])
    assert cells == ["3.10", ".5", "2.50", "7", "1.2", "1e3", "0.25", "0042"], cells

    percent = Percent.model_validate(yamlsource.read_yaml(tmp_path / "p.yml", raw=b"99.50").value)
    assert str(percent) == "99.50%" and percent.decimals == 2
    for typed, shown in ((b"99.5", "99.5%"), (b"1.", "1.0%"), (b".5", "0.5%")):  # not a plain decimal: as read
        assert str(Percent.model_validate(yamlsource.read_yaml(tmp_path / "p.yml", raw=typed).value)) == shown


def test_an_item_number_typed_without_quotes_keeps_its_leading_zero(tmp_path: Path) -> None:
    """An item's number written without quotes, as 04 or 4, is read by YAML as a number: 04 was
    shown as "4". It is shown as typed: the item's heading, the page's list of items."""
    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    edit(tmp_path, "data/meetings/opsg/2021/OPSG_41_2501.yml", '    - number: "4"\n', "    - number: 04\n")
    edit(tmp_path, "data/meetings/opsg/2021/OPSG_41_2501.yml", '    - number: "5"\n', "    - number: 5\n")
    archive = load_archive(data)
    numbers = [item.number for item in archive.meetings["OPSG_41_2501"].headlines.items]
    assert numbers[2:4] == ["04", "5"], numbers
    body = renderer_for(archive, PUBLIC).meeting_page(archive.meetings["OPSG_41_2501"]).body
    assert "04. CH Returns Report" in body and not re.search(r"(?<!0)4\. CH Returns Report", body)


def test_an_agenda_item_nested_past_six_levels_is_a_heading_whole(tmp_path: Path) -> None:
    """Markdown has six levels of heading. An agenda item nested deeper got a seventh '#', shown
    as text: the heading read "# 3.1.1.1.1. Level 4". Past the sixth level each is a sixth-level
    heading, with its number and title, at its own anchor."""
    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    anchor = '        - number: "3.1"\n          title: RDP Incidents Report\n          presenter: SECAS\n'
    nested, indent, number = "", " " * 10, "3.1"
    for level in range(2, 8):
        number += ".1"
        nested += (f'{indent}items:\n{indent}  - number: "{number}"\n{indent}    title: Level {level}\n'
                   f"{indent}    paragraphs:\n{indent}      - At level {level}.\n")
        indent += " " * 4
    edit(tmp_path, "data/meetings/opsg/2021/OPSG_41_2501.yml", anchor, anchor + nested)
    archive = load_archive(data)
    body = renderer_for(archive, PUBLIC).meeting_page(archive.meetings["OPSG_41_2501"]).body
    headings = [line for line in body.splitlines() if "Level " in line and line.startswith("#")]
    assert [line.split(" {")[0] for line in headings] == [
        "##### 3.1.1. Level 2", "###### 3.1.1.1. Level 3", "###### 3.1.1.1.1. Level 4",
        "###### 3.1.1.1.1.1. Level 5", "###### 3.1.1.1.1.1.1. Level 6", "###### 3.1.1.1.1.1.1.1. Level 7"], headings
    assert len({line.split("{ #")[1] for line in headings}) == 6  # each at its own anchor


def test_the_glossary_marks_a_term_only_where_its_label_is_not_the_pages(tmp_path: Path) -> None:
    """The shipped glossary is WHITE, every term of it: on the SEC Parties site its page says so
    in its banners and marks no term. A GREEN term makes the page GREEN there and is left
    unmarked, as the page, while each WHITE term is marked WHITE; the public site has no trace of it."""
    def terms(audience: Audience, data: Path) -> tuple[str, dict[str, str]]:
        """The page's label, and each row's first cell by its term."""
        page = renderer_for(load_archive(data), audience).glossary_page()
        rows = [line for line in page.body.splitlines() if line.startswith("| ")][1:]  # the header row off
        cells = [row.split(" | ")[0][2:] for row in rows]
        return page.label.display, {c.split(" <span")[0]: c for c in cells}

    label, shipped = terms(SEC_PARTIES, ROOT / "data")
    assert label == "WHITE" and len(shipped) == 47 and not [t for t, c in shipped.items() if "hl-label" in c]

    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    glossary = data / "glossary.yml"
    term = "  - {abbr: XYZ, meaning: Unpublished Working Group, classification: GREEN}\n"
    glossary.write_text(glossary.read_text().replace("  - {abbr: AOB,", term + "  - {abbr: AOB,"))
    label, parties = terms(SEC_PARTIES, data)
    assert label == "GREEN" and "hl-label" not in parties["XYZ"]
    assert all('title="WHITE:' in c for t, c in parties.items() if t != "XYZ"), parties
    label, public = terms(PUBLIC, data)
    assert label == "WHITE" and "XYZ" not in public and len(public) == 47
    assert not [t for t, c in public.items() if "hl-label" in c]


def test_each_name_in_an_attendance_list_keeps_its_marks_to_itself(tmp_path: Path) -> None:
    """The names of a constituency are written side by side: a mark in one (an asterisk, an
    underscore, a backtick) is shown as typed, where it paired with one in the next name and
    made the text between them emphasis or code."""
    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    minutes = data / "meetings/opsg/2020/OPSG_35x.yml"
    minutes.write_text(minutes.read_text().replace("people: [Joey Manners, Huw Exley]",
                                                   "people: ['Joey *Manners `x', 'Huw_ Exley*` y']"))
    renderer = renderer_for(load_archive(data), SEC_PARTIES)
    body = renderer.meeting_page(renderer.archive.meetings["OPSG_35x"]).body
    page = site_markdown().convert(body)
    row = re.search(r"<td>SECAS</td>\s*<td>(.*?)</td>", page)
    assert row and html.unescape(row[1]) == "Joey *Manners `x, Huw_ Exley*` y", row


def test_a_meaning_written_on_two_lines_is_defined_whole(tmp_path: Path) -> None:
    """A meaning written as a block of lines ('|') is its words on one line: a line break ended
    its definition, which cut the meaning on hover and left its last words on every page that
    uses the term, as a paragraph of their own."""
    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    glossary = data / "glossary.yml"
    glossary.write_text(glossary.read_text().replace("  - {abbr: AOB, meaning: any other business}",
                                                     "  - abbr: AOB\n    meaning: |-\n      any other\n      business"))
    renderer = renderer_for(load_archive(data), PUBLIC)
    page = renderer.meeting_page(renderer.archive.meetings["OPSG_41_2501"])
    body = page.body + renderer.abbreviations().for_page(page.body)
    html = site_markdown().convert(body)
    assert '<abbr title="any other business">AOB</abbr>' in html
    assert "<p>business</p>" not in html and html.count("business</p>") == 0, html[-300:]


def test_a_green_terms_definition_says_its_label_on_the_sec_parties_site_and_is_on_no_public_page(
        tmp_path: Path) -> None:
    """A GREEN term's hover definition shows on WHITE pages of the SEC Parties site too, so it
    reads with its label, as a chip reads where it is not seen; its plural's too. The public
    site has no definition of it, and its pages keep the abbreviation as plain text."""
    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    glossary = data / "glossary.yml"
    glossary.write_text(glossary.read_text().replace("  - {abbr: RFP, meaning: request for proposal}",
                                                     "  - {abbr: RFP, meaning: request for proposal, classification: GREEN}"))
    archive = load_archive(data)
    pages = {}
    for audience in (PUBLIC, SEC_PARTIES):
        renderer = renderer_for(archive, audience)
        page = renderer.meeting_page(renderer.archive.meetings["OPSG_41_2501"])
        assert page.label == Label.WHITE
        pages[audience.name] = site_markdown().convert(
            page.body.replace("(RFP)", "(RFP, RFPs)") + renderer.abbreviations().for_page(page.body + " RFPs"))
    assert '<abbr title="request for proposal (GREEN)">RFP</abbr>' in pages[SEC_PARTIES.name]
    assert '<abbr title="request for proposals (GREEN)">RFPs</abbr>' in pages[SEC_PARTIES.name]
    assert '<abbr title="cost benefit analysis">CBA</abbr>' in pages[SEC_PARTIES.name]  # a WHITE term as it was
    assert "(RFP, RFPs)" in pages[PUBLIC.name] and "request for proposal" not in pages[PUBLIC.name]


@pytest.mark.parametrize("audience", [PUBLIC, SEC_PARTIES], ids=["public", "sec-parties"])
def test_each_page_carries_the_definitions_of_its_own_terms_and_reads_as_with_all(audience: Audience) -> None:
    """A page's Markdown ends with the definitions of the glossary terms it holds, not the
    whole glossary (which the abbreviation extension would read on every page, block by block):
    each page of the shipped data converts to the same HTML either way, and leaves most of
    the glossary off."""
    import markdown
    import yaml
    from mkdocs.utils import meta as md_meta

    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)  # !ENV left as text
    extensions = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    options = {name: value for e in config["markdown_extensions"] if isinstance(e, dict) for name, value in e.items()}
    archive = load_archive(ROOT / "data")
    figure_notes(archive)
    renderer = renderer_for(archive, audience)
    abbreviations = renderer.abbreviations()
    every = "\n" + "".join(f"*[{abbr}]: {meaning}\n" for abbr, meaning in abbreviations.definitions)
    carried = []
    for page in renderer.pages():
        body = md_meta.get_data(page.markdown())[0]
        own = abbreviations.for_page(body)
        convert = markdown.Markdown(extensions=extensions, extension_configs=options).convert
        assert convert(body + own) == convert(body + every), page.src_uri
        carried.append(own.count("\n*["))
        if page.src_uri == "meetings/opsg/2021/opsg-41-2501.md":
            assert "*[CSP N]: Communications Service Provider, North\n" in own and "*[LSs]: Large Suppliers\n" in own
            assert "*[CHIMSM]:" not in own
    whole = len(abbreviations.definitions)
    assert whole > 80
    assert max(carried) < whole and sum(carried) < len(carried) * whole / 3


def test_committee_page_lists_open_actions(shipped_sites: dict[str, Path]) -> None:
    page = (shipped_sites["sec-parties"] / "committees/opsg/index.html").read_text()
    assert "actions/#opsg-31x-03" in page and "actions/#opsg-29xx-03" not in page


def _item(page: Path, number: str) -> str:
    """The text of one agenda item of a meeting page, tags stripped."""
    html = page.read_text().split(f'id="m-{number}"', 1)[1].split("<h2", 1)[0].split('<h3 id="m-', 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_outcomes_follow_their_lead_in_as_a_list(shipped_sites: dict[str, Path], tmp_path: Path) -> None:
    """'The OPSG:' once, then what it NOTED and ENDORSED, as the minutes set it out; when no
    outcome is left for the audience, no lead-in is left either."""
    page = shipped_sites["sec-parties"] / "meetings/opsg/2020/opsg-35x/index.html"
    html = re.sub(r"</?abbr[^>]*>", "", page.read_text())
    assert ("<p>The OPSG:</p>\n<ul>\n<li>NOTED the governance of TMMD; and</li>\n"
            "<li>ENDORSED the proposed process.</li>\n</ul>") in html
    assert _item(page, "7").count("The OPSG:") == 1

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    minutes = data / "meetings/opsg/2020/OPSG_35x.yml"
    text = minutes.read_text(encoding="utf-8")
    for decision in ("NOTED", "ENDORSED"):
        old = f"        - decision: {decision}\n          text: {decision} the"
        assert text.count(old) == 1
        text = text.replace(old, f"        - decision: {decision}\n          classification: AMBER\n          text: {decision} the")
    minutes.write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    result = build(copy_project(tmp_path / "project", data=data), "sec-parties", site)
    assert result.returncode == 0, result.stderr
    item = _item(site / "meetings/opsg/2020/opsg-35x/index.html", "7")
    assert "after initial operation." in item and "The OPSG:" not in item and "ENDORSED" not in item


@pytest.mark.parametrize(("written", "read"), [("9:30", "09:30"), ("09:30", "09:30"), ("13:20", "13:20"), ("0:05", "00:05"),
                                               ("25:00", None), ("9:5", None), ("930", None), ("13.20", None)])
def test_times_are_read_as_hours_and_minutes(written: str, read: str | None) -> None:
    """An editor may write 9:30 for 09:30; the pages and the calendar show one form."""
    meeting = {"id": "OPSG_1_0101", "committee": "OPSG", "type": "main", "date": "2021-01-01", "start": written,
               "headlines": {"classification": "WHITE", "items": [{"title": "Item"}]}}
    if read is None:
        with pytest.raises(ValidationError, match="allowed: a 24-hour time"):
            Meeting.model_validate(meeting)
    else:
        assert Meeting.model_validate(meeting).start == read


def test_a_document_given_a_new_id_keeps_its_old_address(tmp_path: Path) -> None:
    """Two meetings whose IDs are corrected (OPSG_41_2501 to OPSG_40_2501, OPSG_35x to
    OPSG_35_2408) name their old IDs in 'formerly'. On a site with the document's page, its
    old address sends the reader there and names the page's address for search engines; no
    sitemap, search index or feed lists it. The page says what it was, the old ID still links
    to it and finds it, and the actions keep the IDs they were raised with. A site without the
    page has nothing at the old address."""
    project = copy_project(tmp_path / "project")
    meetings = project / "data/meetings/opsg"
    for old, new in (("2021/OPSG_41_2501", "2021/OPSG_40_2501"), ("2020/OPSG_35x", "2020/OPSG_35_2408")):
        (meetings / f"{old}.yml").rename(meetings / f"{new}.yml")
        edit(project, f"data/meetings/opsg/{new}.yml", f"id: {old[5:]}\n", f"id: {new[5:]}\nformerly: [{old[5:]}]\n")
    edit(project, "data/papers/opsg/2021/OPSG_49_2405_03.yml", "highlighted to the\n        Panel.",
         "highlighted to the\n        Panel, as OPSG_41_2501 asked.")
    sites = build_both(project, tmp_path / "site")

    for audience, moved in (("public", {"opsg-41-2501": "opsg-40-2501"}),
                            ("sec-parties", {"opsg-41-2501": "opsg-40-2501", "opsg-35x": "opsg-35-2408"})):
        site = sites[audience]
        base = "https://headlines.example.org/" if audience == "public" else "https://parties.headlines.example.org/"
        for old, new in moved.items():
            year = "2021" if new == "opsg-40-2501" else "2020"
            page = (site / f"meetings/opsg/{year}/{old}/index.html").read_text()
            assert f'<meta http-equiv="refresh" content="0; url=../{new}/">' in page
            assert f'location.replace("../{new}/" + location.hash)' in page
            assert f'<link rel="canonical" href="{base}meetings/opsg/{year}/{new}/">' in page
            assert '<meta name="robots" content="noindex">' in page
            assert (site / f"meetings/opsg/{year}/{new}/index.html").is_file()
            for listing in ("sitemap.xml", "feed.xml", "data.json"):
                assert f"/{old}/" not in (site / listing).read_text(), listing
            assert not [url for url in search_index(site / "pagefind")["word_counts"] if old in url]
        new_page = (site / "meetings/opsg/2021/opsg-40-2501/index.html").read_text()
        assert "Formerly OPSG_41_2501." in new_page
        assert re.search(r'id="hl-spellings-id">OPSG_40_2501 · [^<]* · OPSG_41_2501 · ', new_page)
        documents = json.loads((site / "data.json").read_text())["documents"]
        assert {d["id"]: d["formerly"] for d in documents}["OPSG_40_2501"] == ["OPSG_41_2501"]
        # The feed's entry and the calendar's event keep the IDs they were first published under.
        feed = (site / "feed.xml").read_text()
        assert f"<id>tag:{base[8:-1]},2021:OPSG_41_2501</id>" in feed and "OPSG_40_2501</id>" not in feed
        events = icalendar.Calendar.from_ical((site / "calendar.ics").read_bytes()).walk("VEVENT")
        assert f"opsg-41-2501@{base[8:-1]}" in {str(e["uid"]) for e in events}
    # GREEN minutes: nothing of them on the public site, at either address.
    assert not (sites["public"] / "meetings/opsg/2020").exists()

    paper = (sites["sec-parties"] / "papers/opsg/2021/opsg-49-2405-03/index.html").read_text()
    assert '<a href="../../../../meetings/opsg/2021/opsg-40-2501/">OPSG_41_2501</a> asked' in paper
    register = (sites["sec-parties"] / "actions/index.html").read_text()
    assert 'id="opsg-35x-01"' in register and "../meetings/opsg/2020/opsg-35-2408/" in register


def test_a_document_whose_date_moved_to_another_year_keeps_its_old_address(tmp_path: Path) -> None:
    """A date corrected into another year moves the page to that year's folder. With the
    address it had in 'formerly' (its own ID, or the one it had, with that year), the old
    address leads to the page on each site that has it, listed nowhere. The page says
    'Formerly' only for an ID it no longer has."""
    project = copy_project(tmp_path / "project")
    edit(project, "data/meetings/opsg/2021/OPSG_41_2501.yml", "id: OPSG_41_2501\n",
         "id: OPSG_41_2501\nformerly: [{id: OPSG_41_2501, year: 2020}]\n")
    edit(project, "data/papers/opsg/2021/OPSG_49_2405_03.yml", "id: OPSG_49_2405_03\n",
         "id: OPSG_49_2405_03\nformerly:\n  - id: OPSG_49_2405_02\n    year: 2020\n")
    sites = build_both(project, tmp_path / "site")
    moved = {"meetings/opsg/2020/opsg-41-2501": "meetings/opsg/2021/opsg-41-2501",
             "papers/opsg/2020/opsg-49-2405-02": "papers/opsg/2021/opsg-49-2405-03"}
    for audience, site in sites.items():
        for old, new in moved.items():
            if not (site / new / "index.html").is_file():
                assert not (site / old).exists()  # the GREEN paper: on the SEC Parties site only
                continue
            page = (site / old / "index.html").read_text()
            assert f'<meta http-equiv="refresh" content="0; url=../../2021/{new.rsplit("/", 1)[1]}/">' in page
            for listing in ("sitemap.xml", "feed.xml", "data.json"):
                assert f"/{old}/" not in (site / listing).read_text(), listing
        meeting = (site / moved["meetings/opsg/2020/opsg-41-2501"] / "index.html").read_text()
        assert "Formerly" not in meeting
        assert "<title>OPSG_41_2501 is now at a new address</title>" in (
            site / "meetings/opsg/2020/opsg-41-2501/index.html").read_text()
    assert (sites["sec-parties"] / "papers/opsg/2020/opsg-49-2405-02/index.html").is_file()
    assert not (sites["public"] / "papers").exists()
    paper = (sites["sec-parties"] / "papers/opsg/2021/opsg-49-2405-03/index.html").read_text()
    assert "Formerly OPSG_49_2405_02." in paper


def test_a_former_address_taken_by_a_hand_written_page_fails_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    edit(project, "data/meetings/opsg/2021/OPSG_41_2501.yml", "id: OPSG_41_2501\n",
         "id: OPSG_41_2501\nformerly: [OPSG_40_2501]\n")
    page = project / "content/meetings/opsg/2021/opsg-40-2501.md"
    page.parent.mkdir(parents=True)
    page.write_text("---\nclassification: WHITE\n---\n\n# A page of its own\n")
    result = build(project, "public", tmp_path / "site")
    assert result.returncode != 0
    assert ("meetings/opsg/2021/opsg-40-2501/index.html: a document's former address ('formerly') is taken by "
            "meetings/opsg/2021/opsg-40-2501.md; move that file, or take the ID out of 'formerly'") in result.stderr


def test_a_document_none_of_whose_items_a_site_may_show_says_so(tmp_path: Path) -> None:
    """WHITE headlines whose every agenda item is GREEN: the public page and the home page say
    that no item is published, where the intro ended in a colon with nothing after it, and the
    page's description and its feed entry's summary give the intro, where they gave nothing
    after the meeting's name. The SEC Parties site shows the items, and says no such thing."""
    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    headlines = data / "meetings/opsg/2021/OPSG_41_2501.yml"
    headlines.write_text(re.sub(r'(\n    - number: "\d+"\n)', r"\1      classification: GREEN\n",
                                headlines.read_text()))
    said = "No agenda item of these headlines is published on this site."
    for audience, shown in ((PUBLIC, False), (SEC_PARTIES, True)):
        renderer = renderer_for(load_archive(data), audience)
        pages = {p.src_uri: p for p in renderer.pages()}
        page = site_markdown().convert(pages["meetings/opsg/2021/opsg-41-2501.md"].body)
        home = site_markdown().convert(pages["index.md"].body)
        assert ("DCC Pandemic Update" in page, "DCC Pandemic Update" in home) == (shown, shown), audience
        assert (said in page, said in home) == (not shown, not shown), audience
        entry = re.search(r"<entry>(?:(?!</entry>).)*opsg-41-2501(?:(?!</entry>).)*</entry>",
                          renderer.feed("https://example.org/").decode())
        summary = re.search(r"<summary>([^<]*)</summary>", entry[0])[1]
        summed_up = pages["meetings/opsg/2021/opsg-41-2501.md"].meta["description"].split(": ", 1)[1]
        expected = "DCC Pandemic Update; SEC Panel Reports;" if shown else "Each month, the Operations Group (OPSG)"
        assert summary.startswith(expected) and summed_up.startswith(expected), (audience, summary, summed_up)
