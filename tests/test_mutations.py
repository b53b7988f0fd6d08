"""Broken data is refused, never crashed on: the shipped and canary data mutated at random.

Each mutation makes one to three changes to one file, the file picked in proportion to its
number of values: a value dropped, a list entry duplicated, or a value of another kind put
in its place. The data must then either be refused with problems
that name a file and a line, as ``headlines validate`` reports them, or load, pass the
figure check and render every page, the feed, the calendar and ``data.json`` for both
audiences. Anything else (an IndexError in the figure check, say) is a crash an editor
would meet as a traceback.

HEADLINES_MUTATIONS sets the number of mutations (default 300); they are the same on every
run, unless HEADLINES_MUTATIONS_SEED names another series.
"""

from __future__ import annotations

import copy
import os
import random
import shutil
import traceback
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, places, renderer_for

from headlines.errors import DataErrors
from headlines.labels import PUBLIC, SEC_PARTIES
from headlines.loading import figure_notes, load_archive

MUTATIONS = int(os.environ.get("HEADLINES_MUTATIONS", "300"))
SEED = os.environ.get("HEADLINES_MUTATIONS_SEED", "mutations")
SOURCES = {"shipped": ROOT / "data", "canary": ROOT / "tests/fixtures/canary/data"}
# What a value is replaced by: other kinds, edge values, labels, dates, percentages out of range, and
# text holding code, addresses, a character a reader cannot see, braces, a blank line and a backslash.
REPLACEMENTS: list[Any] = [None, "", 0, -1, 1.5, True, [], {}, "x", [1], {"a": 1}, "2021-01-01", "GREEN", "RED",
                           "WHITE", 10**12, [None], "OPSG 99/01", "9999-12-31", "2021-03",
                           "`<b> & OPSG_41_2501`", "(see https://example.org/a_(b)) or a@b.org.", "soft\u00adhyphen",
                           "Report* {: #x } [a\\] `b", "one\n\ntwo \\", "927.5%", "-3%"]


def _mutate(data: Any, rng: random.Random) -> str:
    """One change at a random place of ``data``; what was done, for the failure message."""
    spots = [at for at, _ in places(data) if at]
    if not spots:
        return "nothing left to change"
    at = rng.choice(spots)
    parent = data
    for key in at[:-1]:
        parent = parent[key]
    roll = rng.random()
    if roll < 0.3:
        del parent[at[-1]]
        return f"deleted {at}"
    if roll < 0.45 and isinstance(parent, list):
        parent.append(copy.deepcopy(parent[at[-1]]))
        return f"duplicated {at} at the end of its list"
    # A copy: a later change in this mutation may land inside it, which must not change the list
    # of replacements (nor put a value inside itself).
    parent[at[-1]] = copy.deepcopy(rng.choice(REPLACEMENTS))
    return f"set {at} to {parent[at[-1]]!r}"


def _render_both(data_dir: Path) -> None:
    archive = load_archive(data_dir)
    figure_notes(archive)
    for audience in (PUBLIC, SEC_PARTIES):
        renderer = renderer_for(archive, audience)
        for page in renderer.pages():
            page.markdown()
        renderer.feed("https://example.org/")
        renderer.calendar("https://example.org/")
        renderer.export()


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_mutated_data_is_refused_with_its_place_or_renders(source: str, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(SOURCES[source], data_dir)
    files = sorted(p for p in data_dir.rglob("*.yml"))
    originals = {p: p.read_text(encoding="utf-8") for p in files}
    rng = random.Random(f"{SEED}-{source}")
    outcomes = {"refused": 0, "rendered": 0}
    sizes = [sum(1 for _ in places(yaml.safe_load(originals[p]))) for p in files]
    for n in range(MUTATIONS // len(SOURCES)):
        path = rng.choices(files, weights=sizes)[0]
        data = yaml.safe_load(originals[path])
        change = "; ".join(_mutate(data, rng) for _ in range(rng.randint(1, 3)))
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        what = f"mutation {n} of {path.relative_to(data_dir)}: {change}"
        try:
            _render_both(data_dir)
            outcomes["rendered"] += 1
        except DataErrors as exc:
            outcomes["refused"] += 1
            for error in exc.errors:
                assert str(error.file).startswith("data/") and error.line is not None and error.message, \
                    f"{what}: a problem without its place: {error}"
        except Exception:  # noqa: BLE001 - any other exception is the failure this test looks for
            pytest.fail(f"{what}: crashed\n{traceback.format_exc()}")
        finally:
            path.write_text(originals[path], encoding="utf-8")
    assert outcomes["refused"] and outcomes["rendered"], outcomes  # the mutations reach both outcomes
