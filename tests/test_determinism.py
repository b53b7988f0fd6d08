"""The same data and configuration build byte-identical sites, whatever the process."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CONFIGS, ROOT, build, copy_project, tree_digest


def _build(audience: str, site: Path, hash_seed: str, **extra: str) -> None:
    # SOURCE_DATE_EPOCH fixes the sitemap's <lastmod>, the one date MkDocs takes from the clock.
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "SOURCE_DATE_EPOCH": "1611532800", **extra}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(ROOT / CONFIGS[audience]),
                             "-d", str(site)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    """The second build does the companion's work (rendering, the leak check) in the build's own
    process, in turn, as where no process can be forked: the sites are the same."""
    for audience in CONFIGS:
        first, second = tmp_path / f"{audience}-1", tmp_path / f"{audience}-2"
        _build(audience, first, "1")
        _build(audience, second, "2", HEADLINES_IN_PROCESS="1")
        assert tree_digest(first) == tree_digest(second)
        assert len(tree_digest(first)) > 50


def test_outside_git_the_sitemap_takes_its_dates_from_the_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A copy of the project with no git history (unpacked from an archive) dates each page in
    its sitemap by the data, not by the day it is built: two builds on two days write one
    sitemap. The newest document of the shipped data is the 17 May 2021 paper."""
    project = copy_project(tmp_path / "project")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    sitemaps = []
    for day in ("2026-12-04", "2027-01-15"):
        site = tmp_path / day
        result = build(project, "sec-parties", site, env={"HEADLINES_TODAY": day})
        assert result.returncode == 0, result.stderr
        sitemaps.append((site / "sitemap.xml").read_bytes())
    dates = set(re.findall(rb"<lastmod>([^<]+)</lastmod>", sitemaps[0]))
    assert dates and max(dates) == b"2021-05-17", dates
    assert sitemaps[0] == sitemaps[1]
