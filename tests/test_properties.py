"""Property-based leak proofs: random archives through the real hooks, every output file read.

HEADLINES_PROPERTY_EXAMPLES sets the number of examples (default 200; the slow mode in the
README runs 2000). The count actually run is printed in the test summary.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import build_in_process, copy_project, site_corpus
from hypothesis import HealthCheck, given, settings
from strategies import Plan, archives

EXAMPLES = int(os.environ.get("HEADLINES_PROPERTY_EXAMPLES", "200"))
RUN = {"examples": 0, "markers": 0}


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


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(plan=archives())
def test_every_marker_appears_exactly_where_its_label_allows(plan: Plan, project: Path) -> None:
    _write(plan, project)
    for audience in ("public", "sec-parties"):
        site = project.parent / f"site-{audience}"
        build_in_process(project, audience, site)
        corpus = site_corpus(site)
        missing = [m.text for m in plan.markers if plan.visible(m, audience) and m.text not in corpus]
        leaked = [m.text for m in plan.markers if not plan.visible(m, audience) and m.text in corpus]
        assert missing == [], f"{audience}: published items missing"
        assert leaked == [], f"{audience}: withheld items leaked"
    RUN["examples"] += 1
    RUN["markers"] += len(plan.markers)


def test_every_example_ran_with_markers() -> None:
    """Runs after the property test (file order): each of its examples was built and read,
    with markers to look for (an archive with none would prove nothing), and the count goes to
    the summary. Hypothesis stops early without failing when it cannot make examples."""
    pytest.property_run = dict(RUN)  # type: ignore[attr-defined]
    assert RUN["examples"] == EXAMPLES
    assert RUN["markers"] >= RUN["examples"]
