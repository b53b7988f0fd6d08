"""Property-based leak proofs: random archives through the real hooks, every output file read.

HEADLINES_PROPERTY_EXAMPLES sets the number of examples (default 200; the slow mode in the
README runs 2000), and HEADLINES_PROPERTY_SEED another series of them (default 0). The count
actually run is printed in the test summary.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import (build_in_process, copy_project, page_labels, public_page_links, record_property_run,
                      schema_problems, site_corpus, unmarked_links)
from hypothesis import HealthCheck, given, seed, settings
from strategies import Plan, archives

EXAMPLES = int(os.environ.get("HEADLINES_PROPERTY_EXAMPLES", "200"))
SEED = int(os.environ.get("HEADLINES_PROPERTY_SEED", "0"))
SHARDS = 4
"""The examples are run in this many tests, each from its own seed, so that pytest-xdist can
share them among its workers."""


def shard_examples(shard: int) -> int:
    return EXAMPLES // SHARDS + (shard < EXAMPLES % SHARDS)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("property") / "project")


def _write(plan: Plan, project: Path) -> None:
    data = project / "data"
    shutil.rmtree(data, ignore_errors=True)
    for rel, value in plan.files.items():
        path = data / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(value, allow_unicode=True, sort_keys=False), encoding="utf-8")


_MARKED_GREEN = re.compile(r'(?:(?!</(?:p|li|td|th|h\d)>).){0,400}?<span class="hl-label hl-label--green"', re.S)
"""What follows a passage within its paragraph, list item, cell or heading: the GREEN mark."""


def _occurrences(text: str, needle: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(needle), text)]


@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_marker_appears_exactly_where_its_label_allows(shard: int, project: Path,
                                                             request: pytest.FixtureRequest) -> None:
    """Each example archive is built for both audiences and every output file read. Then: all
    the shard's examples ran (Hypothesis stops early without failing when it cannot make
    them), with markers to look for (an archive with none would prove nothing). The counts go
    to the summary."""
    if not shard_examples(shard):
        pytest.skip(f"HEADLINES_PROPERTY_EXAMPLES={EXAMPLES}: no examples left for this shard")
    run = {"examples": 0, "markers": 0}

    @seed(SEED * SHARDS + shard)
    @settings(max_examples=shard_examples(shard), deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(plan=archives())
    def prove(plan: Plan) -> None:
        _write(plan, project)
        # What the build accepts, an editor's JSON Schema checker accepts too: no false alarms.
        assert schema_problems(plan.files) == [], "the JSON Schemas refuse data the build accepts"
        for audience in ("public", "sec-parties"):
            site = project.parent / f"site-{audience}"
            build_in_process(project, audience, site)
            corpus = site_corpus(site)
            missing = [m.text for m in plan.markers if plan.visible(m, audience) and m.text not in corpus]
            leaked = [m.text for m in plan.markers if not plan.visible(m, audience) and m.text in corpus]
            assert missing == [], f"{audience}: published items missing"
            assert leaked == [], f"{audience}: withheld items leaked"
        # On the SEC Parties site, what the public may not read is on a page labelled WHITE only
        # as a marked cross-reference (a GREEN paper of the meeting, say), and no unmarked link
        # there names a page only the SEC Parties site has.
        parties, public = project.parent / "site-sec-parties", project.parent / "site-public"
        sec_only = [m.text for m in plan.markers if plan.visible(m, "sec-parties") and not plan.visible(m, "public")]
        white = [(folder, (parties / folder / "index.html").read_text(encoding="utf-8"))
                 for folder, label in page_labels(parties).items() if label == "white"]
        unmarked = [(folder, m) for folder, text in white for m in sec_only for at in _occurrences(text, m)
                    if not _MARKED_GREEN.match(text, at + len(m))]
        assert unmarked == [], "GREEN on a WHITE page, unmarked"
        assert unmarked_links(parties, public)[1] == [], "an unmarked link to a page only SEC Parties have"
        assert public_page_links(parties, public)[1] == [], "a public page linked that is not there, or not linked"
        run["examples"] += 1
        run["markers"] += len(plan.markers)

    prove()
    record_property_run(request.config, run)
    assert run["examples"] == shard_examples(shard)
    assert run["markers"] >= run["examples"]
