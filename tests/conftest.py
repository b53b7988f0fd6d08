"""Shared helpers: copy the project, build real sites with the real mkdocs CLI, read the output."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gzip
import hashlib
import json
import os
import posixpath
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import markdown
import pytest
from headlines import ids
from headlines.classify import redact
from headlines.labels import Audience
from headlines.loading import Archive
from headlines.plugin import SERVICE_PROVIDERS
from headlines.register import default_as_of
from headlines.render import FEED_ENTRIES, Renderer
from headlines.searchindex import read_file

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ["mkdocs.yml", "mkdocs.parties.yml", "content", "theme", "hooks", "data"]
CONFIGS = {"public": "mkdocs.yml", "sec-parties": "mkdocs.parties.yml"}


def copy_project(dest: Path, data: Path | None = None) -> Path:
    """A private copy of the project to build and break; ``data`` replaces data/."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if part == "data" and data is not None:
            src = data
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    return dest


def site_markdown() -> markdown.Markdown:
    """Python-Markdown with the extensions that read the data's text on the sites' pages
    (abbreviations, attributes, Markdown in HTML, tables and lists, as ``mkdocs.yml`` has them)."""
    return markdown.Markdown(extensions=["abbr", "attr_list", "md_in_html", "tables", "sane_lists"])


def renderer_for(archive: Archive, audience: Audience) -> Renderer:
    """The page templates over ``archive`` redacted for ``audience``, with a build's settings,
    in this process (no MkDocs): what a build would render, without building it."""
    redaction = redact(archive, audience, dt.date(2026, 1, 1))
    site = {"site_name": "Headlines", "description": "", "as_of": default_as_of(redaction.archive),
            "updated": {}, "modification_url": "https://example.org/{id}",
            "providers": list(SERVICE_PROVIDERS), "feed_entries": FEED_ENTRIES}
    return Renderer(redaction, ROOT / "theme/templates", site)


def start_on_a_free_port(start: Callable[[int], subprocess.Popen], bound: Callable[[], bool],
                         output: Callable[[subprocess.Popen], str], timeout: float) -> tuple[int, subprocess.Popen]:
    """A server in another process, ``start(port)``, on a loopback port free when chosen, once
    ``bound()`` says it holds it. Another process may take the port before the server binds
    it: the server then stops, saying so (``output``), and is started again on another port."""
    starts = 3
    for _start in range(starts):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        process = start(port)
        deadline = time.monotonic() + timeout
        while process.poll() is None and not bound() and time.monotonic() < deadline:
            time.sleep(0.05)
        if process.poll() is None and bound():
            return port, process
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=30)
            raise AssertionError(f"the server did not start in {timeout} s:\n{output(process)[-3000:]}")
        said = output(process)
        assert "Address already in use" in said, said  # errno 98, in Python's words and nginx's
    raise AssertionError(f"no free port in {starts} starts")


_POLLER = """
import os, sys
path, stop = sys.argv[1], sys.argv[2]
looks = misses = 0
print("polling", flush=True)
while not os.path.exists(stop):
    looks += 1
    misses += not os.path.exists(path)
print(looks, misses)
"""


@contextlib.contextmanager
def read_all_along(path: Path) -> Iterator[list[int]]:
    """Another process (on the other core, as a server's would be) looks for ``path`` again and
    again while the block runs: how many times it looked, and how many it found nothing, in
    the list yielded once the block has run."""
    with tempfile.TemporaryDirectory() as elsewhere:  # its signal to stop, outside the folders watched
        stop = Path(elsewhere) / "stop"
        poller = subprocess.Popen([sys.executable, "-c", _POLLER, str(path), str(stop)], stdout=subprocess.PIPE,
                                  text=True)
        assert poller.stdout is not None and poller.stdout.readline() == "polling\n"
        counts: list[int] = []
        try:
            yield counts
        finally:
            stop.touch()
            counts.extend(map(int, poller.communicate(timeout=60)[0].split()))


GIT = ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org"]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the project in a git repository of its own, committed."""
    project = copy_project(tmp_path / "project")
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run(["git", "add", "-A"], cwd=project, check=True)
    subprocess.run([*GIT, "commit", "-qm", "base"], cwd=project, check=True)
    return project


def edit(repo: Path, rel: str, old: str, new: str) -> None:
    """One change to a file of the project: ``old``, found exactly once, made ``new``."""
    path = repo / rel
    text = path.read_text()
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new))


def build(project: Path, audience: str, site_dir: Path, *extra: str,
          env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of one audience, as an editor or CI runs it; ``env``: variables
    set for it on top of this process's."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / CONFIGS[audience]),
         "-d", str(site_dir), *extra],
        cwd=project, capture_output=True, text=True, timeout=300, env={**os.environ, **(env or {})},
    )


def build_both(project: Path, out: Path) -> dict[str, Path]:
    """Both audiences' sites built from ``project`` into ``out/<audience>``; each build must pass."""
    sites = {}
    for audience in CONFIGS:
        sites[audience] = out / audience
        result = build(project, audience, sites[audience])
        assert result.returncode == 0, result.stderr
    return sites


def build_in_process(project: Path, audience: str, site_dir: Path) -> None:
    """The same build in this process (no interpreter start-up): for tests that build hundreds of sites."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(str(project / CONFIGS[audience]), site_dir=str(site_dir))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()


def add_page(project: Path, name: str, text: str, nav_title: str) -> None:
    """A hand-written page in content/, listed in the nav after About."""
    (project / "content" / name).write_text(text)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - About: about.md\n", f"  - About: about.md\n  - {nav_title}: {name}\n"))


def output_text(path: Path) -> str:
    """A file's text as a reader or a crawler gets it: gzip unpacked (Pagefind's files too,
    whatever their names), JSON strings decoded."""
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    raw = raw.removeprefix(b"pagefind_dcd")
    text = raw.decode("utf-8", errors="replace")
    if path.suffix == ".json" or path.parent.name == "fragment":
        text += "\n" + json.dumps(json.loads(text), ensure_ascii=False)
    return text


def search_text(site: Path) -> str:
    """What the search index holds: every Pagefind fragment (a page's indexed text), decoded."""
    fragments = sorted((site / "pagefind").rglob("fragment/*.pf_fragment"))
    assert fragments, f"no search index in {site}"
    return "\n".join(output_text(p) for p in fragments)


def search_index(bundle: Path) -> dict[str, object]:
    """A Pagefind bundle's index with its page numbers resolved to URLs: each page's word count;
    each word's pages and variant forms' pages, with their positions; the chunks' bounds; each
    filter's values and their pages."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    (language,) = entry["languages"].values()
    meta = read_file(bundle / f"pagefind.{language['hash']}.pf_meta")
    urls = [read_file(bundle / "fragment" / f"{name}.pf_fragment")["url"] for name, _ in meta[1]]

    def resolved(pages: list) -> list:
        number, out = 0, []
        for step, positions, meta_positions in pages:  # each page numbered from the one before
            number += step
            out.append((urls[number], positions, meta_positions))
        return sorted(out)

    words = {}
    for _, _, chunk in meta[2]:
        for word, pages, variants in read_file(bundle / "index" / f"{chunk}.pf_index")[0]:
            words[word] = (resolved(pages), {form: resolved(p) for form, p in variants})
    filters = {}
    for name, file in meta[3]:
        found, values = read_file(bundle / "filter" / f"{file}.pf_filter")
        filters[found] = {value: sorted(urls[n] for n in numbers) for value, numbers in values}
    return {"page_count": language["page_count"], "word_counts": dict(zip(urls, (c for _, c in meta[1]))),
            "words": words, "chunks": [bounds[:2] for bounds in meta[2]], "meta_fields": meta[5], "filters": filters}


def site_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.is_file())


def site_corpus(site: Path) -> str:
    """Every file's text and every file's path, in one string."""
    return "\n".join(f"{p.relative_to(site)}\n{output_text(p)}" for p in site_files(site))


_BANNER_LABEL = re.compile(r'hl-classification--(\w+)')
_LINK = re.compile(r'<a href="([^"#]*)(?:#[^"]*)?"[^>]*>(.*?)</a>', re.S)
_MARK_AFTER = re.compile(r'[^<]{0,80}<span class="hl-label hl-label--(\w+)"')


def page_labels(site: Path) -> dict[str, str]:
    """Each page's folder in the site (``""`` the home page) to its banner's label, lower case."""
    out = {}
    for page in site.rglob("index.html"):
        folder = page.relative_to(site).parent.as_posix()
        found = _BANNER_LABEL.search(page.read_text(encoding="utf-8"))
        out["" if folder == "." else folder] = found.group(1) if found else "none"
    return out


def _article_text(page: Path) -> str:
    html = page.read_text(encoding="utf-8") if page.is_file() else ""
    return re.sub(r"<[^>]+>", "", html[html.find("<article"):html.find("</article>")])


def unmarked_links(parties: Path, public: Path) -> tuple[int, list[tuple[str, str, str]]]:
    """Links on the SEC Parties site's WHITE pages to pages the public site does not have: how
    many, and those not marked with their target's label (page, target, link text). Such a link
    names what the public may not know, on a page its reader is told they may share. Not one
    whose words are a document's or an action's ID that the public site's own page shows too
    (a WHITE paper's "for OPSG_60_1001", an ID in WHITE text): the words are the public's, and
    only the link is the SEC Parties'."""
    labels, public_pages = page_labels(parties), page_labels(public)
    checked, unmarked = 0, []
    for folder, label in sorted(labels.items()):
        if label != "white":
            continue
        html = (parties / folder / "index.html").read_text(encoding="utf-8")
        article = html[html.index("<article"):html.index("</article>")]
        public_text = _article_text(public / folder / "index.html")
        for link in _LINK.finditer(article):
            href = link.group(1)
            if not href or href.startswith(("http:", "https:", "mailto:")):
                continue
            target = posixpath.normpath(posixpath.join(folder, href)).strip("/")
            target = "" if target == "." else target
            if target in public_pages or target not in labels:
                continue
            words = re.sub(r"<[^>]+>", "", link.group(2))
            if any(r.fullmatch(words) for r in (ids.MEETING_RE, ids.PAPER_RE, ids.ACTION_RE)) and words in public_text:
                continue
            checked += 1
            mark = _MARK_AFTER.match(article, link.end())
            if not (mark and mark.group(1) == labels[target]):
                unmarked.append((folder, target, words))
    return checked, unmarked


_PUBLIC_PAGE = re.compile(r'<p class="hl-meta hl-public-page"[^>]*>Public page, to share with anyone: '
                          r'<a href="([^"]+)">')


def public_page_links(parties: Path, public: Path, public_url: str = "https://headlines.example.org/"
                      ) -> tuple[int, list[tuple[str, str | None]]]:
    """Each meeting's and paper's page on the SEC Parties site links its public page exactly
    where the public site has one, and its entry in data.json gives that address: how many
    do, and the pages that are wrong (page, link or "data.json: " and address). The public
    site's data.json gives none."""
    exported = {doc["path"]: doc.get("public_url")
                for doc in json.loads((parties / "data.json").read_text(encoding="utf-8"))["documents"]}
    linked, wrong = 0, []
    for page in sorted(parties.glob("*/**/index.html")):
        folder = page.parent.relative_to(parties).as_posix()
        html = page.read_text(encoding="utf-8")
        if not folder.startswith(("meetings/", "papers/")) or '<meta http-equiv="refresh"' in html:
            continue  # not a document's page: the page at a former address leads on to one
        found = _PUBLIC_PAGE.search(html)
        href = found.group(1) if found else None
        expected = public_url + folder + "/" if (public / folder / "index.html").is_file() else None
        linked += href is not None
        if href != expected:
            wrong.append((folder, href))
        if exported.get(folder + "/") != expected:
            wrong.append((folder, f"data.json: {exported.get(folder + '/')}"))
    published = json.loads((public / "data.json").read_text(encoding="utf-8"))["documents"]
    wrong += [(doc["path"], f"public data.json: {doc['public_url']}") for doc in published if "public_url" in doc]
    return linked, wrong


@functools.cache
def _schema_checker(name: str) -> Any:
    import jsonschema

    schema = json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    # Formats checked too: VS Code's YAML extension underlines a 'format: date' that is not one.
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def schema_problems(files: dict[str, Any]) -> list[str]:
    """What an editor's JSON Schema checker (VS Code's YAML extension, with the schema line
    'headlines new' writes) would underline in data files, given as {path under data/: the
    file's YAML, read (``editor_reads``)}: 'path: where: what', none when every file passes. A
    date read as one is checked as the text YAML writes for it."""
    problems = []
    for rel, value in files.items():
        kind = Path(rel).parts[0]
        name = {"meetings": "meeting", "papers": "paper"}.get(kind, Path(rel).stem)
        as_read = json.loads(json.dumps(value, default=str))
        for error in _schema_checker(name).iter_errors(as_read):
            where = "/".join(str(step) for step in error.absolute_path)
            problems.append(f"{rel}: {where}: {error.message[:200]}")
    return problems


def places(value: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every place in a YAML value read, the root first: its path (keys and list indices) and
    what stands there."""
    yield at, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from places(child, (*at, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from places(child, (*at, i))


WORKFLOW = ROOT / ".github/workflows/publish.yml"


def workflow() -> dict[str, Any]:
    """The CI workflow, read."""
    import yaml

    return yaml.safe_load(WORKFLOW.read_text())


def workflow_step(job: str, runs: str) -> dict[str, Any]:
    """The one step of ``job`` whose script holds ``runs``."""
    (step,) = [s for s in workflow()["jobs"][job]["steps"] if runs in s.get("run", "")]
    return step


def editor_reads(text: str) -> Any:
    """A data file's YAML as an editor's schema checker reads it (for ``schema_problems``): YAML
    1.2, where a date is text as written ('2021-1-25', not the date YAML 1.1 makes of it)."""
    import yaml

    class Loader(yaml.SafeLoader):
        yaml_implicit_resolvers = {first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
                                   for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}

    return yaml.load(text, Loader=Loader)  # noqa: S506 - a SafeLoader without timestamps


def data_files(data: Path) -> dict[str, Any]:
    """Every YAML file under ``data``, read as an editor's schema checker reads it, by its path
    there (for ``schema_problems``)."""
    return {p.relative_to(data).as_posix(): editor_reads(p.read_text(encoding="utf-8"))
            for p in sorted(data.rglob("*.yml"))}


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in site_files(folder)}


def pages(site: Path) -> list[Path]:
    return [p for p in site_files(site) if p.suffix == ".html"]


def sites_of(request: pytest.FixtureRequest, fixture: str) -> list[Path]:
    """The site folders a fixture built: both audiences' (``shipped_sites``) or one (``charted_site``)."""
    built: dict[str, Path] | Path = request.getfixturevalue(fixture)
    return list(built.values()) if isinstance(built, dict) else [built]


CANARY = Path(__file__).parent / "fixtures" / "canary" / "data"


@pytest.fixture(scope="session")
def canary_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Both sites built once from the canary corpus (tests/fixtures/canary)."""
    project = copy_project(tmp_path_factory.mktemp("canary") / "project", data=CANARY)
    return build_both(project, project.parent)


@pytest.fixture(scope="session")
def shipped_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Both sites built once from the shipped data, with the shipped configuration."""
    return build_both(ROOT, tmp_path_factory.mktemp("shipped"))


def second_report(project: Path) -> None:
    """A second report summary in ``project``: the seed paper a month on (OPSG_50_2106_03, its
    reports a month or a quarter later), with the same figures."""
    text = (project / "data/papers/opsg/2021/OPSG_49_2405_03.yml").read_text()
    later = (text.replace("id: OPSG_49_2405_03", "id: OPSG_50_2106_03").replace("date: 2021-05-17", "date: 2021-06-21")
             .replace("April 2021", "May 2021").replace("March 2021", "April 2021").replace("2021-03", "2021-04")
             .replace("Q1 2021", "Q2 2021"))
    (project / "data/papers/opsg/2021/OPSG_50_2106_03.yml").write_text(later)


@pytest.fixture(scope="session")
def charted_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The SEC Parties site of the shipped data with a second report summary
    (``second_report``): every series has two points, so every trend and measure is charted."""
    work = tmp_path_factory.mktemp("charted")
    project = copy_project(work / "project")
    second_report(project)
    result = build(project, "sec-parties", work / "site")
    assert result.returncode == 0, result.stderr
    return work / "site"


SPLIT_PART_PAGES = 7
"""Pages per Pagefind run in ``split_index_sites``: the shipped data in three parts or more."""


@pytest.fixture(scope="session")
def split_index_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Both sites from the shipped data with the search index built in parts of
    ``SPLIT_PART_PAGES`` pages and merged, as a large archive's is (``search_part_pages``,
    hooks/headlines/searchindex.py)."""
    project = copy_project(tmp_path_factory.mktemp("split") / "project")
    for name in CONFIGS.values():
        config = project / name
        text = config.read_text()
        assert "  headlines:\n" in text
        config.write_text(text.replace("  headlines:\n", f"  headlines:\n    search_part_pages: {SPLIT_PART_PAGES}\n", 1))
    return build_both(project, project.parent)


PROPERTY_RUN = pytest.StashKey[dict[str, int]]()


def property_run(config: pytest.Config) -> dict[str, int]:
    """What the property tests ran, for the summary: their examples and markers, all shards."""
    return config.stash.setdefault(PROPERTY_RUN, {"examples": 0, "markers": 0})


def record_property_run(config: pytest.Config, run: dict[str, int]) -> None:
    """Add counts to the summary's: one property test's, or in pytest-xdist's controller a
    worker's. In a worker they go to the controller too, which prints the summary."""
    total = property_run(config)
    for key in total:
        total[key] += run[key]
    if hasattr(config, "workeroutput"):
        config.workeroutput["property_run"] = dict(total)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:  # noqa: ANN001 (pytest-xdist's hook: a worker has finished)
    run = getattr(node, "workeroutput", {}).get("property_run")
    if run:
        record_property_run(node.config, run)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    run = property_run(terminalreporter.config)
    if run["examples"]:
        terminalreporter.write_line(f"property-based leak proofs: {run['examples']} random archives, "
                                    f"{run['markers']} markers, each built for both audiences")
