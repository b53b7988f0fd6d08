"""The editors' commands, run as an editor runs them, on temporary copies of the project."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from conftest import (CONFIGS, GIT, ROOT, build, copy_project, data_files, edit, read_all_along, schema_problems,
                      search_text, tree_digest, workflow_step)

from headlines import staging
from headlines.cli import schema_texts
from headlines.errors import DataError


def headlines(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "headlines", *args], cwd=project, capture_output=True,
                          text=True, timeout=300, env={**os.environ, **env})


def test_new_validate_publish_end_to_end(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    made = headlines(project, "new", "meeting", "--committee", "OPSG", "--date", "2021-02-02", "--number", "42",
                     "--start", "9:30", "--end", "11:00")
    assert made.returncode == 0, made.stderr
    meeting = project / "data/meetings/opsg/2021/OPSG_42_0202.yml"
    assert meeting.read_text().startswith("# yaml-language-server: $schema=../../../../schemas/meeting.schema.json")
    assert 'date: 2021-02-02\nstart: "09:30"\nend: "11:00"\n' in meeting.read_text()
    paper = headlines(project, "new", "paper", "--committee", "OPSG", "--meeting", "OPSG 42_0202", "--number", "1",
                      "--date", "2021-01-29", "--title", "A GREEN paper – Q1")
    assert paper.returncode == 0, paper.stderr
    # The title as typed, its dash too (not "\u2013"): the editor reads and edits the file.
    assert "\ntitle: A GREEN paper – Q1\n" in (project / "data/papers/opsg/2021/OPSG_42_0202_01.yml").read_text()
    minutes = headlines(project, "new", "minutes", "--committee", "OPSG", "--date", "2021-02-22", "--number", "43",
                        "--type", "reporting")
    assert minutes.returncode == 0, minutes.stderr
    # No time the editor did not give: where the times go, a comment says how to write them.
    assert '\n# start: "13:20"   # when it starts and ends' in (
        project / "data/meetings/opsg/2021/OPSG_43_2202.yml").read_text()
    late = headlines(project, "new", "meeting", "--committee", "OPSG", "--date", "2021-03-02", "--number", "44",
                     "--start", "25:00")
    assert late.returncode == 2 and "--start '25:00'; allowed: a 24-hour time like 13:20" in late.stderr
    again = headlines(project, "new", "meeting", "--committee", "OPSG", "--date", "2021-02-02", "--number", "42")
    assert again.returncode == 1 and "exists already" in again.stderr

    # What 'new' wrote for the editor to replace is refused where it would be published;
    # draft minutes, published nowhere, may keep it.
    unfilled = headlines(project, "validate")
    assert unfilled.returncode == 1
    left = sorted(line.split(": ", 2)[1] for line in unfilled.stderr.splitlines() if "the placeholder 'headlines new'" in line)
    assert left == ["authors[0].name", "headlines.items[0].paragraphs[0]", "headlines.items[0].title", "sections[0].blocks[0]"], unfilled.stderr
    assert "OPSG_43_2202" not in unfilled.stderr
    for path, filled in [(meeting, {"Agenda item title (to replace)": "DCC Pandemic Update",
                                    "What was discussed and decided, for the public (to replace)":
                                    "The DCC reported that staff sickness remains low."}),
                         (project / "data/papers/opsg/2021/OPSG_42_0202_01.yml",
                          {"Author's name (to replace)": "Veronica Asantewaa",
                           "What this paper is for (to replace)": "To inform the OPSG."})]:
        text = path.read_text()
        for placeholder, own in filled.items():
            text = text.replace(f'"{placeholder}"', f'"{own}"')
        path.write_text(text)

    checked = headlines(project, "validate")
    assert checked.returncode == 0, checked.stderr
    assert "The data and the hand-written pages are valid." in checked.stdout
    # What 'new' wrote, headlines, minutes and paper, passes the JSON Schemas its first line
    # names, so an editor's checker underlines nothing of it (the shipped files beside it too).
    assert schema_problems(data_files(project / "data")) == []
    published = headlines(project, "publish", "--out", str(tmp_path / "out"))
    assert published.returncode == 0, published.stderr
    public, parties = tmp_path / "out/public", tmp_path / "out/parties"
    assert published.stdout.splitlines() == [f"Published the public site to {public}",
                                             f"Published the SEC Parties site to {parties}"]
    assert (public / "meetings/opsg/2021/opsg-42-0202/index.html").is_file()
    assert (parties / "meetings/opsg/2021/opsg-42-0202/index.html").is_file()
    assert not (public / "papers/opsg/2021/opsg-42-0202-01").exists()  # GREEN: SEC Parties only
    assert "A GREEN paper" in (parties / "papers/opsg/2021/opsg-42-0202-01/index.html").read_text()
    for site in (public, parties):  # draft minutes: nowhere
        assert not (site / "meetings/opsg/2021/opsg-43-2202").exists()


@pytest.mark.parametrize(("given", "said"), [
    (["meeting", "--date", "2021-2-2", "--number", "42"],
     "--date '2021-2-2'; allowed: a real date as YYYY-MM-DD (did you mean 2021-02-02?)"),
    (["meeting", "--date", "02/02/2021", "--number", "42"],
     "--date '02/02/2021'; allowed: a real date as YYYY-MM-DD (did you mean 2021-02-02?)"),
    (["meeting", "--date", "2021-02-30", "--number", "42"], "--date '2021-02-30'; allowed: a real date as YYYY-MM-DD"),
    (["meeting", "--date", "2201-02-02", "--number", "42"],
     "--date '2201-02-02'; allowed: a date in the years 2000 to 2099"),
    (["meeting", "--date", "2021-02-02", "--number", "4 2"],
     "--number '4 2'; allowed: a meeting's number, like 42 or 35x, from 1 and without a leading 0"),
    (["meeting", "--date", "2021-02-02", "--number", "0"],
     "--number '0'; allowed: a meeting's number, like 42 or 35x, from 1 and without a leading 0"),
    (["meeting", "--date", "2021-02-02", "--number", "042"],
     "--number '042'; allowed: a meeting's number, like 42 or 35x, from 1 and without a leading 0"),
    (["meeting", "--date", "2021-02-02", "--number", "４２"],
     "--number '４２'; allowed: a meeting's number, like 42 or 35x, from 1 and without a leading 0 (its '４', "
     "FULLWIDTH DIGIT FOUR, is not the digit 4)"),
    (["meeting", "--date", "2021-02-02", "--number", "42", "--start", "14:00", "--end", "13:00"],
     "--end '13:00', not after --start '14:00'; allowed: a time after 14:00"),
    (["paper", "--date", "2021-01-20", "--meeting", "OPSG_41_2501", "--number", "3a"],
     "--number '3a'; allowed: a paper's number, 1 to 99, like 3"),
    (["paper", "--date", "2021-01-20", "--meeting", "OPSG_41_2501", "--number", "100"],
     "--number '100'; allowed: a paper's number, 1 to 99, like 3"),
    (["paper", "--date", "2021-01-20", "--meeting", "the January one", "--number", "3"],
     "--meeting: found 'the January one', which is not a meeting ID; allowed: an ID like OPSG_41_2501 or OPSG_35x"),
], ids=["a date without its zeros", "a date as in a letter", "a day that does not exist",
        "a year the data does not take", "a number with a space", "a meeting numbered 0",
        "a number with a leading 0", "a number in full-width digits",
        "an end before the start", "a paper's number with a letter", "a paper's number past 99",
        "a meeting that is no ID"])
def test_new_refuses_what_it_cannot_use_saying_what_is_allowed(tmp_path: Path, given: list[str], said: str) -> None:
    """An argument mistyped gets one line saying what was found and what is allowed (it was a
    Python traceback), and no file is written."""
    project = copy_project(tmp_path / "project")
    before = tree_digest(project / "data")
    result = headlines(project, "new", given[0], "--committee", "OPSG", *given[1:])
    assert (result.returncode, result.stderr) == (2, f"headlines: {said}\n")
    assert tree_digest(project / "data") == before


def test_new_paper_for_a_meeting_not_in_the_data_says_so_and_names_the_closest(tmp_path: Path) -> None:
    """A paper may come before its meeting's file, so 'new paper' makes it, and says that the
    meeting is not there yet, naming the closest one there is: a mistyped meeting gives the
    paper an ID naming no meeting, which no build would point out."""
    project = copy_project(tmp_path / "project")
    typo = headlines(project, "new", "paper", "--committee", "OPSG", "--meeting", "OPSG_41_2502", "--number", "2",
                     "--date", "2021-01-20")
    assert typo.returncode == 0, typo.stderr
    assert typo.stdout.splitlines()[1:] == ["There is no meeting OPSG_41_2502 in data/meetings yet (did you mean "
                                            "'OPSG_41_2501'?): its page will list this paper once its file is added."]
    assert (project / "data/papers/opsg/2021/OPSG_41_2502_02.yml").is_file()
    known = headlines(project, "new", "paper", "--committee", "OPSG", "--meeting", "OPSG 41_2501", "--number", "2",
                      "--date", "2021-01-20")
    assert known.returncode == 0 and known.stdout == ("Created data/papers/opsg/2021/OPSG_41_2501_02.yml. Fill it in, "
                                                      "then run 'headlines validate'.\n"), known.stdout


def test_publish_into_a_file_says_so_and_writes_nothing(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (tmp_path / "out").write_text("a file where the folder would go")
    result = headlines(project, "publish", "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr == (f"headlines: cannot publish into {tmp_path / 'out'}: it is a file; allowed: a folder this "
                             "user may write in\n")
    assert (tmp_path / "out").read_text() == "a file where the folder would go"


@pytest.mark.parametrize(("variable", "audience"), [("HEADLINES_PUBLIC_URL", "public"),
                                                   ("HEADLINES_PUBLIC_URL", "sec-parties"),
                                                   ("HEADLINES_PARTIES_URL", "sec-parties")])
def test_a_sites_address_set_to_nothing_fails_the_build(tmp_path: Path, variable: str, audience: str) -> None:
    """YAML reads the empty value as no address: the public sitemap came out empty, and the
    SEC Parties pages lost their links to the public ones, with no word said."""
    project = copy_project(tmp_path / "project")
    result = build(project, audience, tmp_path / "site", env={variable: ""})
    assert result.returncode != 0
    assert f"{variable}: found it set to nothing; allowed: the site's address" in result.stderr


def test_validate_refuses_a_file_that_is_not_there(tmp_path: Path) -> None:
    """A name mistyped would check nothing, and report the named files valid; so would a file
    outside the project."""
    project = copy_project(tmp_path / "project")
    result = headlines(project, "validate", "data/meetings/opsg/2021/OPSG_41_2510.yml", "data/committees.yml")
    assert result.returncode == 2
    assert result.stderr == "headlines: no such file: data/meetings/opsg/2021/OPSG_41_2510.yml\n"
    elsewhere = tmp_path / "OPSG_41_2501.yml"  # a copy outside the project: nothing there is checked
    elsewhere.write_text("id: [\n")
    result = headlines(project, "validate", str(elsewhere))
    assert (result.returncode, result.stderr) == (2, f"headlines: not a file of this project ({project}): {elsewhere}\n")


def test_a_sites_configuration_that_mkdocs_cannot_read_is_a_problem_at_its_line(tmp_path: Path) -> None:
    """validate and changes read both sites' configurations. One whose YAML did not parse ended
    them in MkDocs's traceback; a setting MkDocs refuses, in its bare exit. Each is now a
    problem like any other: the file, the line where MkDocs names one, and what MkDocs says."""
    project = copy_project(tmp_path / "project")
    parties = project / "mkdocs.parties.yml"
    shipped = parties.read_text()
    parties.write_text(shipped + "extra: [\n")
    lines = len(shipped.splitlines()) + 2
    said = (f"mkdocs.parties.yml:{lines}:1: MkDocs encountered an error parsing the configuration file: while "
            "parsing a flow node expected the node content, but found '<stream end>'")
    result = headlines(project, "validate")
    assert (result.returncode, result.stderr) == (1, f"1 problem:\n  {said}\n"), result.stderr
    result = headlines(project, "changes")
    assert (result.returncode, result.stderr) == (1, f"headlines: {said}\n"), result.stderr
    parties.write_text(shipped.replace("audience: sec-parties", "audience: partys"))
    result = headlines(project, "validate")
    assert result.stderr == ("1 problem:\n  mkdocs.parties.yml: extra.headlines.audience: unknown audience 'partys'; "
                             "allowed: public, sec-parties\n"), result.stderr
    parties.write_text(shipped)
    edit(project, "mkdocs.yml", "  name: material\n", "  name: materia\n")
    result = headlines(project, "validate")
    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [
        "2 problems:", "  mkdocs.yml: MkDocs: Config value 'theme': Unrecognised theme name: 'materia'. The available "
        "installed themes are: material, mkdocs, readthedocs"], result.stderr


@pytest.mark.parametrize("committees", ["  - id: [\n", "  - id: 5\n", None])
def test_new_and_rename_need_the_committees_and_say_so_when_they_do_not_read(tmp_path: Path,
                                                                             committees: str | None) -> None:
    """Both check an ID's committee against data/committees.yml: YAML that did not parse, a
    committee the schema refuses or no file at all ended them in a traceback."""
    project = copy_project(tmp_path / "project")
    path = project / "data" / "committees.yml"
    if committees is None:
        path.unlink()
    else:
        path.write_text(path.read_text() + committees)
    said = ("headlines: data/committees.yml does not read, and an ID is checked against its committees; run "
            "'headlines validate data/committees.yml' and fix it first\n")
    made = headlines(project, "new", "meeting", "--committee", "OPSG", "--date", "2021-02-02", "--number", "42")
    assert (made.returncode, made.stderr) == (1, said)
    assert not (project / "data/meetings/opsg/2021/OPSG_42_0202.yml").exists()
    renamed = headlines(project, "rename", "OPSG_35x", "OPSG_35xx")
    assert (renamed.returncode, renamed.stderr) == (1, said)
    assert (project / "data/meetings/opsg/2020/OPSG_35x.yml").exists()


def test_new_minutes_for_a_meeting_with_headlines_adds_them_with_its_agenda(tmp_path: Path) -> None:
    """Headlines go out first and the minutes weeks later, in the same file: 'new minutes' for
    a meeting that has its headlines adds draft minutes at the file's end, the rest kept byte
    for byte, with the headlines' agenda (numbers, titles, presenters, sub-items), their next
    meetings, and an AMBER headline's label kept, so the scaffold lowers no label."""
    project = copy_project(tmp_path / "project")
    meeting = project / "data/meetings/opsg/2021/OPSG_41_2501.yml"
    before = meeting.read_bytes()
    assert b'    - number: "8"\n      title: AOB\n' in before
    edited = before.replace(b'    - number: "8"\n      title: AOB\n',
                            b'    - number: "8"\n      title: "AOB: tariffs"\n      classification: AMBER\n')
    meeting.write_bytes(edited)
    made = headlines(project, "new", "minutes", "--committee", "OPSG", "--date", "2021-01-25", "--number", "41")
    assert made.returncode == 0, made.stderr
    assert "Added draft minutes to data/meetings/opsg/2021/OPSG_41_2501.yml, the agenda taken from its headlines" \
        in made.stdout
    after = meeting.read_bytes()
    assert after.startswith(edited) and after.count(b"\nminutes:\n") == 1

    minutes = yaml.safe_load(after)["minutes"]
    assert minutes["status"] == "draft" and minutes["classification"] == "GREEN"
    items = minutes["items"]
    assert [(i["number"], i["title"], i.get("presenter")) for i in items] == [
        ("1", "Previous Meeting Minutes", None), ("2", "DCC Pandemic Update", "DCC"),
        ("3", "SEC Panel Reports", "SECAS"), ("4", "CH Returns Report – Workshop Outputs", "SECAS"),
        ("5", "PMR Report – September", "SECAS"), ("6", "Major Incident Review", "SECAS"),
        ("7", "CH and Network Evolution - Cost Benefit Analysis Review", "DCC"), ("8", "AOB: tariffs", None)]
    assert [i["number"] for i in items[2]["items"]] == ["3.1", "3.2", "3.3"]
    assert [i.get("classification") for i in items] == [None] * 7 + ["AMBER"]
    assert items[1]["paragraphs"] == ["What was discussed, decided and actioned (to replace)"]
    assert minutes["next_meetings"] == [{"type": "main", "date": dt.date(2021, 2, 2)},
                                        {"type": "reporting", "date": dt.date(2021, 2, 22)}]

    # Draft minutes may keep the placeholders: nothing is published of them yet.
    assert headlines(project, "validate").returncode == 0
    again = headlines(project, "new", "minutes", "--committee", "OPSG", "--date", "2021-01-25", "--number", "41")
    assert again.returncode == 1 and "exists already, with its minutes" in again.stderr
    assert meeting.read_bytes() == after

    # A meeting known from its minutes alone takes headlines the same way, with no agenda
    # copied: a GREEN item's title would be published as WHITE.
    minutes_only = project / "data/meetings/opsg/2020/OPSG_35x.yml"
    kept = minutes_only.read_bytes()
    added = headlines(project, "new", "meeting", "--committee", "OPSG", "--date", "2020-08-24", "--number", "35x")
    assert added.returncode == 0, added.stderr
    assert minutes_only.read_bytes().startswith(kept)
    scaffold = yaml.safe_load(minutes_only.read_bytes())["headlines"]
    assert scaffold["items"][0]["title"] == "Agenda item title (to replace)"
    refused = headlines(project, "validate")
    assert refused.returncode == 1 and "OPSG_35x.yml" in refused.stderr and "headlines.items[0].title" in refused.stderr


def test_validate_lists_every_problem_of_the_hand_written_pages_too(tmp_path: Path) -> None:
    """What the build would refuse in content/, one problem at a time, validate lists at once,
    so that the pre-commit hook catches it: a page without a label, a file no page lists, a
    symbolic link, a listed file that is not there, front matter that is not YAML (which MkDocs
    would show as the page's text), a script in a page's text (one in backticks is code), a
    character a reader cannot see."""
    project = copy_project(tmp_path / "project")
    edit(project, "mkdocs.yml", "not_in_nav: |\n", "not_in_nav: |\n  /*.md\n")  # reached by links: in no menu
    content = project / "content"
    (content / "draft.md").write_text("---\ntitle: Draft\n---\n\n# Draft\n")
    (content / "guide").mkdir()
    (content / "guide" / "unlisted.pdf").write_bytes(b"%PDF-1.4")
    (content / "guide" / "linked.pdf").symlink_to(project / "mkdocs.yml")
    (content / "guide.md").write_text("---\nclassification: GREEN\nfiles: [guide/missing.pdf]\n---\n\n# Guide\n")
    (content / ".notes.txt").write_text("left out, as MkDocs leaves out dot-files")
    (content / "notes.md").write_text("---\nclassification: WHITE\ntitle: Notes: week 1\n---\n\n# Notes\n")
    (content / "counted.md").write_text("---\nclassification: WHITE\n---\n\n# Counted\n\nShown as code: "
                                        "`<script>`.\n\n<script src='count.js'></script>\n")
    (content / "styled.md").write_text("---\nclassification: WHITE\n---\n\n# Styled\n\nShown as code: "
                                       '`style="x"`.\n\nRed text.\n{ style="color: red" }\n')
    (content / "pasted.md").write_text("---\nclassification: WHITE\n---\n\n# Pasted\n\nAn instal\u00adlation.\n")
    result = headlines(project, "validate")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "8 problems:",
        "  content/draft.md:1:1: classification: the required field 'classification' is missing; allowed: WHITE "
        "(or CLEAR), GREEN, AMBER, AMBER+STRICT, RED. Every hand-written page states its label in front matter, like "
        "'classification: WHITE'",
        "  content/guide.md:1:1: files: found 'guide/missing.pdf', which is no file in content/ (looked for "
        "guide/missing.pdf); allowed: the path of a file there, from the page's folder",
        "  content/notes.md:3:13: the front matter: the YAML does not parse: mapping values are not allowed in this "
        "context; allowed: text with ': ' in it, in quotes (\"Notes: week 1\"). Every hand-written page states its "
        "label in front matter, like 'classification: WHITE'",
        "  content/pasted.md:7:10: found an invisible formatting character, U+00AD SOFT HYPHEN, after 'An instal' "
        "(text pasted from a PDF or a word processor often brings one); allowed: characters a reader sees: delete it",
        f"  content/guide/linked.pdf: a symbolic link (to {project}/mkdocs.yml), which the build would follow to copy "
        "whatever it points at; allowed: the file itself",
        "  content/guide/unlisted.pdf: a file beside the hand-written pages that no page lists, so it has no label; "
        "allowed: its path under 'files:' in the front matter of the page that links it (the file takes that page's "
        "label), or, for a paper's appendix, an attachment's 'file' in data/papers/",
        "  content/counted.md:9: found a script in the page's text (\"<script src='count.js'>\"); allowed: none. A "
        "page's text is shown, never run: a script goes in theme/overrides/assets/, loaded by a template",
        "  content/styled.md:10: found a style in the page's text ('<p style=\"color: red\"'); allowed: none, as the "
        "page's policy applies no style attribute and no style element but the theme's. A style goes in "
        "theme/overrides/assets/headlines.css, given to an element by a class ('{ .name }' after it, with attr_list)",
    ], result.stderr


def test_validate_names_a_page_in_no_menu_a_link_to_a_page_a_site_lacks_and_a_quote_above_its_ceiling(
        tmp_path: Path) -> None:
    """Each fails the build (MkDocs warns of a page in no menu and of a link to no page or file,
    and the build is strict; the leak check finds GREEN text quoted in a WHITE page, the data's
    or a GREEN page's, and a WHITE page's link to a GREEN page, whose address names the
    document), and validate, which said the pages were valid, names it, at its line. A file
    a GREEN page lists too is GREEN, so a WHITE page's link to it leads nowhere on the public
    site. Mended, both sites build."""
    project = copy_project(tmp_path / "project")
    (project / "content" / "news").mkdir()
    (project / "content" / "news" / "index.md").write_text(
        "---\nclassification: WHITE\ntitle: News\nfiles: [../guide/handbook.pdf]\n---\n\n# News\n\n"
        "The [summary](../papers/opsg/2021/opsg-49-2405-03.md)"
        " and [the group](../committees/opsg.md#next-meetings) of the [January meeting][jan]; [about](../about.md), "
        "[elsewhere](https://example.org/notes.md).\n\n[jan]: ../meetings/opsg/2021/opsg-41-2501.md\n\n"
        "As the minutes put it, the DCC is to investigate and resolve the apparent discrepancy between the two "
        "DCC-sourced reports.\n\nThe [handbook](../guide/handbook.pdf) says each User forecasts its requests "
        "monthly.\n")
    (project / "content" / "guide").mkdir()
    (project / "content" / "guide" / "handbook.pdf").write_bytes(b"%PDF-1.4 the handbook")
    (project / "content" / "guide.md").write_text(
        "---\nclassification: GREEN\nfiles: [guide/handbook.pdf]\n---\n\n# Guide\n\n"
        "The [summary](papers/opsg/2021/opsg-49-2405-03.md).\n\nEach User forecasts its requests monthly.\n")
    edit(project, "mkdocs.yml", "  - About: about.md\n", "  - About: about.md\n  - Guide: guide.md\n")
    result = headlines(project, "validate")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "6 problems:",
        "  content/news/index.md: a page the menu does not list; allowed: an entry under 'nav:' in mkdocs.yml, which "
        "both sites read (like '- News: news/index.md'), or its path under 'not_in_nav:' there, for a page reached "
        "by links only",
        "  content/news/index.md:9: found a link to ../papers/opsg/2021/opsg-49-2405-03.md, a page the Public site "
        "does not have: only the SEC Parties site has it, above the Public site's ceiling; allowed: a link to a page "
        "or file of each site that carries this one",
        "  content/news/index.md:9: found a link to ../committees/opsg.md, a page neither site has; allowed: a link "
        "to a page or file of each site that carries this one",
        "  content/news/index.md:15: found a link to ../guide/handbook.pdf, a file the Public site does not have: "
        "only the SEC Parties site has it, above the Public site's ceiling; allowed: a link to a page or file of "
        "each site that carries this one",
        "  content/news/index.md:13: found GREEN text of OPSG_35x.minutes.items[1].action_reviews[0] ('and resolve "
        "the apparent discrepancy between the two') in a page the Public site carries; allowed: text that site may "
        "show (WHITE): raise the page's label, or take the passage out (the site's leak check fails on it)",
        "  content/news/index.md:15: found GREEN text of hand-written page guide.md ('each user forecasts its "
        "requests monthly') in a page the Public site carries; allowed: text that site may show (WHITE): raise the "
        "page's label, or take the passage out (the site's leak check fails on it)"], \
        result.stderr
    for audience in ("public", "sec-parties"):  # as the build finds them
        assert build(project, audience, tmp_path / audience).returncode != 0
    edit(project, "content/news/index.md", "The [summary](../papers/opsg/2021/opsg-49-2405-03.md)", "The summary")
    edit(project, "content/news/index.md", "investigate and resolve the apparent discrepancy between the two",
         "look into the two")
    edit(project, "content/news/index.md", "../committees/opsg.md#", "../committees/opsg/index.md#")
    edit(project, "content/news/index.md", "\n\nThe [handbook](../guide/handbook.pdf) says each User forecasts its "
         "requests monthly.\n", "\n")
    edit(project, "content/news/index.md", "files: [../guide/handbook.pdf]\n", "")
    edit(project, "mkdocs.yml", "  - Guide: guide.md\n", "  - Guide: guide.md\n  - News: news/index.md\n")
    assert headlines(project, "validate").returncode == 0
    for audience in ("public", "sec-parties"):
        built = build(project, audience, tmp_path / audience)
        assert built.returncode == 0, built.stderr
    assert 'href="../committees/opsg/#next-meetings"' in (tmp_path / "public" / "news/index.html").read_text()


def refused_about(project: Path, added: str) -> tuple[list[str], list[str]]:
    """``content/about.md`` with ``added`` at its end, which validate refuses: the page's lines,
    and what validate says, line by line."""
    page = project / "content" / "about.md"
    page.write_text(page.read_text() + added)
    result = headlines(project, "validate")
    assert result.returncode == 1, result.stderr
    return page.read_text().splitlines(), result.stderr.splitlines()


def test_validate_names_a_link_to_a_green_page_once_and_the_id_in_text_at_its_own_line(tmp_path: Path) -> None:
    """A WHITE page's links to a GREEN paper (twice, once to a section) are one problem, at the
    first; the paper's ID in their addresses is theirs, not a quote too. The ID written in the
    text, on a line of its own, is a quote, named at that line."""
    project = copy_project(tmp_path / "project")
    lines, said = refused_about(project, "\nSee [the summary](papers/opsg/2021/opsg-49-2405-03.md).\n\nAnd [its "
                                "annex](papers/opsg/2021/opsg-49-2405-03.md#annex-1),\nwhich OPSG_49_2405_03 gives.\n")
    assert said == [
        "2 problems:",
        f"  content/about.md:{lines.index('See [the summary](papers/opsg/2021/opsg-49-2405-03.md).') + 1}: found a "
        "link to papers/opsg/2021/opsg-49-2405-03.md, a page the Public site does not have: only the SEC Parties site "
        "has it, above the Public site's ceiling; allowed: a link to a page or file of each site that carries this one",
        f"  content/about.md:{lines.index('which OPSG_49_2405_03 gives.') + 1}: found GREEN text of OPSG_49_2405_03 "
        "('opsg 49 2405 03') in a page the Public site carries; allowed: text that site may show (WHITE): raise the "
        "page's label, or take the passage out (the site's leak check fails on it)"], said


def test_validate_reads_a_pages_description_as_the_theme_writes_it(tmp_path: Path) -> None:
    """Material writes a page's front matter 'description' into its head, where the public
    build's leak check reads it: validate finds GREEN text there too, at its line."""
    project = copy_project(tmp_path / "project")
    edit(project, "content/about.md", "title: About this site\n", "title: About this site\ndescription: The DCC is to "
         "investigate and resolve the apparent discrepancy between the two DCC-sourced reports.\n")
    result = headlines(project, "validate")
    assert result.returncode == 1
    assert result.stderr.splitlines()[1:] == [
        "  content/about.md:4: found GREEN text of OPSG_35x.minutes.items[1].action_reviews[0] ('and resolve the "
        "apparent discrepancy between the two') in a page the Public site carries; allowed: text that site may show "
        "(WHITE): raise the page's label, or take the passage out (the site's leak check fails on it)"], result.stderr
    built = build(project, "public", tmp_path / "public")
    assert built.returncode != 0 and "about/index.html: holds GREEN text of OPSG_35x" in built.stderr


def test_a_green_pages_front_matter_title_quoted_in_a_white_page_is_found(tmp_path: Path) -> None:
    """A GREEN page's title, given in its front matter only, is its text as its body is: a WHITE
    page quoting it fails the public build, and validate names it first."""
    project = copy_project(tmp_path / "project")
    (project / "content" / "guide.md").write_text("---\nclassification: GREEN\ntitle: Forecasting remedies under "
                                                   "negotiation\n---\n\nThe body of the guide.\n")
    edit(project, "mkdocs.yml", "  - About: about.md\n", "  - About: about.md\n  - Guide: guide.md\n")
    lines, said = refused_about(project, "\nAs in Forecasting remedies under negotiation.\n")
    assert said[1:] == [
        f"  content/about.md:{len(lines)}: found GREEN text of hand-written page guide.md "
        "('forecasting remedies under negotiation') in a page the Public site carries; allowed: text that site may "
        "show (WHITE): raise the page's label, or take the passage out (the site's leak check fails on it)"], said
    built = build(project, "public", tmp_path / "public")
    assert built.returncode != 0
    assert "about/index.html: holds GREEN text of hand-written page guide.md: 'forecasting remedies" in built.stderr
    assert build(project, "sec-parties", tmp_path / "parties").returncode == 0


def test_validate_names_each_link_mkdocs_warns_of(tmp_path: Path) -> None:
    """The strict build fails on each link MkDocs warns of: validate names them all, as MkDocs
    reads them, with the page file meant where MkDocs would guess it. Links to the build's own
    files (the feed, the calendar), the theme's (its icon) and a section pass, as they build."""
    project = copy_project(tmp_path / "project")
    page = project / "content" / "about.md"
    links = ("[search](/search/), [again](search/), [the feed](feed.xml), [missing](missing.pdf), "
             "[calendar](calendar.ics), [icon](assets/images/favicon.png), [section](#classification), "
             "[mail](someone@example.org), [glossary](glossary/index.html).")
    lines, said = refused_about(project, f"\n{links}\n")
    line = len(lines)
    assert said == [
        "5 problems:",
        f"  content/about.md:{line}: found a link to /search/, an absolute address, which MkDocs leaves as it is, so "
        "it leads elsewhere where the site is not at the root of its host; allowed: a link to the page's file, from "
        "this page's folder ('search.md')",
        f"  content/about.md:{line}: found a link to search/, the address of a page, which MkDocs leaves as it is; "
        "allowed: a link to the page's file, from this page's folder ('search.md')",
        f"  content/about.md:{line}: found a link to missing.pdf, a file neither site has; allowed: a link to a page "
        "or file of each site that carries this one",
        f"  content/about.md:{line}: found a link to someone@example.org, an e-mail address, which MkDocs reads as a "
        "file's; allowed: 'mailto:someone@example.org'",
        f"  content/about.md:{line}: found a link to glossary/index.html, a file neither site has; allowed: a link to "
        "a page or file of each site that carries this one"], said
    built = build(project, "public", tmp_path / "public")
    assert built.returncode != 0
    assert len([message for message in built.stderr.splitlines() if message.startswith("WARNING")]) == 5
    page.write_text(page.read_text().replace(links, "[search](search.md), [glossary](glossary.md), "
                                                    "[the feed](feed.xml), [mail](mailto:someone@example.org)."))
    assert headlines(project, "validate").returncode == 0
    built = build(project, "public", tmp_path / "public")
    assert built.returncode == 0, built.stderr


def test_validate_names_each_link_to_a_section_a_page_lacks_on_a_site(tmp_path: Path) -> None:
    """MkDocs warns of a link to a section a page does not have (``anchors: warn``), which fails
    the strict build: validate names each, on each site, the generated pages rendered for their
    sections. A GREEN agenda item's section is on the SEC Parties site's page only."""
    project = copy_project(tmp_path / "project")
    edit(project, "data/meetings/opsg/2021/OPSG_41_2501.yml", "      title: DCC Pandemic Update\n",
         "      title: DCC Pandemic Update\n      classification: GREEN\n")
    lines, said = refused_about(project, "\nThe [pandemic](meetings/opsg/2021/opsg-41-2501.md#h-2), the [reports]"
                                "(meetings/opsg/2021/opsg-41-2501.md#h-3),\nthe [next meetings](committees/opsg/"
                                "index.md#next-meeting), and [the labels](#clasification) [of this page]"
                                "(#classification).\n")
    assert said == [
        "3 problems:",
        f"  content/about.md:{len(lines) - 1}: found a link to meetings/opsg/2021/opsg-41-2501.md#h-2, a section the "
        "page does not have on the Public site; allowed: a section of it, by its heading's link",
        f"  content/about.md:{len(lines)}: found a link to committees/opsg/index.md#next-meeting, a section the "
        "page does not have on the Public site; allowed: a section of it, by its heading's link (did you mean "
        "'#next-meetings'?)",
        f"  content/about.md:{len(lines)}: found a link to #clasification, a section this page does not have on the "
        "Public site; allowed: a section of it, by its heading's link (did you mean '#classification'?)"], said
    public = build(project, "public", tmp_path / "public")
    assert public.returncode != 0
    assert len([line for line in public.stderr.splitlines() if "does not contain an anchor" in line
                or "no such anchor" in line]) == 3, public.stderr
    parties = build(project, "sec-parties", tmp_path / "parties")
    assert len([line for line in parties.stderr.splitlines() if "does not contain an anchor" in line
                or "no such anchor" in line]) == 2, parties.stderr


def test_validate_names_an_image_a_site_lacks(tmp_path: Path) -> None:
    """An image a WHITE page shows, listed by a GREEN page too, is GREEN: the public site lacks
    it, and MkDocs warns of the image as of a link, which fails the strict build. validate
    names it at the image's line, not at the front matter that lists it."""
    project = copy_project(tmp_path / "project")
    (project / "content" / "guide").mkdir()
    (project / "content" / "guide" / "chart.png").write_bytes(b"\x89PNG a chart")
    (project / "content" / "guide.md").write_text(
        "---\nclassification: GREEN\nfiles: [guide/chart.png]\n---\n\n# Guide\n\n![A chart](guide/chart.png)\n")
    edit(project, "content/about.md", "title: About this site\n", "title: About this site\nfiles: [guide/chart.png]\n")
    (project / "content" / "about.md").write_text((project / "content" / "about.md").read_text()
                                                   + "\n![Reports by month](guide/chart.png)\n")
    edit(project, "mkdocs.yml", "  - About: about.md\n", "  - About: about.md\n  - Guide: guide.md\n")
    result = headlines(project, "validate")
    assert result.returncode == 1
    line = (project / "content" / "about.md").read_text().splitlines().index("![Reports by month](guide/chart.png)") + 1
    assert result.stderr.splitlines() == [
        "1 problem:",
        f"  content/about.md:{line}: found a link to guide/chart.png, a file the Public site does not have: only the "
        "SEC Parties site has it, above the Public site's ceiling; allowed: a link to a page or file of each site "
        "that carries this one"], result.stderr
    built = build(project, "public", tmp_path / "public")
    assert built.returncode != 0 and "'guide/chart.png', but the target is not found" in built.stderr


def test_validate_reads_the_hand_written_pages_as_the_build_does(tmp_path: Path) -> None:
    """Files that MkDocs leaves out (``exclude_docs``, dot-files, ``templates/``) are no problem
    to validate either: it reads the folder with MkDocs's own walk and exclusions."""
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("strict: true\n", "strict: true\nexclude_docs: |\n  drafts/\n"))
    for folder in ("drafts", "templates", ".notes"):
        (project / "content" / folder).mkdir()
        (project / "content" / folder / "wip.md").write_text("# Not labelled yet\n")
        (project / "content" / folder / "figures.pdf").write_bytes(b"%PDF-1.4")
    result = headlines(project, "validate")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    built = build(project, "public", site)
    assert built.returncode == 0, built.stderr
    assert not [p for p in site.rglob("*") if "wip" in p.name or "figures" in p.name]
    (config).write_text(config.read_text().replace("exclude_docs: |\n  drafts/\n", ""))
    result = headlines(project, "validate")
    assert result.returncode == 1
    assert sorted(line.split(":")[0] for line in result.stderr.splitlines()[1:]) == [
        "  content/drafts/figures.pdf", "  content/drafts/wip.md", "  content/drafts/wip.md"], result.stderr
    assert "content/drafts/wip.md: a page the menu does not list" in result.stderr


def test_validate_lists_every_problem_with_its_place(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    headlines_file = project / "data/meetings/opsg/2021/OPSG_41_2501.yml"
    headlines_file.write_text(headlines_file.read_text().replace("type: main", "type: mian")
                              .replace("  classification: WHITE", "  classification: WHTIE")
                              .replace("date: 2021-01-25\n", "date: 2021-02-30\n"))
    paper = project / "data/papers/opsg/2021/OPSG_49_2405_03.yml"
    paper.write_text(paper.read_text().replace("purpose: For Decision", "purpose: For Decision\nowner: SECAS"))
    result = headlines(project, "validate")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "5 problems:"  # the typo hits the meeting type and a next-meeting type
    # A date that does not exist is found while reading, and hides none of the file's other
    # problems; it is reported once, in its own words.
    assert [line for line in lines if ":6:7: " in line] == [
        "  data/meetings/opsg/2021/OPSG_41_2501.yml:6:7: date: found '2021-02-30', which is not a real date "
        "(day is out of range for month); allowed: a real date as YYYY-MM-DD "
        "(text that only looks like a date goes in quotes)"]
    assert any(line.startswith("  data/meetings/opsg/2021/OPSG_41_2501.yml:5:7: type: found 'mian'") for line in lines)
    assert any(line.startswith("  data/meetings/opsg/2021/OPSG_41_2501.yml:11:19: headlines.classification: "
                               "found 'WHTIE'") for line in lines)
    assert any(line.startswith("  data/papers/opsg/2021/OPSG_49_2405_03.yml:9:1: owner: found the unknown field")
               for line in lines)
    only_paper = headlines(project, "validate", "data/papers/opsg/2021/OPSG_49_2405_03.yml")
    assert only_paper.returncode == 1 and only_paper.stderr.startswith("1 problem:")


def test_a_file_its_schema_refuses_still_has_its_place_checked(tmp_path: Path) -> None:
    """A file's place (its name the ID, its folders the committee and year, a meeting's date the
    one its ID names) is checked from its ID, committee and date even where a field elsewhere
    in it is wrong, so the editor is told both in one run. A field of the three that is wrong
    itself is reported alone, never guessed at."""
    project = copy_project(tmp_path / "project")
    meeting = project / "data/meetings/opsg/2021/OPSG_41_2501.yml"
    meeting.write_text(meeting.read_text().replace("\ntype: main", "\ntype: mian").replace("date: 2021-01-25\n",
                                                                                      "date: 2021-01-26\n"))
    paper = project / "data/papers/opsg/2021/OPSG_49_2405_03.yml"
    moved = project / "data/papers/opsg/2020/OPSG_49_2405_03.yml"
    moved.parent.mkdir()
    moved.write_text(paper.read_text().replace("purpose: For Decision", "purpose: For Decision\nowner: SECAS"))
    paper.unlink()
    result = headlines(project, "validate")
    assert result.returncode == 1
    assert result.stderr.splitlines()[1:] == [
        "  data/meetings/opsg/2021/OPSG_41_2501.yml:5:7: type: found 'mian' (did you mean 'main'?); "
        "allowed: main, reporting, extraordinary",
        "  data/meetings/opsg/2021/OPSG_41_2501.yml:6:7: date: found 2021-01-26, but the ID OPSG_41_2501 says day 25 "
        "month 01; allowed: the date the ID names",
        "  data/papers/opsg/2020/OPSG_49_2405_03.yml:7:7: date: found the date 2021-05-17 in the folder '2020'; "
        "allowed: a file under 2021/",
        "  data/papers/opsg/2020/OPSG_49_2405_03.yml:9:1: owner: found the unknown field 'owner'; allowed: "
        "classification, declassified, publish_after, id, committee, title, date, formerly, purpose, authors, "
        "sections, recommendations, reports, attachments, annexes"]

    meeting.write_text(meeting.read_text().replace("date: 2021-01-26\n", "date: 26 January 2021\n"))
    result = headlines(project, "validate", "data/meetings/opsg/2021/OPSG_41_2501.yml")
    assert [line.split(": ")[1] for line in result.stderr.splitlines()[1:]] == ["type", "date"], result.stderr
    assert "says day" not in result.stderr


def test_a_file_its_schema_refuses_has_its_own_checks_made_on_the_rest(tmp_path: Path) -> None:
    """A document's own checks (an item's number once, a next meeting after it) are made in the
    same run as its schema's, on all the schema accepts: an agenda item with a misspelt field
    is left out of them, not the whole file, so the editor is told of a repeated number beside
    it at once, not after mending it. Each is told at its own place in the file: the entries
    after one left out keep their indices."""
    project = copy_project(tmp_path / "project")
    meeting = project / "data/meetings/opsg/2021/OPSG_41_2501.yml"
    meeting.write_text(meeting.read_text().replace("      title: DCC Pandemic Update\n",
                                                   "      title: DCC Pandemic Update\n      presentr: DCC\n")
                       .replace('    - number: "8"\n', '    - number: "6"\n').replace("      date: 2021-02-02\n",
                                                                                    "      date: 2021-01-20\n"))
    result = headlines(project, "validate")
    assert result.returncode == 1
    assert [line.split(" found ")[0] for line in result.stderr.splitlines()] == [
        "3 problems:",
        "  data/meetings/opsg/2021/OPSG_41_2501.yml:18:7: headlines.items[0].presentr:",
        "  data/meetings/opsg/2021/OPSG_41_2501.yml:133:15: headlines.items[6].number:",
        "  data/meetings/opsg/2021/OPSG_41_2501.yml:145:13: headlines.next_meetings[0].date:"], result.stderr
    assert "the number '6' a second time in headlines (first at line 111)" in result.stderr

    meeting.write_text(meeting.read_text().replace("      presentr: DCC\n", ""))
    result = headlines(project, "validate")  # mended: the rest as told
    assert result.stderr.startswith("2 problems:") and "items[6].number" in result.stderr, result.stderr

    meeting.write_text(meeting.read_text().replace("\ntype: main", "\ntype: mian"))
    result = headlines(project, "validate")  # a field the meeting needs refused: its place alone is checked
    assert result.stderr.startswith("1 problem:") and "type: found 'mian'" in result.stderr, result.stderr


def test_validate_on_github_shows_each_problem_on_its_line(tmp_path: Path) -> None:
    """CI runs ``validate --github``: each problem is also a workflow command, which GitHub shows
    on the file's line in the pull request. Text from the data is escaped as the runner reads
    it ('%' as '%25'; a line break would end the command and start another)."""
    project = copy_project(tmp_path / "project")
    edit(project, "data/meetings/opsg/2021/OPSG_41_2501.yml", "\ntype: main\n", '\ntype: "100%, main"\n')
    result = headlines(project, "validate", "--github")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [  # as without --github
        "1 problem:", "  data/meetings/opsg/2021/OPSG_41_2501.yml:5:7: type: found '100%, main'; allowed: main, "
        "reporting, extraordinary"]
    assert result.stdout.splitlines() == ["::error file=data/meetings/opsg/2021/OPSG_41_2501.yml,line=5,col=7,"
                                          "title=type::found '100%25, main'; allowed: main, reporting, extraordinary"]
    problem = DataError("data/a,b.yml", 3, None, "a:b", "found 'x'\n::warning::y")
    assert problem.github_annotation() == "::error file=data/a%2Cb.yml,line=3,title=a%3Ab::found 'x'%0A::warning::y"
    run = workflow_step("check", "headlines validate")["run"]
    calls = re.findall(r"headlines validate[^\n]*", run)
    assert calls and all("--github" in call for call in calls), calls
    assert run.index("headlines validate") < run.index("scripts/build.sh")  # a build would stop first, unannotated


def _minutes(mid: str, date: str, item: str) -> str:
    return (f"id: {mid}\ncommittee: OPSG\ntype: main\ndate: {date}\nstart: \"10:00\"\nend: \"12:00\"\n"
            "minutes:\n  classification: GREEN\n  status: approved\n  items:\n    - number: \"1\"\n"
            f"      title: Actions\n{item}")


def test_a_meeting_that_does_not_read_is_reported_once_not_in_every_action_it_raised(tmp_path: Path) -> None:
    """A later meeting reviews the actions an earlier one raised. When the earlier file does not
    read, its own problem is reported, not also every review of its actions as 'unknown'."""
    project = copy_project(tmp_path / "project")
    folder = project / "data/meetings/opsg/2021"
    raising = folder / "OPSG_42_0802.yml"
    raising.write_text(_minutes("OPSG_42_0802", "2021-02-08", "      actions:\n"
                                "        - {id: OPSG 42/01, owner: DCC, text: The DCC to report.}\n"
                                "        - {id: OPSG 42/02, owner: DCC, text: The DCC to report again.}\n"))
    (folder / "OPSG_43_0803.yml").write_text(_minutes("OPSG_43_0803", "2021-03-08", "      action_reviews:\n"
                                                       "        - {action: OPSG 42/01, status: open}\n"
                                                       "        - {action: OPSG 42/02, status: closed}\n"
                                                       "        - {action: OPSG 40/07, status: closed}\n"))
    unknown = "an action no data raises"
    first = headlines(project, "validate")
    assert first.returncode == 1 and first.stderr.startswith("1 problem:"), first.stderr
    assert "OPSG_43_0803.yml:16:20: minutes.items[0].action_reviews[2].action: found an update to 'OPSG 40/07', " \
           f"{unknown}" in first.stderr  # no meeting in the data raises it: reported
    raising.write_text(raising.read_text().replace("type: main", "type: mian"))
    second = headlines(project, "validate")
    assert second.returncode == 1 and second.stderr.startswith("2 problems:"), second.stderr
    assert "OPSG_42_0802.yml:3:7: type: found 'mian'" in second.stderr
    assert second.stderr.count(unknown) == 1 and "'OPSG 40/07'" in second.stderr


def test_publish_with_broken_data_leaves_the_published_sites_alone(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    out = tmp_path / "out"
    assert headlines(project, "publish", "--out", str(out)).returncode == 0
    before = {name: tree_digest(out / name) for name in ("public", "parties")}
    broken = project / "data/papers/opsg/2021/OPSG_49_2405_03.yml"
    broken.write_text(broken.read_text().replace("classification: GREEN", "classification: GREN", 1))
    result = headlines(project, "publish", "--out", str(out))
    assert result.returncode == 1
    assert "classification: found 'GREN'" in result.stderr and "nothing was published" in result.stderr
    assert {name: tree_digest(out / name) for name in ("public", "parties")} == before
    assert sorted(p.name for p in out.iterdir()) == ["parties", "public"]


@pytest.mark.parametrize("exchange", [True, False], ids=["in one step", "where the system cannot"])
def test_a_server_reading_during_a_swap_finds_a_whole_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           exchange: bool) -> None:
    """A new build takes the old one's place (``publish``, and every ``mkdocs build``). Where
    Linux can, the two folders change places in one step, and a server reading all the while
    (another process, on the other core) never finds the site missing; else two renames, and
    the old site gone after. Either way, nothing but the new site is left."""
    if not exchange:
        monkeypatch.setattr(staging, "_exchange", lambda a, b: False)
    site = tmp_path / "public"
    site.mkdir()
    (site / "index.html").write_text("0")
    with read_all_along(site / "index.html") as counts:
        for n in range(1, 301):
            built = staging.make_staging(site)
            (built / "index.html").write_text(str(n))
            staging.swap_into_place(built, site)
    looks, misses = counts
    assert (site / "index.html").read_text() == "300"
    assert [p.name for p in tmp_path.iterdir()] == ["public"]
    assert looks > 1000
    if exchange:
        assert misses == 0, f"{misses} of {looks} looks found no site"


def test_rename_gives_a_document_a_new_id_and_keeps_its_old_address(tmp_path: Path) -> None:
    """The file moves to its new ID, its 'id' changes and the old ID joins its 'formerly', the
    rest of the file as written; renamed back, the list holds the other ID only. The lines
    that still name the old ID are listed. A paper's folder of attachment files moves with
    it. The data validates and builds each time."""
    project = copy_project(tmp_path / "project")
    meetings = project / "data/meetings/opsg/2021"
    original = (meetings / "OPSG_41_2501.yml").read_text()
    edit(project, "data/papers/opsg/2021/OPSG_49_2405_03.yml", "highlighted to the\n        Panel.",
         "highlighted to the\n        Panel, as OPSG 41_2501 asked (not OPSG_41_25011).")
    done = headlines(project, "rename", "OPSG 41_2501", "OPSG_40_2501")
    assert done.returncode == 0, done.stderr
    assert done.stdout == ("Renamed data/meetings/opsg/2021/OPSG_41_2501.yml to "
                           "data/meetings/opsg/2021/OPSG_40_2501.yml. Its old address will lead to its page "
                           "(formerly: [OPSG_41_2501]). Run 'headlines validate'.\n"
                           "These lines still name OPSG_41_2501, which links to its page through 'formerly'. Change "
                           "those that should read OPSG_40_2501 (a record of what was said may keep the ID it gave):\n"
                           "  data/papers/opsg/2021/OPSG_49_2405_03.yml:24: Panel, as OPSG 41_2501 asked (not "
                           "OPSG_41_25011).\n")
    assert not (meetings / "OPSG_41_2501.yml").exists()
    assert (meetings / "OPSG_40_2501.yml").read_text() == original.replace(
        "id: OPSG_41_2501\n", "id: OPSG_40_2501\nformerly: [OPSG_41_2501]\n")
    assert headlines(project, "validate").returncode == 0
    back = headlines(project, "rename", "OPSG_40_2501", "OPSG_41_2501")
    assert back.returncode == 0, back.stderr
    assert (meetings / "OPSG_41_2501.yml").read_text() == original.replace(
        "id: OPSG_41_2501\n", "id: OPSG_41_2501\nformerly: [OPSG_40_2501]\n")
    windows = meetings / "OPSG_41_2501.yml"  # saved with Windows line ends, a note on the ID's line
    windows.write_bytes(windows.read_bytes().replace(b"\n", b"\r\n").replace(b"2501\r", b"2501  # a slip\r", 1))
    assert headlines(project, "rename", "OPSG_41_2501", "OPSG_39_2501").returncode == 0
    raw = (meetings / "OPSG_39_2501.yml").read_bytes()
    assert b"\r\nid: OPSG_39_2501  # a slip\r\nformerly: [OPSG_40_2501, OPSG_41_2501]\r\ncommittee: OPSG\r\n" in raw
    assert raw.count(b"\n") == raw.count(b"\r\n")
    assert headlines(project, "rename", "OPSG_39_2501", "OPSG_41_2501").returncode == 0

    papers = project / "data/papers/opsg/2021"
    (papers / "OPSG_49_2405_03").mkdir()
    (papers / "OPSG_49_2405_03/appendix-f.pdf").write_bytes(b"%PDF-1.4 F")
    appendix_f = "    title: DCC Reporting Responsible Communications Hub Returns Report\n    classification: GREEN\n"
    edit(project, "data/papers/opsg/2021/OPSG_49_2405_03.yml", appendix_f, f"{appendix_f}    file: appendix-f.pdf\n")
    edit(project, "data/papers/opsg/2021/OPSG_49_2405_03.yml", "id: OPSG_49_2405_03\n",
         "id: OPSG_49_2405_03\nformerly:\n- OPSG_49_2405_01\n\n- OPSG_49_2405_02\n"
         "- {id: OPSG_49_2405_03, year: 2020}\n")
    done = headlines(project, "rename", "OPSG_49_2405_03", "OPSG_49_2405_04")
    assert done.returncode == 0, done.stderr
    assert "and its attachment files to data/papers/opsg/2021/OPSG_49_2405_04/" in done.stdout
    text = (papers / "OPSG_49_2405_04.yml").read_text()
    formerly = ("formerly: [OPSG_49_2405_01, OPSG_49_2405_02, {id: OPSG_49_2405_03, year: 2020}, "
                "OPSG_49_2405_03]")  # its address of another year kept, as written
    assert f"id: OPSG_49_2405_04\n{formerly}\n\ncommittee: OPSG\n" in text
    assert (papers / "OPSG_49_2405_04/appendix-f.pdf").read_bytes() == b"%PDF-1.4 F"
    assert not (papers / "OPSG_49_2405_03").exists()
    assert headlines(project, "validate").returncode == 0
    assert schema_problems(data_files(project / "data")) == []  # 'formerly' as the JSON Schemas have it
    site = tmp_path / "site"
    assert build(project, "sec-parties", site).returncode == 0
    assert (site / "papers/opsg/2021/opsg-49-2405-04/appendix-f.pdf").is_file()
    for old in ("opsg-49-2405-01", "opsg-49-2405-02", "opsg-49-2405-03"):
        assert 'url=../opsg-49-2405-04/"' in (site / f"papers/opsg/2021/{old}/index.html").read_text()
    assert 'url=../../2021/opsg-49-2405-04/"' in (site / "papers/opsg/2020/opsg-49-2405-03/index.html").read_text()


def test_a_renamed_meetings_papers_stay_its_papers(tmp_path: Path) -> None:
    """A paper's ID names its meeting: when the meeting is given a new ID, the paper, which
    keeps its own, is still listed on the meeting's page, links to it, and is dated against
    it (the page listed no paper, and the paper's page named its meeting unlinked). The
    rename names the papers, with the command that gives each the new ID too."""
    project = copy_project(tmp_path / "project")
    made = headlines(project, "new", "paper", "--committee", "OPSG", "--meeting", "OPSG_41_2501", "--number", "2",
                     "--date", "2021-01-20", "--title", "Pandemic staffing")
    assert made.returncode == 0, made.stderr
    paper = project / "data/papers/opsg/2021/OPSG_41_2501_02.yml"
    paper.write_text(paper.read_text().replace(" (to replace)", ""))
    done = headlines(project, "rename", "OPSG_41_2501", "OPSG_40_2501")
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith(
        "Its papers keep their IDs, which name OPSG_41_2501, and its page lists them all the same. Rename any whose "
        "ID should name OPSG_40_2501 too:\n  headlines rename OPSG_41_2501_02 OPSG_40_2501_02\n")
    assert headlines(project, "validate").returncode == 0
    site = tmp_path / "site"
    assert build(project, "sec-parties", site).returncode == 0
    meeting_page = (site / "meetings/opsg/2021/opsg-40-2501/index.html").read_text()
    assert ('Papers for this meeting: <a href="../../../../papers/opsg/2021/opsg-41-2501-02/">OPSG_41_2501_02 '
            "Pandemic staffing</a>") in meeting_page
    paper_page = (site / "papers/opsg/2021/opsg-41-2501-02/index.html").read_text()
    assert 'for <a href="../../../../meetings/opsg/2021/opsg-40-2501/">OPSG_41_2501</a> of the' in paper_page
    edit(project, "data/papers/opsg/2021/OPSG_41_2501_02.yml", "date: 2021-01-20", "date: 2021-01-26")
    late = headlines(project, "validate")
    assert late.returncode == 1
    assert ("OPSG_41_2501_02.yml:5:7: date: found 2021-01-26, after the meeting it is for (OPSG_40_2501, on "
            "2021-01-25, in data/meetings/opsg/2021/OPSG_40_2501.yml)") in late.stderr


def test_new_refuses_a_meeting_number_its_committee_has_on_another_day(tmp_path: Path) -> None:
    """'new minutes --number 41' with a day off by one wrote OPSG_41_2601.yml beside
    OPSG_41_2501.yml, which 'validate' then refused: a meeting's number is its own."""
    project = copy_project(tmp_path / "project")
    before = tree_digest(project / "data")
    for number, date, holder in (("41", "2021-01-26", "data/meetings/opsg/2021/OPSG_41_2501.yml"),
                                 ("35x", "2021-01-26", "data/meetings/opsg/2020/OPSG_35x.yml")):
        made = headlines(project, "new", "minutes", "--committee", "OPSG", "--date", date, "--number", number)
        assert (made.returncode, made.stderr) == (1, f"headlines: OPSG's meeting {number} is {Path(holder).stem} "
                                                     f"({holder}), held on another day; allowed: its date, or a number "
                                                     f"of its own (its actions' IDs, OPSG {number}/01, carry no day)\n")
    assert tree_digest(project / "data") == before


def test_new_refuses_a_meeting_number_out_of_its_committees_order(tmp_path: Path) -> None:
    """A committee numbers its meetings in the order they are held: '--number 14' for the
    meeting after 41 (a slip for 42) wrote a file whose actions' IDs, OPSG 14/01, are an old
    meeting's, and 'validate' then refused it. The message names the meeting it contradicts."""
    project = copy_project(tmp_path / "project")
    before = tree_digest(project / "data")
    for number, date, message in (
            ("14", "2021-02-08", "meeting 41 is OPSG_41_2501 (data/meetings/opsg/2021/OPSG_41_2501.yml), held on "
                                 "2021-01-25, before 2021-02-08; allowed: a number of 41 or more"),
            ("30", "2020-12-01", "meeting 35x is OPSG_35x (data/meetings/opsg/2020/OPSG_35x.yml), held on 2020-08-24, "
                                 "before 2020-12-01; allowed: a number from 35 to 41"),
            ("44", "2020-12-01", "meeting 41 is OPSG_41_2501 (data/meetings/opsg/2021/OPSG_41_2501.yml), held on "
                                 "2021-01-25, after 2020-12-01; allowed: a number from 35 to 41")):
        made = headlines(project, "new", "meeting", "--committee", "OPSG", "--date", date, "--number", number)
        assert (made.returncode, made.stderr) == (1, f"headlines: OPSG's {message} (OPSG numbers its meetings in the "
                                                     "order they are held)\n")
    assert tree_digest(project / "data") == before
    made = headlines(project, "new", "meeting", "--committee", "OPSG", "--date", "2020-12-01", "--number", "38")
    assert made.returncode == 0, made.stderr


def test_new_refuses_an_id_a_document_had_before(tmp_path: Path) -> None:
    """After a rename, the old ID is the document's former one, and its address leads to the
    document's page: 'new' refuses to make a document of that ID (the file was written, and
    'validate' then refused the renamed one), and says which document had it. A paper for
    the meeting under its old ID is made, and told where it will be listed."""
    project = copy_project(tmp_path / "project")
    assert headlines(project, "rename", "OPSG_41_2501", "OPSG_40_2501").returncode == 0
    before = tree_digest(project / "data")
    again = headlines(project, "new", "minutes", "--committee", "OPSG", "--date", "2021-01-25", "--number", "41")
    assert (again.returncode, again.stderr) == (1, "headlines: OPSG_41_2501 is a former ID of OPSG_40_2501 "
                                                   "(data/meetings/opsg/2021/OPSG_40_2501.yml); allowed: an ID no "
                                                   "document has had (--number 40 for OPSG_40_2501 itself)\n")
    assert tree_digest(project / "data") == before
    paper = headlines(project, "new", "paper", "--committee", "OPSG", "--meeting", "OPSG 41_2501", "--number", "2",
                      "--date", "2021-01-20")
    assert paper.returncode == 0, paper.stderr
    assert paper.stdout.endswith("OPSG_41_2501 is a former ID of OPSG_40_2501, whose page will list this paper (its "
                                 "ID may name OPSG_40_2501 instead: --meeting OPSG_40_2501).\n")
    assert headlines(project, "rename", "OPSG_41_2501_02", "OPSG_40_2501_02").returncode == 0
    taken = headlines(project, "new", "paper", "--committee", "OPSG", "--meeting", "OPSG_41_2501", "--number", "2",
                      "--date", "2021-01-20")
    assert (taken.returncode, taken.stderr) == (1, "headlines: OPSG_41_2501_02 is a former ID of OPSG_40_2501_02 "
                                                   "(data/papers/opsg/2021/OPSG_40_2501_02.yml); allowed: an ID no "
                                                   "document has had\n")


@pytest.mark.parametrize(("args", "status", "message"), [
    (["OPSG_41_2501", "OPSG_41_2601"], 1, "OPSG_41_2601 names day 26 month 01, but the meeting's date is "
                                          "2021-01-25: change its date first, or give the ID of that date"),
    (["OPSG_41_2501", "OPSG_35x"], 1, "data/meetings/opsg/2020/OPSG_35x.yml has the ID OPSG_35x already"),
    (["OPSG_41_2501", "OPSG_35x_2501"], 1, "OPSG's meeting 35x is OPSG_35x (data/meetings/opsg/2020/OPSG_35x.yml): "
                                           "give the meeting a number of its own"),
    (["OPSG_41_2501", "OPSG_34_2501"], 1, "OPSG's meeting 35x is OPSG_35x (data/meetings/opsg/2020/OPSG_35x.yml), "
                                          "held on 2020-08-24, before 2021-01-25; allowed: a number of 35 or more"),
    (["OPSG_41_2501", "XYZ_41_2501"], 1, "XYZ_41_2501 is of XYZ, no committee in data/committees.yml"),
    (["OPSG_40_2501", "OPSG_39_2501"], 1, "no file in data/meetings/ or data/papers/ is named OPSG_40_2501.yml"),
    (["OPSG_41_2501", "OPSG_41_2501_01"], 2, "which is not a meeting ID"),
    (["Panel paper 3", "OPSG_41_2501"], 2, "'Panel paper 3' is no meeting or paper ID"),
])
def test_rename_refuses_what_would_not_validate_and_changes_nothing(tmp_path: Path, args: list[str], status: int,
                                                                     message: str) -> None:
    project = copy_project(tmp_path / "project")
    before = tree_digest(project / "data")
    result = headlines(project, "rename", *args)
    assert result.returncode == status and message in result.stderr, result.stderr
    assert tree_digest(project / "data") == before


def test_json_schemas_in_the_repository_are_current() -> None:
    texts = schema_texts()
    for name, text in texts.items():
        committed = ROOT / "schemas" / name
        assert committed.is_file() and committed.read_text() == text, f"stale: run 'headlines schemas' ({name})"
    meeting = texts["meeting.schema.json"]
    assert '"description": "Panel Information Policy label' in meeting and '"additionalProperties": false' in meeting


def test_json_schemas_accept_the_shipped_data_and_read_in_an_editor() -> None:
    """The shipped files pass the JSON Schemas as an editor's checker reads them: a paragraph
    given as a plain string, a figure as the paper prints it ("2,112,776"), a percentage as
    text. Their patterns are JavaScript's as well as Python's (no inline flags such as
    '(?i)'), which is what VS Code's YAML extension runs them with."""
    assert schema_problems(data_files(ROOT / "data")) == []
    patterns = re.findall(r'"pattern": ("(?:[^"\\]|\\.)*")', "".join(schema_texts().values()))
    assert patterns and not [p for p in patterns if re.search(r"\(\?[a-zA-Z]", json.loads(p))]


def test_pre_commit_runs_the_real_commands() -> None:
    import yaml

    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    entries = [hook["entry"] for repo in config["repos"] for hook in repo["hooks"]]
    assert ".venv/bin/headlines validate" in entries
    assert ".venv/bin/headlines validate --since HEAD" in entries
    validate = next(hook for repo in config["repos"] for hook in repo["hooks"]
                    if hook["entry"] == ".venv/bin/headlines validate")
    for changed in ("data/papers/opsg/2021/OPSG_49_2405_03.yml", "content/guide/reporting-guide.pdf",
                    "theme/overrides/assets/guide.pdf"):
        assert re.match(validate["files"], changed), changed  # content/ and the theme's files are checked too


@pytest.mark.parametrize(("today", "published"), [("2021-06-30", False), ("2021-07-01", True)])
def test_embargo_holds_a_document_until_its_date(tmp_path: Path, today: str, published: bool) -> None:
    project = copy_project(tmp_path / "project")
    paper = project / "data/papers/opsg/2021/OPSG_49_2405_03.yml"
    paper.write_text(paper.read_text().replace("classification: GREEN\n", "classification: GREEN\npublish_after: 2021-07-01\n", 1))
    site = tmp_path / "site"
    # The sources' date (SOURCE_DATE_EPOCH, as a commit's would be): 1 June 2021.
    result = build(project, "sec-parties", site, env={"HEADLINES_TODAY": today, "SOURCE_DATE_EPOCH": "1622505600"})
    assert result.returncode == 0, result.stderr
    assert (site / "papers/opsg/2021/opsg-49-2405-03/index.html").exists() is published
    assert ("2,112,776" in search_text(site)) is published
    # The sitemap: the paper's page and the listings changed the day the embargo lifted.
    dates = sitemap_dates(site)
    paper_url = "https://parties.headlines.example.org/papers/opsg/2021/opsg-49-2405-03/"
    assert dates.get(paper_url) == ("2021-07-01" if published else None)
    assert dates["https://parties.headlines.example.org/"] == ("2021-07-01" if published else "2021-06-01")


def _build_dated_by_git(project: Path, audience: str, site: Path) -> subprocess.CompletedProcess[str]:
    """``build``, with no SOURCE_DATE_EPOCH from this process: the dates are the repository's."""
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / CONFIGS[audience]),
                           "-d", str(site)], cwd=project, capture_output=True, text=True, timeout=300,
                          env={k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"})


def test_last_updated_comes_from_git_with_a_fallback(tmp_path: Path, shipped_sites: dict[str, Path]) -> None:
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    assert build(project, "public", site).returncode == 0  # no git history: the meeting's own date
    assert "Last updated 25 January 2021" in (site / "meetings/opsg/2021/opsg-41-2501/index.html").read_text()
    assert sitemap_dates(site)["https://headlines.example.org/meetings/opsg/2021/opsg-41-2501/"] == "2021-01-25"
    env = {**os.environ, "GIT_COMMITTER_DATE": "2024-03-05T12:00:00", "GIT_AUTHOR_DATE": "2024-03-05T12:00:00"}
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run(["git", "add", "-A"], cwd=project, check=True)
    subprocess.run([*GIT, "commit", "-qm", "data"], cwd=project, check=True, env=env)
    # A later commit that changes no data file: pages show their data's date, the sitemap
    # dates every other page by the last commit.
    about = project / "content/about.md"
    about.write_text(about.read_text() + "\nA later paragraph.\n")
    later = {**os.environ, "GIT_COMMITTER_DATE": "2024-06-01T12:00:00", "GIT_AUTHOR_DATE": "2024-06-01T12:00:00"}
    subprocess.run([*GIT, "commit", "-qam", "about"], cwd=project, check=True, env=later)
    result = _build_dated_by_git(project, "public", site)
    assert result.returncode == 0, result.stderr
    assert "Last updated 5 March 2024" in (site / "meetings/opsg/2021/opsg-41-2501/index.html").read_text()
    assert sitemap_dates(site) == {**{url: "2024-06-01" for url in sitemap_dates(site)},
                                   "https://headlines.example.org/meetings/opsg/2021/opsg-41-2501/": "2024-03-05"}
    with gzip.open(site / "sitemap.xml.gz") as packed:
        assert packed.read() == (site / "sitemap.xml").read_bytes()
    assert gzip_mtime(site / "sitemap.xml.gz") == dt.datetime(2024, 6, 1, tzinfo=dt.timezone.utc).timestamp()


def test_last_updated_is_not_moved_by_a_mending_the_pages_do_not_show(tmp_path: Path) -> None:
    """A file written before dates needed their zeros (next meeting 2021-2-2, which YAML read as
    that date), mended since: the page showed the same before and after, so its date is the
    first commit's. Each earlier version is read as it was published, not by today's rules."""
    project = copy_project(tmp_path / "project")
    headlines = "data/meetings/opsg/2021/OPSG_41_2501.yml"
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    for day, old, new in (("2024-03-05", "date: 2021-02-02\n", "date: 2021-2-2\n"),
                          ("2024-06-01", "date: 2021-2-2\n", "date: 2021-02-02\n")):
        edit(project, headlines, old, new)
        when = {**os.environ, "GIT_COMMITTER_DATE": f"{day}T12:00:00", "GIT_AUTHOR_DATE": f"{day}T12:00:00"}
        subprocess.run(["git", "add", "-A"], cwd=project, check=True)
        subprocess.run([*GIT, "commit", "-qm", day], cwd=project, check=True, env=when)
    site = tmp_path / "site"
    result = _build_dated_by_git(project, "public", site)
    assert result.returncode == 0, result.stderr
    assert "Last updated 5 March 2024" in (site / "meetings/opsg/2021/opsg-41-2501/index.html").read_text()


def test_last_updated_counts_only_what_the_audience_sees(tmp_path: Path) -> None:
    """A change only SEC Parties see (a GREEN paragraph added to WHITE headlines) does not date
    the public page, its feed entry or its sitemap entry, nor the listings' (the home page);
    one neither site shows (an AMBER paragraph added to a GREEN paper) dates nothing on
    either; a WHITE change dates both. The same for the glossary's terms, which date the
    glossary page and the listings. Before, each page took the date of the last commit that
    touched its file, and the listings that of the last commit: the public site told when SEC
    Parties' material changed."""
    project = copy_project(tmp_path / "project")
    headlines, paper = "data/meetings/opsg/2021/OPSG_41_2501.yml", "data/papers/opsg/2021/OPSG_49_2405_03.yml"

    def commit(day: str, message: str) -> None:
        when = {**os.environ, "GIT_COMMITTER_DATE": f"{day}T12:00:00", "GIT_AUTHOR_DATE": f"{day}T12:00:00"}
        subprocess.run(["git", "add", "-A"], cwd=project, check=True)
        subprocess.run([*GIT, "commit", "-qm", message], cwd=project, check=True, env=when)

    def dated(audience: str) -> dict[str, str]:
        site = tmp_path / audience
        result = _build_dated_by_git(project, audience, site)
        assert result.returncode == 0, result.stderr
        meeting = (site / "meetings/opsg/2021/opsg-41-2501/index.html").read_text()
        entry = next(e for e in re.findall(r"<entry>.*?</entry>", (site / "feed.xml").read_text(), re.S)
                     if "opsg-41-2501" in e)
        dates = {"meeting": re.search(r"Last updated ([^<]+)", meeting).group(1),
                 "feed": re.search(r"<updated>(\d{4}-\d\d-\d\d)", entry).group(1),
                 "sitemap": next(d for url, d in sitemap_dates(site).items() if url.endswith("/opsg-41-2501/")),
                 "home": next(d for url, d in sitemap_dates(site).items() if url.endswith(".org/")),
                 "glossary": next(d for url, d in sitemap_dates(site).items() if url.endswith("/glossary/"))}
        if audience == "sec-parties":
            page = (site / "papers/opsg/2021/opsg-49-2405-03/index.html").read_text()
            dates["paper"] = re.search(r"Last updated ([^<]+)", page).group(1)
        return dates

    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    commit("2024-03-05", "data")
    edit(project, headlines, "staff sickness remains low.\n", "staff sickness remains low.\n"
         "        - text: SEC Parties only, on staffing.\n          classification: GREEN\n")
    commit("2024-04-01", "a GREEN paragraph")
    edit(project, paper, "confidential Appendix A\n            (AMBER).\n",
         "confidential Appendix A\n            (AMBER).\n          - text: For the named recipients only.\n"
         "            classification: AMBER\n")
    commit("2024-05-01", "an AMBER paragraph")
    assert dated("public") == {"meeting": "5 March 2024", "feed": "2024-03-05", "sitemap": "2024-03-05",
                               "home": "2024-03-05", "glossary": "2024-03-05"}
    assert dated("sec-parties") == {"meeting": "1 April 2024", "feed": "2024-04-01", "sitemap": "2024-04-01",
                                    "home": "2024-04-01", "paper": "5 March 2024", "glossary": "2024-03-05"}
    edit(project, headlines, "staff sickness remains low.\n", "staff sickness remains very low.\n")
    commit("2024-06-01", "a WHITE change")
    assert dated("public") == {"meeting": "1 June 2024", "feed": "2024-06-01", "sitemap": "2024-06-01",
                               "home": "2024-06-01", "glossary": "2024-03-05"}
    assert dated("sec-parties")["meeting"] == "1 June 2024"
    # The glossary: a GREEN term dates the SEC Parties site's glossary and listings only; a
    # WHITE one both sites'.
    edit(project, "data/glossary.yml", "  - {abbr: AOB, meaning: any other business}\n",
         "  - {abbr: AOB, meaning: any other business}\n  - {abbr: XQZ, meaning: A term for SEC Parties, "
         "classification: GREEN}\n")
    commit("2024-07-01", "a GREEN term")
    assert dated("public") == {"meeting": "1 June 2024", "feed": "2024-06-01", "sitemap": "2024-06-01",
                               "home": "2024-06-01", "glossary": "2024-03-05"}
    sec = dated("sec-parties")
    assert (sec["glossary"], sec["home"], sec["sitemap"]) == ("2024-07-01", "2024-07-01", "2024-06-01")
    edit(project, "data/glossary.yml", "meaning: any other business}", "meaning: any other business (AOB)}")
    commit("2024-08-01", "a WHITE term")
    public = dated("public")
    assert (public["glossary"], public["home"], public["sitemap"]) == ("2024-08-01", "2024-08-01", "2024-06-01")


def sitemap_dates(site: Path) -> dict[str, str]:
    """Each URL in the site's sitemap to its <lastmod>."""
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    tree = ElementTree.fromstring((site / "sitemap.xml").read_bytes())
    return {url.findtext(f"{ns}loc"): url.findtext(f"{ns}lastmod") for url in tree.iter(f"{ns}url")}


def gzip_mtime(path: Path) -> int:
    """The MTIME field of a gzip file's header (RFC 1952): bytes 4 to 8, little-endian."""
    return int.from_bytes(path.read_bytes()[4:8], "little")


def test_every_field_an_editor_writes_is_described_in_the_json_schemas() -> None:
    """VS Code's YAML extension shows a field's description on hover and beside each
    completion: every field of every data file has one (its docstring in schema.py)."""
    undescribed = []
    for name, text in schema_texts().items():
        schema = json.loads(text)
        for where, part in [(name, schema), *schema.get("$defs", {}).items()]:
            undescribed += [f"{where}.{field}" for field, spec in part.get("properties", {}).items()
                            if not spec.get("description")]
    assert undescribed == []


def test_the_editors_settings_tie_each_data_file_to_the_schema_its_first_line_names() -> None:
    """.vscode/settings.json gives VS Code's YAML extension each data file's schema by where the
    file is, so a file whose first line was lost is still checked: the same schema its first
    line names (the shipped files), for every schema there is, and indented with spaces."""
    settings = json.loads((ROOT / ".vscode/settings.json").read_text())
    assert settings["[yaml]"]["editor.insertSpaces"] is True  # YAML refuses tabs
    named: dict[Path, str] = {}
    for schema, pattern in settings["yaml.schemas"].items():
        for path in ROOT.glob(pattern):
            assert path not in named, f"{path} matches two schemas"
            named[path] = Path(schema).name
    assert set(Path(s).name for s in settings["yaml.schemas"]) == set(schema_texts())
    data = sorted((ROOT / "data").rglob("*.yml"))
    assert data and set(named) == set(data)
    for path in data:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.endswith(f"schemas/{named[path]}"), (path, first)
    recommended = json.loads((ROOT / ".vscode/extensions.json").read_text())["recommendations"]
    assert "redhat.vscode-yaml" in recommended
