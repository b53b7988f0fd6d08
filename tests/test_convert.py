"""The generated pages' Markdown converted on both cores (``convert``): each page once, by
MkDocs or by the companion, and the same site whichever converted it."""

from __future__ import annotations

import logging
import multiprocessing
import re
from pathlib import Path

import pytest
from conftest import ROOT, build, build_in_process, copy_project, tree_digest
from headlines import convert

PAGES = 3000


def _claim_from_the_end(board: convert.Board, mine: list[int]) -> None:
    for i in reversed(range(PAGES)):
        if not board.claim(i, convert.BESIDE):
            break
        mine.append(i)


def test_the_build_and_its_companion_each_convert_pages_never_the_same_one() -> None:
    """The build claims pages from the first, a forked process from the last, at once: every
    page is claimed by exactly one of them, the build's a run from the first page and the
    companion's the run after it."""
    board = convert.Board(PAGES)
    beside = multiprocessing.get_context("fork").Manager().list()
    child = multiprocessing.get_context("fork").Process(target=_claim_from_the_end, args=(board, beside))
    child.start()
    here = [i for i in range(PAGES) if board.claim(i, convert.BUILD)]
    child.join(timeout=60)
    assert child.exitcode == 0
    beside = list(beside)
    assert sorted(here + beside) == list(range(PAGES))
    assert here == list(range(len(here)))
    assert sorted(beside) == list(range(len(here), PAGES))
    assert board.counts() == (len(here), len(beside))


def _built(tmp_path: Path, name: str, caplog: pytest.LogCaptureFixture) -> tuple[dict[str, str], str]:
    caplog.clear()
    build_in_process(ROOT, "sec-parties", tmp_path / name)
    counts = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Pages converted")]
    assert len(counts) == 1
    return tree_digest(tmp_path / name), counts[0]


def test_a_page_converted_beside_the_build_is_the_page_mkdocs_makes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """The SEC Parties site built three times in this process: with the companion converting
    every generated page, in the build's own process (its work runs to its end before MkDocs
    reads a page) and forked (MkDocs never takes a page, so every page's HTML comes over the
    pipe); and with MkDocs converting every one. Byte for byte the same site: the HTML, the
    tables of contents, the titles, the anchors the permalinks point at."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1611532800")
    caplog.set_level(logging.INFO, logger="mkdocs")
    monkeypatch.setenv("HEADLINES_IN_PROCESS", "1")
    beside, beside_counts = _built(tmp_path, "beside", caplog)
    pages = int(re.search(r"(\d+) beside it", beside_counts).group(1))  # type: ignore[union-attr]
    assert pages > 30 and beside_counts == f"Pages converted from Markdown: 0 by MkDocs, {pages} beside it"

    claim = convert.Board.claim
    monkeypatch.delenv("HEADLINES_IN_PROCESS")
    monkeypatch.setattr(convert.Board, "claim", lambda self, i, who: who == convert.BESIDE and claim(self, i, who))
    forked, forked_counts = _built(tmp_path, "forked", caplog)
    assert forked_counts == beside_counts

    monkeypatch.setenv("HEADLINES_IN_PROCESS", "1")
    monkeypatch.setattr(convert.Board, "claim", lambda self, i, who: who == convert.BUILD and claim(self, i, who))
    here, here_counts = _built(tmp_path, "here", caplog)
    assert here_counts == f"Pages converted from Markdown: {pages} by MkDocs, 0 beside it"
    assert here == beside == forked
    assert len(here) > 50


@pytest.mark.parametrize("in_process", [True, False])
def test_a_bad_link_on_a_page_converted_beside_the_build_fails_a_strict_build(
        tmp_path: Path, in_process: bool, shipped_sites: dict[str, Path]) -> None:
    """MkDocs warns of a link to no page, and a strict build fails on it: so it does where the
    companion converted the page (every page, in the build's own process; the last ones,
    forked). Each warning is shown once, by the build, and counted."""
    project = copy_project(tmp_path / "project")
    template = project / "theme" / "templates" / "meeting.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\n[Agenda](no-such-page.md)\n", encoding="utf-8")
    result = build(project, "public", tmp_path / "site", env={"HEADLINES_IN_PROCESS": "1" if in_process else ""})
    assert result.returncode != 0
    warned = re.findall(r"WARNING +- +Doc file '([^']+)' contains a link 'no-such-page.md'", result.stderr)
    site = shipped_sites["public"]
    meetings = sorted(f"{page.parent.relative_to(site).as_posix()}.md" for page in site.glob("meetings/*/*/*/index.html"))
    assert meetings and sorted(warned) == meetings
    assert f"Aborted with {len(meetings)} warnings in strict mode" in result.stdout
    assert not (tmp_path / "site").exists()


def test_without_shared_semaphores_mkdocs_converts_every_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where no lock can be shared between processes (no /dev/shm), the companion takes no
    page: the build is slower, never wrong."""
    def no_semaphores() -> None:
        raise OSError("no /dev/shm")

    monkeypatch.setattr(convert.multiprocessing, "Lock", no_semaphores)
    board = convert.Board(10)
    assert not board.claim(9, convert.BESIDE)
    assert all(board.claim(i, convert.BUILD) for i in range(10))
    assert board.counts() == (10, 0)
