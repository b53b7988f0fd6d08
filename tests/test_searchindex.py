"""The search index built in parts and merged is the index Pagefind builds whole.

Pages here are plain HTML written by the test (no MkDocs), enough of them and with enough
words that the index has several chunks, and with accented words, which Pagefind files as
variant forms of their plain spelling.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from conftest import build, copy_project, search_index, tree_digest
from headlines import searchindex

WORDS = ["meeting", "headlines", "firmware", "secretariat", "modification", "café", "cafe", "naïve",
         "naive", "résumé", "über", "ticket", "incident", "performance", "threshold", "smart", "energy"]


def write_site(site: Path, pages: int, seed: int = 3) -> None:
    rng = random.Random(seed)
    # Invented words as well as common ones: the index needs tens of thousands of positions to
    # be written in several chunks.
    vocabulary = WORDS + [f"{rng.choice('bcdfgklmnprstv')}{rng.choice('aeiou')}{rng.choice('lnrs')}{i}"
                          for i in range(600)]
    for n in range(pages):
        text = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(40, 400)))
        # Two words each filling a chunk of their own, next to a word sharing a shorter prefix:
        # the chunk of "tallyho" is searched from "tallyho" to "tallyho", not to "tallyh".
        text += " tallyhn tallyho" * 70 + " tallyi"
        path = site / f"section-{n % 7}" / f"page-{n}" / "index.html"
        path.parent.mkdir(parents=True)
        # Metadata some pages have and others not: parts hold different fields ("date" only in
        # the first sections' parts, "author" only in the last's), numbered as one in the merge.
        meta = f'<span data-pagefind-meta="date:{n % 28 + 1} August 2020"></span>' if n % 7 == 0 else ""
        meta += '<span data-pagefind-meta="author:Energy Smart"></span>' if n % 7 == 6 else ""
        # Filters, some on every page and some on a few: a part may have none of a filter, or
        # none of one of its values.
        meta += f'<span data-pagefind-filter="Year:{2020 + n % 3}"></span>'
        meta += f'<span data-pagefind-filter="Committee:{["OPSG", "SSC"][n % 2]}"></span>' if n % 5 else ""
        meta += '<span data-pagefind-filter="Committee:TABASC"></span>' if n == 299 else ""
        path.write_text(f'<!doctype html><html lang="en"><head><title>Page {n}</title></head><body>'
                        f'<nav>Everywhere</nav><div data-pagefind-body>{meta}<h1>Page {n} {rng.choice(WORDS)}</h1>'
                        f'<p>{text}</p><p>OPSG_{n}_2501</p></div></body></html>', encoding="utf-8")


@pytest.fixture(scope="module")
def indexes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    built = {}
    for name, part_pages in (("whole", 10_000), ("in parts", 47)):
        site = tmp_path_factory.mktemp(name.replace(" ", "-")) / "site"
        write_site(site, 300)
        runs = searchindex.build_index(site, part_pages)
        assert runs == (1 if name == "whole" else 7)
        built[name] = site / searchindex.BUNDLE
    return built


def test_an_index_built_in_parts_is_the_index_built_whole(indexes: dict[str, Path]) -> None:
    whole, merged = search_index(indexes["whole"]), search_index(indexes["in parts"])
    assert whole["page_count"] == 300 and len(whole["chunks"]) >= 3  # several chunks to bound
    assert ["tallyho", "tallyho"] in whole["chunks"]
    assert any(variants for _, variants in whole["words"].values())  # café filed under cafe
    assert whole["meta_fields"] == ["author", "date", "title"]
    assert sorted(whole["filters"]) == ["Committee", "Year"] and len(whole["filters"]["Committee"]["TABASC"]) == 1
    for key in ("page_count", "word_counts", "chunks", "meta_fields", "filters"):
        assert merged[key] == whole[key], key
    assert merged["words"].keys() == whole["words"].keys()
    for word, found in merged["words"].items():
        assert found == whole["words"][word], word
    assert not (indexes["in parts"] / "parts.json").exists()


def test_the_merged_index_is_whole_in_the_bundle(indexes: dict[str, Path]) -> None:
    bundle = indexes["in parts"]
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    assert entry["version"] == searchindex.FORMAT
    assert [p.name for p in bundle.glob("*.pf_meta")] == [f"pagefind.{entry['languages']['en']['hash']}.pf_meta"]
    assert len(list((bundle / "fragment").glob("*.pf_fragment"))) == 300
    for name in ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css", "wasm.en.pagefind"):
        assert (bundle / name).read_bytes() == (indexes["whole"] / name).read_bytes(), name
    assert not list(bundle.parent.parent.glob(".search-*"))  # the parts' folders are gone


def test_a_part_of_another_pagefind_format_is_refused(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_site(site, 5)
    searchindex.build_index(site, 10)
    entry_file = site / searchindex.BUNDLE / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text())
    entry["version"] = "1.6.0"
    entry_file.write_text(json.dumps(entry))
    with pytest.raises(searchindex.IndexFormatError, match=r"Pagefind 1\.6\.0 .* reads Pagefind 1\.5\.2"):
        searchindex.merge([site / searchindex.BUNDLE], tmp_path / "merged")
    assert not (tmp_path / "merged").exists()


def test_two_parts_fragments_of_one_name_are_kept_apart(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_site(site, 20)
    pages = searchindex.indexed_pages(site)
    parts = []
    for i, part in enumerate((pages[:10], pages[10:])):
        searchindex.link_pages(site, part, tmp_path / f"pages-{i}")
        parts.append(tmp_path / f"index-{i}")
        searchindex._pagefind(tmp_path / f"pages-{i}", parts[-1])
    # The second part's first page's fragment gets the name of the first part's first page's:
    # two different files of one name, as Pagefind's short hashes can make by chance.
    metas = [next(part.glob("*.pf_meta")) for part in parts]
    taken = searchindex.read_file(metas[0])[1][0][0]
    meta = searchindex.read_file(metas[1])
    own, meta[1][0][0] = meta[1][0][0], taken
    (parts[1] / "fragment" / f"{own}.pf_fragment").rename(parts[1] / "fragment" / f"{taken}.pf_fragment")
    metas[1].write_bytes(searchindex._encoded(meta))

    searchindex.merge(parts, tmp_path / "merged")
    whole = tmp_path / "whole"
    shutil.copytree(site, whole)
    searchindex.build_index(whole, 100)
    merged = search_index(tmp_path / "merged")
    assert merged == search_index(whole / searchindex.BUNDLE)
    assert len(list((tmp_path / "merged" / "fragment").glob("*.pf_fragment"))) == 20


def test_the_merged_index_is_the_same_file_for_file_when_built_again(indexes: dict[str, Path], tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_site(site, 300)
    searchindex.build_index(site, 47)
    assert tree_digest(site / searchindex.BUNDLE) == tree_digest(indexes["in parts"])


def test_a_pagefind_that_fails_fails_the_build_and_the_last_site_stays(tmp_path: Path) -> None:
    """Pagefind's binary is run directly (``PAGEFIND_BINARY_PATH`` chooses it, as for ``python -m
    pagefind``); when it fails, nothing is published without its search index."""
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    site.mkdir()
    (site / "last-good.html").write_text("the last good site")
    result = build(project, "public", site, env={"PAGEFIND_BINARY_PATH": shutil.which("false") or "/bin/false"})
    assert result.returncode != 0
    assert "The search index was not built: Pagefind failed (1)" in result.stderr
    assert [p.name for p in site.iterdir()] == ["last-good.html"]
