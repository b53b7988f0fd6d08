"""The benchmark's synthetic archive (benchmarks/synthetic.py) is data the build takes."""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import ROOT

from headlines.loading import load_archive

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import generate  # noqa: E402


def test_the_synthetic_archive_passes_every_check_of_the_data(tmp_path: Path) -> None:
    """A check the generator's archive fails stops the benchmark only when someone runs it: eight
    committees' papers gave one month's DCC report with eight sets of figures, which the
    build refuses. The archive at size 1 is read as a build reads it, and holds what it says."""
    files = generate(1, 1, tmp_path)
    archive = load_archive(tmp_path / "data")
    assert len(archive.documents()) == files > 700
    assert {paper.committee for paper in archive.papers.values()} == {"OPSG", "SSC", "TABASC", "TAG", "CSC", "PANEL",
                                                                      "SMKI", "TSIRS"}
