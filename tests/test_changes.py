"""``headlines changes``: what a change publishes on each site, against a real git repository."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from pathlib import Path

import pytest
from conftest import GIT, ROOT, edit, workflow_step
from test_cli import headlines
from test_declassification import HEADLINES, PAPER, RECORD, commit_a_base_that_does_not_read

from headlines import changes, classify, cli
from headlines.classify import Redaction
from headlines.labels import SEC_PARTIES, Audience
from headlines.loading import Archive

MEETING_PAGE = "meetings/opsg/2021/opsg-41-2501.md"
PAPER_PAGE = "papers/opsg/2021/opsg-49-2405-03.md"


def sections(report: str) -> dict[str, str]:
    """The report's part for each site, by its heading."""
    parts = report.split("\n## ")
    return {part.split("\n", 1)[0]: part for part in parts[1:]}


def report_of(repo: Path, *args: str) -> dict[str, str]:
    result = headlines(repo, "changes", "--since", "HEAD", *args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# What this change publishes, compared with HEAD\n"), result.stdout
    found = sections(result.stdout)
    assert list(found) == ["Public site (WHITE only)", "SEC Parties site (WHITE and GREEN)"], list(found)
    return {"public": found["Public site (WHITE only)"], "sec-parties": found["SEC Parties site (WHITE and GREEN)"]}


def test_nothing_changed_is_said_plainly(repo: Path) -> None:
    result = headlines(repo, "changes", "--since", "HEAD")
    assert result.returncode == 0, result.stderr
    assert "\n>" not in result.stdout  # no note: the templates and the code are the revision's
    for part in report_of(repo).values():
        assert "No page changes." in part


def test_a_template_change_shows_in_the_pages_it_changes(repo: Path) -> None:
    """The pages as they were are rendered with the templates as they were: a reviewer of a
    template change sees what it does, page by page, on the site it does it to."""
    edit(repo, "theme/templates/paper.md.j2", "## Attachments { #attachments }",
         "## Appendices and attachments { #attachments }")
    result = headlines(repo, "changes", "--since", "HEAD")
    assert result.returncode == 0, result.stderr
    found = report_of(repo)
    for part in found.values():
        assert ("> The page templates have changed since HEAD: the pages as they were are rendered with HEAD's, so "
                "the diffs show what the template change does too.") in part, part
    assert "No page changes." in found["public"]  # the paper is GREEN: no page of it there
    sec = found["sec-parties"]
    assert f"### Changed: OPSG_49_2405_03: DCC SEC Panel Reports Summary (GREEN), `{PAPER_PAGE}`" in sec, sec
    assert "\n-## Attachments { #attachments }\n+## Appendices and attachments { #attachments }\n" in sec, sec


def test_todays_template_that_does_not_render_is_named_not_a_traceback(repo: Path) -> None:
    """The build names a template that does not render, and fails; changes ended in Jinja's
    traceback. It names the template, and the line where Jinja gives one."""
    template = repo / "theme/templates/paper.md.j2"
    template.write_text(template.read_text() + "{% if %}\n")
    line = len(template.read_text().splitlines())
    result = headlines(repo, "changes", "--since", "HEAD")
    assert (result.returncode, result.stderr) == (1, f"headlines: a page's template does not render (theme/templates/"
                                                     f"paper.md.j2:{line}): TemplateSyntaxError: Expected an "
                                                     "expression, got 'end of statement block'\n"), result.stderr
    (repo / "theme/templates/meeting.md.j2").unlink()
    template.write_text(template.read_text().replace("{% if %}\n", ""))
    result = headlines(repo, "changes", "--since", "HEAD")
    assert result.returncode == 1
    assert result.stderr.startswith("headlines: a page's template does not render: TemplateNotFound: 'meeting.md.j2' "
                                    "not found"), result.stderr


def test_templates_that_no_longer_render_are_replaced_by_todays_and_the_report_says_so(repo: Path) -> None:
    template = "theme/templates/paper.md.j2"
    edit(repo, template, "## Attachments { #attachments }", "## {{ 'Attachments'|retired_filter }} { #attachments }")
    subprocess.run([*GIT, "commit", "-qam", "a filter since retired"], cwd=repo, check=True)
    edit(repo, template, "## {{ 'Attachments'|retired_filter }} { #attachments }", "## Attachments { #attachments }")
    edit(repo, "data/meetings/opsg/2020/OPSG_35x.yml", "secretary: Veronica Asantewaa",
         "secretary: Veronica Asantewaa-Mensah")
    found = report_of(repo)
    line = next(n for n, text in enumerate((repo / template).read_text().splitlines(), 1)
                if text == "## Attachments { #attachments }")
    sec = found["sec-parties"]
    assert (f"> The page templates have changed since HEAD, and those of HEAD do not render with today's code "
            f"(TemplateRuntimeError in `paper.md.j2`, line {line}). The pages as they were are rendered with today's "
            "templates, so what the template change does is not shown.") in sec, sec
    assert "1 page changed." in sec and "Asantewaa-Mensah" in sec, sec  # the data change, as before
    # No paper on the public site: the old templates rendered its pages.
    assert "> The page templates have changed since HEAD: the pages as they were" in found["public"]


def test_a_code_change_is_named_as_not_shown(repo: Path) -> None:
    edit(repo, "hooks/headlines/render.py", '"""Jinja templates', '"""(A note.) Jinja templates')
    result = headlines(repo, "changes", "--since", "HEAD")
    assert result.returncode == 0, result.stderr
    assert ("> The code (`hooks/`) has changed since HEAD. Both sides are rendered by today's code, so what that "
            "change does to the pages is not shown.") in result.stdout, result.stdout


def test_a_white_edit_shows_on_both_sites_as_a_diff_of_its_page(repo: Path) -> None:
    edit(repo, HEADLINES, "staff sickness remains low.", "staff sickness remains very low.")
    for part in report_of(repo).values():
        assert "\n1 page changed.\n" in part, part
        assert f"### Changed: OPSG 41_2501: 25 January 2021 (WHITE), `{MEETING_PAGE}`" in part, part
        lines = part.splitlines()
        assert any(line.startswith("-") and line.endswith("remains low.") for line in lines), part
        assert any(line.startswith("+") and line.endswith("remains very low.") for line in lines), part


def test_a_green_edit_is_in_the_sec_parties_part_only(repo: Path) -> None:
    minutes = "data/meetings/opsg/2020/OPSG_35x.yml"
    edit(repo, minutes, "secretary: Veronica Asantewaa", "secretary: Veronica Asantewaa-Mensah")
    found = report_of(repo)
    assert "No page changes." in found["public"]
    assert "Asantewaa" not in found["public"]
    assert "Asantewaa-Mensah" in found["sec-parties"]
    assert "`meetings/opsg/2020/opsg-35x.md`" in found["sec-parties"]


def test_a_paper_lowered_to_white_is_new_on_the_public_site_without_what_stays_above_it(
        repo: Path) -> None:
    # An AMBER passage added to the WHITE headlines, and the GREEN paper lowered to WHITE with
    # its record: the public part shows the paper new, and neither part shows the AMBER text.
    edit(repo, HEADLINES, "    - number: \"3\"\n      title: SEC Panel Reports\n",
         "    - number: \"9\"\n      title: Amber Canary Item\n      classification: AMBER\n      paragraphs:\n"
         "        - Zebra quokka amber canary passage.\n"
         "    - number: \"3\"\n      title: SEC Panel Reports\n")
    edit(repo, PAPER, "classification: GREEN\nauthors:", f"classification: WHITE\n{RECORD}authors:")
    result = headlines(repo, "changes", "--since", "HEAD")
    assert result.returncode == 0, result.stderr
    assert "quokka" not in result.stdout and "Amber Canary" not in result.stdout
    found = sections(result.stdout)
    public = found["Public site (WHITE only)"]
    assert f"### New: OPSG_49_2405_03: DCC SEC Panel Reports Summary (WHITE), `{PAPER_PAGE}`" in public, public
    assert "(--full shows them)" in public  # a long new page is cut short
    sec = found["SEC Parties site (WHITE and GREEN)"]
    # Still GREEN there: its GREEN appendix is listed on that site. Its listings name it WHITE.
    assert f"### Changed: OPSG_49_2405_03: DCC SEC Panel Reports Summary (GREEN), `{PAPER_PAGE}`" in sec, sec
    assert "### Changed: CPM1 (GREEN to WHITE), `measures/cpm1.md`" in sec, sec
    whole = headlines(repo, "changes", "--since", "HEAD", "--full").stdout
    assert "(--full shows them)" not in whole and len(whole) > len(result.stdout)


def test_an_attachments_file_added_or_replaced_is_listed_on_the_sites_that_hold_it(repo: Path) -> None:
    folder = repo / "data/papers/opsg/2021/OPSG_49_2405_03"
    folder.mkdir()
    (folder / "appendix-f.pdf").write_bytes(b"%PDF-1.4 first")
    appendix_f = "    title: DCC Reporting Responsible Communications Hub Returns Report\n    classification: GREEN\n"
    edit(repo, PAPER, appendix_f, f"{appendix_f}    file: appendix-f.pdf\n")
    found = report_of(repo)
    assert "No page changes." in found["public"] and "appendix-f" not in found["public"]
    sec = found["sec-parties"]
    assert "\n1 page changed, 1 new file.\n" in sec, sec
    assert ("### New file: Appendix F of OPSG_49_2405_03, PDF, 14 bytes (GREEN), "
            "`papers/opsg/2021/opsg-49-2405-03/appendix-f.pdf`") in sec, sec
    assert "+| Appendix F | " in sec and "[Appendix F (PDF, 14 bytes)](opsg-49-2405-03/appendix-f.pdf)" in sec
    assert "\n+| Appendix F | DCC Reporting Responsible Communications Hub Returns Report | GREEN | " in sec, sec
    subprocess.run([*GIT, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*GIT, "commit", "-qm", "Appendix F"], cwd=repo, check=True)
    (folder / "appendix-f.pdf").write_bytes(b"%PDF-1.4 other")  # the same size: the page is the same
    sec = report_of(repo)["sec-parties"]
    assert "\n1 file changed.\n" in sec, sec
    assert ("### Changed file: Appendix F of OPSG_49_2405_03, PDF, 14 bytes (GREEN), "
            "`papers/opsg/2021/opsg-49-2405-03/appendix-f.pdf`: another file, was 14 bytes") in sec, sec


def test_a_file_beside_a_green_hand_written_page_is_listed_on_the_sec_parties_site_only(repo: Path) -> None:
    (repo / "content/guide").mkdir()
    (repo / "content/guide/reporting-guide.pdf").write_bytes(b"%PDF-1.4 guide")
    (repo / "content/guide.md").write_text("---\nclassification: GREEN\nfiles: [guide/reporting-guide.pdf]\n---\n\n"
                                           "# Reporting guide\n\n[The guide](guide/reporting-guide.pdf)\n")
    found = report_of(repo)
    assert "reporting-guide" not in found["public"] and "No page changes." in found["public"]
    assert "\n1 new page, 1 new file.\n" in found["sec-parties"], found["sec-parties"]
    assert ("### New file: a file listed by guide.md, 14 bytes (GREEN), `guide/reporting-guide.pdf`"
            in found["sec-parties"]), found["sec-parties"]


def test_one_site_alone(repo: Path) -> None:
    minutes = "data/meetings/opsg/2020/OPSG_35x.yml"
    edit(repo, minutes, "secretary: Veronica Asantewaa", "secretary: Veronica Asantewaa-Mensah")
    result = headlines(repo, "changes", "--since", "HEAD", "--audience", "public")
    assert result.returncode == 0, result.stderr
    assert list(sections(result.stdout)) == ["Public site (WHITE only)"]
    assert "Asantewaa" not in result.stdout


def test_a_hand_written_page_is_compared_too(repo: Path) -> None:
    edit(repo, "content/about.md", "keeps\nthe records.", "keeps\nthe records, and publishes them.")
    for part in report_of(repo).values():
        assert "### Changed: About this site (WHITE), `about.md`" in part, part


def test_a_revision_git_does_not_know_is_an_error(repo: Path) -> None:
    result = headlines(repo, "changes", "--since", "no-such-revision")
    assert result.returncode == cli.NOTHING_TO_COMPARE == 3
    assert "no-such-revision" in result.stderr and "Traceback" not in result.stderr


def test_a_new_meeting_file_is_a_new_page_and_its_listings_change(repo: Path) -> None:
    """The new page's Markdown reads as a page would be written: where its GREEN paragraph is
    left out of the public page, one blank line, not the template's run of them."""
    made = headlines(repo, "new", "meeting", "--committee", "OPSG", "--date", "2021-02-02", "--number", "42")
    assert made.returncode == 0, made.stderr
    path = repo / "data/meetings/opsg/2021/OPSG_42_0202.yml"
    path.write_text(path.read_text().replace('"Agenda item title (to replace)"', "Smart Meter Rollout")
                    .replace('"What was discussed and decided, for the public (to replace)"',
                             "The DCC presented the rollout figures.\n"
                             "        - {text: The DCC named the slowest installers., classification: GREEN}"))
    subprocess.run([*GIT, "add", "-A"], cwd=repo, check=True)
    found = report_of(repo)
    public = found["public"]
    assert "### New: OPSG 42_0202: 2 February 2021 (WHITE), `meetings/opsg/2021/opsg-42-0202.md`" in public, public
    assert "+The DCC presented the rollout figures.\n+\n+Previous OPSG meeting: " in public, public
    assert "slowest installers" not in public
    assert "### Changed: SECAS Headlines (WHITE), `index.md`" in public  # the home page lists it
    parties = found["sec-parties"]
    assert "### New: OPSG 42_0202: 2 February 2021 (GREEN), `meetings/opsg/2021/opsg-42-0202.md`" in parties, parties
    # A label's chip reads as its words, not as the HTML that shows it on the page.
    assert "\n+The DCC named the slowest installers. (GREEN)\n" in parties, parties
    for part in found.values():
        assert "\n+\n+\n" not in part, part
        assert "<span" not in part, part


def test_a_document_given_a_new_id_shows_its_old_address_leading_to_its_page(repo: Path) -> None:
    folder = repo / "data/meetings/opsg/2021"
    (folder / "OPSG_41_2501.yml").rename(folder / "OPSG_40_2501.yml")
    edit(repo, "data/meetings/opsg/2021/OPSG_40_2501.yml", "id: OPSG_41_2501\n",
         "id: OPSG_40_2501\nformerly: [OPSG_41_2501]\n")
    for part in report_of(repo).values():
        assert f"### Gone: OPSG 41_2501: 25 January 2021 (WHITE), `{MEETING_PAGE}`" in part, part
        assert "### New: OPSG 40_2501: 25 January 2021 (WHITE), `meetings/opsg/2021/opsg-40-2501.md`" in part, part
        assert "+Formerly OPSG_41_2501.\n" in part, part
        assert "If its document has a new ID" not in part  # it has said so
        assert re.search(r"### New file: OPSG_41_2501's old address, leading to the page of OPSG_40_2501, \d+ bytes "
                         r"\(WHITE\), `meetings/opsg/2021/opsg-41-2501/index.html`", part), part


def test_a_document_whose_date_moved_to_another_year_is_told_how_to_keep_its_address(repo: Path) -> None:
    """Its page moves to that year's folder: the report names the entry for 'formerly' that
    keeps the old address, and asks nothing once it is there."""
    (repo / "data/meetings/opsg/2022").mkdir()  # a year on: its number stays in its order
    (repo / "data/meetings/opsg/2021/OPSG_41_2501.yml").rename(repo / "data/meetings/opsg/2022/OPSG_41_2501.yml")
    for day in ("01-25", "02-02", "02-22"):  # the meeting's and the next meetings'
        edit(repo, "data/meetings/opsg/2022/OPSG_41_2501.yml", f"date: 2021-{day}\n", f"date: 2022-{day}\n")
    public = report_of(repo)["public"]
    assert (f"### Gone: OPSG 41_2501: 25 January 2021 (WHITE), `{MEETING_PAGE}`\n\nIts page is now at "
            "`meetings/opsg/2022/opsg-41-2501.md`, its date in another year. Add `{id: OPSG_41_2501, year: 2021}` "
            "to its `formerly`, so that links and bookmarks to this page lead to it.\n") in public, public
    edit(repo, "data/meetings/opsg/2022/OPSG_41_2501.yml", "id: OPSG_41_2501\n",
         "id: OPSG_41_2501\nformerly: [{id: OPSG_41_2501, year: 2021}]\n")
    public = report_of(repo)["public"]
    assert "Its page is now at" not in public and "If its document has a new ID" not in public, public
    assert re.search(r"### New file: OPSG_41_2501's old address, leading to the page of OPSG_41_2501, \d+ bytes "
                     r"\(WHITE\), `meetings/opsg/2021/opsg-41-2501/index.html`", public), public


def test_a_document_page_gone_beside_a_new_one_is_asked_after(repo: Path) -> None:
    """A file renamed without 'formerly': the report asks whether the page gone has a new ID."""
    folder = repo / "data/meetings/opsg/2021"
    (folder / "OPSG_41_2501.yml").rename(folder / "OPSG_40_2501.yml")
    edit(repo, "data/meetings/opsg/2021/OPSG_40_2501.yml", "id: OPSG_41_2501\n", "id: OPSG_40_2501\n")
    public = report_of(repo)["public"]
    assert (f"### Gone: OPSG 41_2501: 25 January 2021 (WHITE), `{MEETING_PAGE}`\n\nIf its document has a new ID, "
            "list the old one in the document's `formerly` (`headlines rename` does), so that links and bookmarks "
            "to this page lead to it.\n") in public, public
    assert "New file" not in public


def test_with_no_revision_named_a_branch_is_compared_with_where_it_left_main(repo: Path) -> None:
    """The branch's commits and what is not committed yet, both; on main itself, what is not
    committed yet."""
    def git(*args: str) -> str:
        return subprocess.run([*GIT, *args], cwd=repo, check=True, capture_output=True, text=True).stdout.strip()

    git("branch", "-M", "main")
    edit(repo, HEADLINES, "staff sickness remains low", "staff sickness remains very low")
    assert "very low" in headlines(repo, "changes").stdout.split("\n## ")[1]
    assert headlines(repo, "changes").stdout.startswith("# What this change publishes, compared with HEAD\n")
    base = git("rev-parse", "HEAD")
    git("switch", "-q", "-c", "topic")
    git("commit", "-qam", "very low")
    edit(repo, HEADLINES, "it and the Service Providers", "it and all the Service Providers")
    result = headlines(repo, "changes")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"# What this change publishes, compared with main where this branch left it "
                                    f"({base[:12]})\n"), result.stdout
    public = result.stdout.split("\n## ")[1]
    assert "+The DCC reported that it and all the Service Providers" in public and "very low" in public, public


def test_a_revision_whose_data_does_not_validate_is_named_as_such(repo: Path) -> None:
    commit_a_base_that_does_not_read(repo)
    result = headlines(repo, "changes", "--since", "HEAD")
    assert result.returncode == cli.NOTHING_TO_COMPARE
    assert result.stderr.strip() == ("headlines: cannot compare with HEAD: the data there does not validate "
                                     "(2 problems); compare with another revision")  # unknown titel, no title, result.stderr


@pytest.mark.parametrize(("written", "base", "mended", "shown"), [
    ("date: 2021-01-25\n", "date: 2021-1-25\n", "date: 2021-01-25\n", None),
    ("      title: DCC Pandemic Update\n", "      title: DCC Pandemic Update # 2\n",
     "      title: \"DCC Pandemic Update # 2\"\n", "DCC Pandemic Update # 2"),
], ids=["a date without its zeros", "a title YAML read short at ' #'"])
def test_a_base_refused_only_by_how_a_value_is_written_is_compared_as_it_was_read(
        repo: Path, written: str, base: str, mended: str, shown: str | None) -> None:
    """A change that mends values written as a rule added since refuses has its report, the
    base's values read as YAML read them (which is what that revision published): mending a
    date's zeros changes no page; quoting a title's ' # 2', which YAML took for a comment,
    shows it new on the page."""
    edit(repo, HEADLINES, written, base)
    subprocess.run([*GIT, "commit", "-qam", "a base refused now"], cwd=repo, check=True)
    assert headlines(repo, "validate").returncode == 1  # the base does not validate
    edit(repo, HEADLINES, base, mended)
    for part in report_of(repo).values():
        if shown is None:
            assert "No page changes." in part, part
        else:
            assert re.search(rf"^\+.*{re.escape(shown)}", part, re.M), part


def test_a_redaction_that_let_green_through_gets_no_report(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """The report's part for a site is leak-checked as that site's build is, by a walk of the
    data of its own: a redaction that gave the public site the SEC Parties' view prints no
    report and fails, naming the GREEN text."""
    edit(repo, "data/meetings/opsg/2020/OPSG_35x.yml", "secretary: Veronica Asantewaa",
         "secretary: Veronica Asantewaa-Mensah")

    def broken(archive: Archive, audience: Audience, today: dt.date) -> Redaction:
        return Redaction(audience, classify.redact(archive, SEC_PARTIES, today).archive)

    monkeypatch.setattr(changes, "redact", broken)
    monkeypatch.chdir(repo)
    assert cli.main(["changes", "--since", "HEAD", "--audience", "public"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "the report would show" in err and "the report's Public part: holds GREEN text of OPSG_35x.minutes" in err, err


def test_a_public_page_quoting_a_green_hand_written_page_gets_no_report(repo: Path) -> None:
    """As in a build, the text of a hand-written page above a site's ceiling is looked for in
    that site's part: quoted on a WHITE page, it stops the report."""
    (repo / "content/parties-only.md").write_text(
        "---\nclassification: GREEN\ntitle: For SEC Parties\n---\n\n# For SEC Parties\n\n"
        "The ocelot marmalade arrangement stays among SEC Parties.\n")
    edit(repo, "content/about.md", "keeps\nthe records.", "keeps\nthe records. The ocelot marmalade arrangement stays "
         "among SEC Parties.")
    result = headlines(repo, "changes", "--since", "HEAD", "--audience", "public")
    assert result.returncode == 1 and result.stdout == ""
    assert ("the report's Public part: holds GREEN text of hand-written page parties-only.md" in result.stderr
            ), result.stderr
    assert headlines(repo, "changes", "--since", "HEAD", "--audience", "sec-parties").returncode == 0


def ci_step(repo: Path, tmp_path: Path) -> tuple[int, str, str]:
    """The CI workflow's step that writes what a pull request publishes into the run's summary,
    run as GitHub runs it (``bash -e``) in ``repo``, with HEAD as the pull request's base: its exit
    status, the summary it wrote and its error output."""
    script = workflow_step("check", "headlines changes")["run"]
    script = script.replace("${{ github.event.pull_request.base.sha }}", "HEAD")
    assert "${{" not in script, script
    assert (ROOT / ".venv/bin/headlines").exists()  # scripts/test.sh installs it
    (repo / ".venv").symlink_to(ROOT / ".venv")
    summary, runner_temp = tmp_path / "summary.md", tmp_path / "runner"
    runner_temp.mkdir()
    result = subprocess.run(["bash", "-e", "-c", script], cwd=repo, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "GITHUB_STEP_SUMMARY": str(summary), "RUNNER_TEMP": str(runner_temp)})
    return result.returncode, summary.read_text() if summary.exists() else "", result.stderr


def test_ci_puts_the_report_in_the_runs_summary(repo: Path, tmp_path: Path) -> None:
    edit(repo, "content/about.md", "keeps\nthe records.", "keeps\nthe records, and publishes them.")
    status, summary, _ = ci_step(repo, tmp_path)
    assert status == 0
    assert summary.startswith("# What this change publishes, compared with HEAD\n"), summary
    assert "### Changed: About this site (WHITE), `about.md`" in summary


def test_ci_notes_a_base_whose_data_does_not_load_and_goes_on(repo: Path, tmp_path: Path) -> None:
    """A change that tightens a rule and fixes the data the rule catches: the base's data does
    not load with the change's code. There is nothing to compare with; the summary says so and
    the run goes on to the tests (a base broken outright stands in for it here)."""
    commit_a_base_that_does_not_read(repo)
    status, summary, stderr = ci_step(repo, tmp_path)
    assert status == 0, stderr
    assert summary == ("# What this change publishes\n\nNo report: headlines: cannot compare with HEAD: the data "
                       "there does not validate (2 problems); compare with another revision\n")
    assert "cannot compare with HEAD" in stderr  # and in the step's log


def test_ci_fails_on_a_report_that_would_show_green_text_publicly(repo: Path, tmp_path: Path) -> None:
    (repo / "content/parties-only.md").write_text(
        "---\nclassification: GREEN\ntitle: For SEC Parties\n---\n\n# For SEC Parties\n\n"
        "The ocelot marmalade arrangement stays among SEC Parties.\n")
    edit(repo, "content/about.md", "keeps\nthe records.", "keeps\nthe records. The ocelot marmalade arrangement stays "
         "among SEC Parties.")
    status, summary, stderr = ci_step(repo, tmp_path)
    assert status == 1
    assert summary == ""
    assert "holds GREEN text of hand-written page parties-only.md" in stderr, stderr
