"""Bad input: each case gives its exact error, a non-zero exit, and leaves the last good site alone."""

from __future__ import annotations

import copy
import functools
import inspect
import shutil
import typing
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, build, copy_project, editor_reads, places, schema_problems, tree_digest
from pydantic import BaseModel

from headlines import loading, schema
from headlines.errors import HIDDEN, DataErrors

CASES = yaml.safe_load((Path(__file__).parent / "bad_input" / "cases.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def good_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    project = copy_project(tmp_path_factory.mktemp("good") / "project")
    site = project.parent / "site"
    assert build(project, "public", site).returncode == 0
    return site, tree_digest(site)


def _case_text(case: dict) -> str:
    """The text of the case's bad file."""
    if "content" in case:
        return case["content"]
    if "copy_of" in case:
        return (ROOT / "data" / case["copy_of"]).read_text(encoding="utf-8")
    text = (ROOT / "data" / case["file"]).read_text(encoding="utf-8")
    old, new = case["replace"]
    assert text.count(old) == 1, f"the case's anchor text must occur once: {old!r}"
    return text.replace(old, new)


def _write_case(case: dict, project: Path) -> None:
    """The case's bad file (and any beside it) into ``project``'s data."""
    target = project / "data" / case["file"]
    target.parent.mkdir(parents=True, exist_ok=True)
    text = _case_text(case)
    target.write_bytes(text.encode("cp1252" if case.get("latin1") else "utf-8"))
    for rel, content in case.get("also", {}).items():  # more files beside it: an attachment's, say
        (project / "data" / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / "data" / rel).write_text(content, encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_bad_input_is_refused_clearly(case: dict, tmp_path: Path, good_site: tuple[Path, dict[str, str]]) -> None:
    project = copy_project(tmp_path / "project")
    _write_case(case, project)
    site, digest = good_site
    result = build(project, "public", site)
    assert result.returncode != 0
    assert f"  {case['error']}" in result.stderr.splitlines(), result.stderr
    assert case.get("without", "Traceback") not in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(site) == digest
    assert not [p for p in site.parent.iterdir() if ".building-" in p.name]


UNDERLINED = [case for case in CASES if case.get("underlined")]


@pytest.mark.parametrize("case", UNDERLINED, ids=[c["name"] for c in UNDERLINED])
def test_an_editors_json_schema_checker_flags_it_too(case: dict) -> None:
    """The JSON Schemas (schemas/, named by the first line of each file 'headlines new' writes)
    flag, as the editor types, the mistakes of shape the build refuses. The shipped files,
    and everything the build accepts, pass them (test_cli, test_properties)."""
    problems = schema_problems({case["file"]: editor_reads(_case_text(case))})
    assert problems != [], "the JSON Schema accepts it"


def test_the_data_read_on_two_cores_is_refused_as_read_on_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An archive's YAML is read on two cores (``loading._parsed``), each file's lines and columns
    found again only for a message: every case above gives the same problems, at the same
    lines and columns, as when the data is read in one process."""
    monkeypatch.setattr(loading, "_FORK_AT_BYTES", 0)  # the shipped data is less than a fork is worth
    for i, case in enumerate(CASES):
        project = tmp_path / str(i)
        shutil.copytree(ROOT / "data", project / "data")
        _write_case(case, project)
        reports = []
        for in_process in ("1", ""):
            monkeypatch.setenv("HEADLINES_IN_PROCESS", in_process)
            with pytest.raises(DataErrors) as refused:
                loading.load_archive(project / "data")
            reports.append(refused.value.report())
        assert reports[0] == reports[1], case["name"]
        assert f"  {case['error']}" in reports[0].splitlines(), case["name"]
        assert case.get("without", "Traceback") not in reports[0], case["name"]


def test_a_template_that_fails_names_its_page_and_keeps_the_last_good_site(
        tmp_path: Path, good_site: tuple[Path, dict[str, str]]) -> None:
    """The pages are rendered beside the build (the companion): a template's failure there still
    stops the build with the page and the error, and nothing is published."""
    project = copy_project(tmp_path / "project")
    template = project / "theme" / "templates" / "meeting.md.j2"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("{{ meeting.date|long_date }}", "{{ meeting.no_such_field }}", 1), encoding="utf-8")
    site, digest = good_site
    result = build(project, "public", site)
    assert result.returncode != 0
    assert ("A page was not rendered: RenderError: meetings/opsg/2021/opsg-41-2501.md: "
            "UndefinedError: 'headlines.schema.Meeting object' has no attribute 'no_such_field'") in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(site) == digest
    assert not [p for p in site.parent.iterdir() if ".building-" in p.name or ".search-" in p.name]


def _patterns(annotation: Any) -> Iterator[str]:
    """The ``Field(pattern=...)`` patterns in a type, however deep in unions, lists and aliases."""
    for meta in getattr(annotation, "__metadata__", ()):
        for inner in (meta, *getattr(meta, "metadata", ())):
            if isinstance(getattr(inner, "pattern", None), str):
                yield inner.pattern
    for arg in typing.get_args(annotation):
        yield from _patterns(arg)


def test_every_pattern_in_the_schema_is_explained_in_words() -> None:
    """A value that fails a field's pattern is answered with what the field takes, in words
    ('an item number in quotes, like 3 or 3.1'), never with the regular expression."""
    found: set[str] = set()
    for model in vars(schema).values():
        if inspect.isclass(model) and issubclass(model, BaseModel):
            for info in model.model_fields.values():
                found.update(m.pattern for m in info.metadata if isinstance(getattr(m, "pattern", None), str))
                found.update(_patterns(info.annotation))
    assert r"^[0-9]+(\.[0-9]+)*\.?$" in found and len(found) >= 5, found
    assert found <= set(loading.PATTERNS_IN_WORDS), found - set(loading.PATTERNS_IN_WORDS)


def test_every_pattern_in_the_json_schemas_is_explained_in_words_too() -> None:
    """An editor's checker shows ``patternErrorMessage`` where a value fails a pattern (VS Code's
    YAML extension does), in place of the regular expression: every pattern in the JSON
    Schemas has one, and a field's own pattern has the words the build answers with."""
    import json

    messages = 0
    for path in sorted((ROOT / "schemas").glob("*.schema.json")):
        for where, node in places(json.loads(path.read_text(encoding="utf-8"))):
            if isinstance(node, dict) and "pattern" in node:
                assert node.get("patternErrorMessage"), (path.name, where)
                if node["pattern"] in loading.PATTERNS_IN_WORDS:
                    assert node["patternErrorMessage"] == f"allowed: {loading.PATTERNS_IN_WORDS[node['pattern']]}"
                messages += 1
    assert messages > 150, messages



def test_the_json_schemas_keep_dates_and_months_to_the_years_the_build_takes() -> None:
    """The editors' checker underlines a date or a month exactly where the build refuses its
    year: at each end of ``schema.YEARS``, and one year past it."""
    meeting = yaml.safe_load((ROOT / "data/meetings/opsg/2021/OPSG_41_2501.yml").read_text(encoding="utf-8"))
    paper = yaml.safe_load((ROOT / "data/papers/opsg/2021/OPSG_49_2405_03.yml").read_text(encoding="utf-8"))
    for year in (schema.YEARS[0] - 1, schema.YEARS[0], schema.YEARS[-1], schema.YEARS[-1] + 1):
        meeting["date"] = f"{year}-01-25"
        paper["reports"][0]["month"] = f"{year}-03"
        on_date = schema_problems({"meetings/opsg/2021/OPSG_41_2501.yml": meeting})
        assert on_date == ([] if year in schema.YEARS else [
            f"meetings/opsg/2021/OPSG_41_2501.yml: date: '{year}-01-25' does not match '^20[0-9]{{2}}-'"]), year
        # A report is one of several kinds: the checker names the report, fitting none of them.
        on_month = schema_problems({"papers/opsg/2021/OPSG_49_2405_03.yml": paper})
        assert [p.split(": {")[0] for p in on_month] == ([] if year in schema.YEARS else [
            "papers/opsg/2021/OPSG_49_2405_03.yml: reports/0"]), (year, on_month)


def test_the_characters_refused_as_hidden_are_those_a_reader_cannot_see() -> None:
    """``errors.HIDDEN`` finds every control, format, separator and private-use character of
    this Python's Unicode (but for tab, line breaks and the joiners), and nothing a reader
    sees: accents, dashes, symbols, emoji and their joined forms. Past those, it finds only
    code points this Unicode has not assigned (format characters of later versions)."""
    kept = {"\t", "\n", "\r", "\u200c", "\u200d"}
    found, refused = set(), set()
    for point in range(0x110000):
        char = chr(point)
        if 0xD800 <= point <= 0xDFFF:
            continue
        if HIDDEN.fullmatch(char):
            found.add(char)
        if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Co") and char not in kept:
            refused.add(char)
    assert refused - found == set()
    assert {unicodedata.category(char) for char in found - refused} <= {"Cn"}
    assert "\u00ad" in found and "\u202e" in found and "\uf0b7" in found
    assert not HIDDEN.search("Cymraeg ŵ ŷ – £5, 10 °C, ‘quoted’, \u00a0, 🙂, 👨\u200d👩\u200d👧\t\n")


def test_an_unknown_field_anywhere_is_answered_with_the_fields_of_its_own_mapping(tmp_path: Path) -> None:
    """A field added to each mapping of the shipped and canary data in turn: the one problem
    names it, and its 'allowed' list holds every field that mapping already has (a report's
    own kind's fields, not a paragraph's; a former address's 'id' and 'year')."""
    from headlines.cli import SCHEMAS

    wrong, tried = [], 0
    for root in (ROOT / "data", ROOT / "tests/fixtures/canary/data"):
        for path in sorted(root.rglob("*.yml")):
            rel = path.relative_to(root)
            model = loading.KINDS.get(rel.parts[0]) or SCHEMAS[rel.stem]
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            if rel.parts[0] in loading.KINDS and "formerly" not in data:
                data["formerly"] = [{"id": data["id"], "year": data["date"].year - 1}]
            for at in [at for at, value in places(data) if isinstance(value, dict)]:
                changed = copy.deepcopy(data)
                mapping = functools.reduce(lambda value, key: value[key], at, changed)
                fields = list(mapping)
                mapping["zzz_unknown"] = 1
                (tmp_path / rel.name).write_text(yaml.safe_dump(changed, sort_keys=False, allow_unicode=True))
                errors: list[Any] = []
                loading._read_model(loading.read_file(tmp_path / rel.name, rel), model, errors)
                said = [e.message for e in errors if "'zzz_unknown'" in e.message]
                allowed = said[0].split("; allowed: ", 1)[1].split(", ") if len(said) == 1 else []
                if len(said) != 1 or not set(fields) <= set(allowed):
                    wrong.append(f"{rel} at {at}: {[e.message for e in errors]}")
                tried += 1
    assert tried > 200 and wrong == [], "\n".join(wrong[:10])
