"""The same data and configuration build byte-identical sites, whatever the process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import CONFIGS, ROOT, tree_digest


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
