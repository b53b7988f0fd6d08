"""The declassification guard, against a real temporary git repository."""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path

import pytest
from conftest import GIT, edit
from test_cli import headlines

PAPER = "data/papers/opsg/2021/OPSG_49_2405_03.yml"
HEADLINES = "data/meetings/opsg/2021/OPSG_41_2501.yml"
RECORD = """declassified:
  - date: 2021-06-01
    decision: OPSG_50_2106 item 3
    by: Operations Group
"""


def commit_a_base_that_does_not_read(repo: Path) -> None:
    """HEAD made a commit whose headlines file does not read (``titel`` for ``title``: two
    problems), and the working copy mended."""
    edit(repo, HEADLINES, "      title: DCC Pandemic Update\n", "      titel: DCC Pandemic Update\n")
    subprocess.run([*GIT, "commit", "-qam", "broken"], cwd=repo, check=True)
    edit(repo, HEADLINES, "      titel: DCC Pandemic Update\n", "      title: DCC Pandemic Update\n")


def test_a_downgrade_without_a_record_is_refused(repo: Path) -> None:
    edit(repo, PAPER, "classification: GREEN\nauthors:", "classification: WHITE\nauthors:")
    result = headlines(repo, "validate", "--since", "HEAD")
    assert result.returncode == 1
    assert (f"  {PAPER}:9:17: classification: lowered from GREEN to WHITE since HEAD; allowed: only with a new "
            "declassification record in this document (declassified: date, decision, by)") in result.stderr.splitlines()
    assert headlines(repo, "validate").returncode == 0  # plain validation has nothing against it


def test_a_downgrade_with_a_record_is_accepted(repo: Path) -> None:
    edit(repo, PAPER, "classification: GREEN\nauthors:", f"classification: WHITE\n{RECORD}authors:")
    result = headlines(repo, "validate", "--since", "HEAD")
    assert result.returncode == 0, result.stderr


def test_an_old_record_does_not_cover_a_new_downgrade(repo: Path) -> None:
    edit(repo, PAPER, "classification: GREEN\nauthors:", f"classification: GREEN\n{RECORD}authors:")
    subprocess.run([*GIT, "commit", "-qam", "record"], cwd=repo, check=True)
    edit(repo, PAPER, "classification: GREEN\ndeclassified:", "classification: WHITE\ndeclassified:")
    assert headlines(repo, "validate", "--since", "HEAD").returncode == 1


def test_green_text_moved_into_white_headlines_is_a_downgrade(repo: Path) -> None:
    edit(repo, HEADLINES, "        - >-\n          The DCC reported that it and the Service Providers",
         "        - The DCC to add the age of Problems to the SEC Panel Quarterly Problem Report.\n"
         "        - >-\n          The DCC reported that it and the Service Providers")
    result = headlines(repo, "validate", "--since", "HEAD")
    assert result.returncode == 1
    assert "holds text that was GREEN at HEAD (in OPSG_35x), now WHITE" in result.stderr


def test_a_document_given_a_new_id_is_compared_with_itself_under_its_old_one(repo: Path) -> None:
    """A label lowered in the change that renames its document ('formerly') is still refused:
    here a paragraph too short to be followed as text."""
    edit(repo, HEADLINES, "        - >-\n          The DCC reported that it and the Service Providers",
         "        - {text: A short note., classification: GREEN}\n"
         "        - >-\n          The DCC reported that it and the Service Providers")
    subprocess.run([*GIT, "commit", "-qam", "a GREEN note"], cwd=repo, check=True)
    assert headlines(repo, "rename", "OPSG_41_2501", "OPSG_40_2501").returncode == 0
    renamed = "data/meetings/opsg/2021/OPSG_40_2501.yml"
    edit(repo, renamed, "{text: A short note., classification: GREEN}", "{text: A short note., classification: WHITE}")
    result = headlines(repo, "validate", "--since", "HEAD")
    assert result.returncode == 1
    assert (f"  {renamed}:21:49: headlines.items[0].paragraphs[0].classification: lowered from GREEN to WHITE "
            "since HEAD; allowed: only with a new declassification record in this document (headlines.declassified: "
            "date, decision, by)") in result.stderr.splitlines(), result.stderr
    edit(repo, renamed, "  classification: WHITE\n", f"  classification: WHITE\n{textwrap.indent(RECORD, '  ')}")
    result = headlines(repo, "validate", "--since", "HEAD")
    assert result.returncode == 0, result.stderr


def test_raising_a_label_needs_no_record(repo: Path) -> None:
    """An agenda item raised. (The headlines raised whole would be refused, as the public build
    refuses them: the about page gives their address as its example.)"""
    edit(repo, HEADLINES, "      title: DCC Pandemic Update\n      presenter: DCC\n",
         "      title: DCC Pandemic Update\n      presenter: DCC\n      classification: GREEN\n")
    result = headlines(repo, "validate", "--since", "HEAD")
    assert result.returncode == 0, result.stderr


def test_an_unknown_revision_fails_closed(repo: Path) -> None:
    result = headlines(repo, "validate", "--since", "no-such-revision")
    assert result.returncode == 1 and "cannot compare with no-such-revision" in result.stderr


@pytest.mark.parametrize(("path", "written", "base", "mended"), [
    # The base's minutes name a constituency not in the list (a check across files).
    ("data/meetings/opsg/2020/OPSG_35x.yml", "constituency: Large Suppliers", "constituency: Large Supplier",
     "constituency: Large Suppliers"),
    # The base's title had ' # 2' after it, which YAML took for a comment (refused now): the base
    # published 'DCC Pandemic Update', and its labels are compared as YAML read them.
    (HEADLINES, "      title: DCC Pandemic Update\n", "      title: DCC Pandemic Update # 2\n",
     "      title: \"DCC Pandemic Update # 2\"\n"),
    # The base's date lacked its zeros, which YAML 1.1 read as a date (refused now): it is compared
    # as the date it was read as.
    (HEADLINES, "date: 2021-01-25\n", "date: 2021-1-25\n", "date: 2021-01-25\n"),
    # The base's agenda item had its 'classification:' line left empty (refused now), which took
    # the headlines' label then: compared as that label.
    (HEADLINES, "      title: DCC Pandemic Update\n", "      title: DCC Pandemic Update\n      classification:\n",
     "      title: DCC Pandemic Update\n"),
    # The base's text held what the text rules refuse now, an HTML comment and a link within the
    # site: compared as it stood.
    (HEADLINES, "staff sickness remains low.\n", "staff sickness remains low. <!-- see [x](/about/) -->\n",
     "staff sickness remains low.\n"),
], ids=["a constituency not in the list", "a title YAML read short at ' #'", "a date without its zeros",
        "an item's label line left empty", "a text the text rules refuse now"])
def test_a_base_refused_only_by_a_rule_not_about_labels_is_still_compared(repo: Path, path: str, written: str,
                                                                          base: str, mended: str) -> None:
    """A change that tightens a rule and fixes the data the rule catches: the base's data no
    longer validates, but every file reads and every label resolves, so the guard compares its
    labels. The change that mends the data passes the guard; a lowered label beside it does not."""
    edit(repo, path, written, base)
    subprocess.run([*GIT, "commit", "-qam", "a base refused now"], cwd=repo, check=True)
    assert headlines(repo, "validate").returncode == 1  # the base does not validate
    edit(repo, path, base, mended)
    result = headlines(repo, "validate", "--since", "HEAD")
    assert result.returncode == 0, result.stderr
    edit(repo, PAPER, "classification: GREEN\nauthors:", "classification: WHITE\nauthors:")
    result = headlines(repo, "validate", "--since", "HEAD")
    assert result.returncode == 1
    assert "classification: lowered from GREEN to WHITE since HEAD" in result.stderr, result.stderr


def test_a_base_with_a_file_that_does_not_read_fails_closed(repo: Path) -> None:
    """A file that does not read would leave its labels out of the comparison: nothing is
    compared, and the guard says so."""
    commit_a_base_that_does_not_read(repo)
    result = headlines(repo, "validate", "--since", "HEAD")
    assert result.returncode == 1
    assert ("the data at HEAD does not validate (2 problems), so lowered labels cannot be checked; compare with "
            "another revision") in result.stderr, result.stderr
