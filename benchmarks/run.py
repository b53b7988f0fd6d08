"""Archive-scale benchmark: prints figures, asserts nothing. Targets are in the README.

    .venv/bin/python benchmarks/run.py            # sizes 1 and 4, seed 1
    .venv/bin/python benchmarks/run.py --sizes 1  # quicker
    .venv/bin/python benchmarks/run.py --rounds 2 # each timing the best of two runs

For each size it builds the synthetic archive (benchmarks/synthetic.py, committed to git in
two steps: ``project_for``) for both audiences in fresh processes, and measures: build time
with the hooks; plain MkDocs and Material building the very same pages, written out
beforehand as Markdown (each plain build right after the hooks' build of the same audience,
so that a machine slowing down meanwhile weighs on both alike); both audiences at once on
two cores, with the hooks and plain; peak memory (proportional set size, see
``peak_memory``), in builds of their own, since sampling it takes CPU time the timed builds
would miss; a meeting page's weight; what a browser downloads before its first search
result (gzipped, measured in Chromium); how often a document's ID, searched on the search
page, puts that document first (30 meetings and papers drawn at random); the SEC Parties
action register's weight, and how long Chromium takes to show it. At the largest size it
also times the preview: after one YAML file is edited, how long until `mkdocs serve` serves
the changed page. First it measures the machine itself: two copies of one CPU-bound program
at once, over one after the other.
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from urllib.parse import quote, unquote, urlsplit
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import generate  # noqa: E402

CONFIGS = {"public": "mkdocs.yml", "sec-parties": "mkdocs.parties.yml"}


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    """Seconds one command takes, run in its own process, with nothing else measuring it."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env={**os.environ, **(env or {})},
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr.decode()[-3000:]}")
    return elapsed


def peak_memory(cmd: list[str], cwd: Path) -> int:
    """Peak memory (bytes) of one command, run in its own process.

    The memory is the largest sum, sampled every 50 ms, of the proportional set size (PSS) of
    the command and every process under it at that moment (a build, its companion, Pagefind,
    the index merge): memory two processes share, as a forked companion shares the build's,
    is counted once between them, not once in each as resident sizes would count it. It is at
    least the largest resident size of a single process the kernel saw (``ru_maxrss``), which
    a sample can miss. Reading every process's PSS takes tens of milliseconds of CPU each
    time, so a build measured this way is not timed."""
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        peak = max(peak, _tree_pss(proc.pid))
        time.sleep(0.05)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr.read().decode()[-3000:]}")
    return max(peak, usage.ru_maxrss * 1024)


def machine_at_once(seconds: float = 3.0) -> float:
    """Two copies of one CPU-bound program at once, over the two one after the other: what two
    cores give this machine at best (0.5 on two whole cores to itself)."""
    loop = [sys.executable, "-c", "import time\nend = time.process_time() + %s\nwhile time.process_time() < end: pass"
            % seconds]
    sequential = sum(run(loop, ROOT) for _ in range(2))
    return at_once([loop, loop], ROOT) / sequential


def _tree_pss(root: int) -> int:
    """Proportional set size, in bytes, of ``root`` and all its descendants now (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))  # fields[1]: the parent's pid
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                total += next(int(line.split()[1]) for line in f if line.startswith("Pss:")) * 1024
        except (OSError, StopIteration):
            pass
        todo.extend(children.get(pid, []))
    return total


def build_cmd(project: Path, audience: str, site: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / CONFIGS[audience]), "-d", str(site)]


def project_for(size: int, seed: int, work: Path) -> tuple[Path, int]:
    """The project with the synthetic archive, in a git repository as a real archive is: the
    headlines and papers in one commit, the minutes added to the meetings' files in the next,
    as a secretariat publishes them. So each build dates each page by what its site shows of
    the file, reading the version before the minutes (``history.last_changed``)."""
    project = work / f"size{size}"
    project.mkdir(parents=True, exist_ok=True)
    for part in ("mkdocs.yml", "mkdocs.parties.yml"):
        shutil.copy2(ROOT / part, project / part)
    for part in ("content", "theme", "hooks"):
        shutil.copytree(ROOT / part, project / part, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
    documents = generate(size, seed, project)
    for path in (project / "data" / "meetings").rglob("*.yml"):
        meeting = yaml.safe_load(path.read_text())
        meeting.pop("minutes", None)
        path.write_text(yaml.safe_dump(meeting, sort_keys=False, allow_unicode=True))
    git = ["git", "-c", "user.name=Secretariat", "-c", "user.email=secas@example.org"]
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    for day, message in (("2026-11-02", "headlines and papers"), ("2026-11-30", "minutes")):
        if message == "minutes":
            generate(size, seed, project)  # the same archive again, minutes and all
        subprocess.run(["git", "add", "-A"], cwd=project, check=True)
        when = {"GIT_AUTHOR_DATE": f"{day}T12:00:00", "GIT_COMMITTER_DATE": f"{day}T12:00:00"}
        subprocess.run([*git, "commit", "-qm", message], cwd=project, check=True, env={**os.environ, **when})
    return project, documents


def plain_config(project: Path, audience: str, docs: Path) -> Path:
    """Plain MkDocs and Material: the same theme (its features, its light and dark palette),
    styles, scripts, extensions, nav and link validation, no hooks. Every page but the nav's is
    out of the nav, as the hooks add theirs; Material's search stands in for Pagefind."""
    base = yaml.load((project / CONFIGS["public"]).read_text(), Loader=yaml.BaseLoader)  # !ENV left as text
    statements = _statements()
    config = {
        "site_name": "plain", "site_url": "https://example.org/", "docs_dir": str(docs), "strict": False,
        "theme": {"name": "material", "custom_dir": str(project / "theme/overrides"), "font": False,
                  "features": base["theme"]["features"], "palette": base["theme"]["palette"]},
        "extra_css": base["extra_css"], "extra_javascript": base["extra_javascript"],
        "extra": {"audience": {"key": audience, "name": audience, "ceiling": "GREEN"},
                  "classification_statements": statements, "preview": False, "generator": False},
        "markdown_extensions": ["abbr", "attr_list", "md_in_html", "tables", "sane_lists", {"toc": {"permalink": True}}],
        "plugins": [{"search": {"separator": r"[\s\-_/,]+"}}],
        "nav": base["nav"], "not_in_nav": "*",
        "validation": base["validation"],
    }
    path = project / f"plain-{audience}.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


def data_files(site: Path) -> list[str]:
    """The files the hooks generate beside the pages (calendar, feeds, data.json), which the
    pages link to: paths in ``site``. Not the sitemap or the search index, which MkDocs and its
    search plugin make for themselves."""
    return sorted(rel.as_posix() for rel in (p.relative_to(site) for p in site.rglob("*"))
                  if rel.suffix in (".ics", ".json", ".xml") and rel.name != "sitemap.xml"
                  and rel.parts[0] not in ("pagefind", "assets"))


def _statements() -> dict[str, str]:
    sys.path.insert(0, str(ROOT / "hooks"))
    from headlines.labels import Label

    return {label.display: label.statement for label in Label}


def search_payload(site: Path, query: str = "firmware") -> int:
    """Bytes (gzipped) Chromium fetches from opening the home page to the first search result:
    the page and its assets, the search page, Pagefind's script, its WebAssembly, the index
    chunks for the query's words and the first results' fragments."""
    sys.path.insert(0, str(ROOT / "tests"))
    from browser import CHROMIUM_ARGS, chromium_path, serve
    from playwright.sync_api import sync_playwright

    paths: set[str] = set()
    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("response", lambda r: paths.add(urlsplit(r.url).path) if r.ok else None)
        page.goto(url + "/")
        page.fill("#hl-header-search-q", query)
        page.press("#hl-header-search-q", "Enter")
        page.locator(".pagefind-ui__result-title a").first.wait_for()
        page.wait_for_load_state("networkidle")
        browser.close()
    # Each response read from the site's own files (a body is gone once its page is left).
    bodies = [(site / unquote(p).lstrip("/") / ("index.html" if p.endswith("/") else "")).read_bytes() for p in paths]
    # What a server sends compressed: already-gzipped files (Pagefind's) as they are.
    return sum(min(len(body), len(gzip.compress(body))) for body in bodies)


_OWN_ID = re.compile(r'id="hl-spellings-id">([^ <]+)')


def id_ranking(site: Path, sample: int = 30, seed: int = 7) -> tuple[int, int]:
    """(how many of ``sample`` documents, drawn at random from the site's meetings and papers,
    come first when their ID is searched on the search page; ``sample``)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from browser import CHROMIUM_ARGS, chromium_path, search_results, serve
    from playwright.sync_api import sync_playwright

    documents = []
    for page_file in sorted([*site.glob("meetings/*/*/*/index.html"), *site.glob("papers/*/*/*/index.html")]):
        found = _OWN_ID.search(page_file.read_text(encoding="utf-8"))
        if found:
            documents.append((found.group(1), "/" + page_file.parent.relative_to(site).as_posix() + "/"))
    chosen = random.Random(seed).sample(documents, min(sample, len(documents)))
    first = 0
    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page()
        for query, own in chosen:
            page.goto(f"{url}/search/?q={quote(query)}")
            first += search_results(page, query)[:1] == [own]
        browser.close()
    return first, len(chosen)


def register_open(site: Path, rounds: int = 2) -> tuple[int, int, float]:
    """The action register: (its HTML's bytes, its actions, seconds Chromium takes from opening
    it to the first frame painted after its load event, the best of ``rounds``)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from browser import CHROMIUM_ARGS, chromium_path, serve
    from playwright.sync_api import sync_playwright

    raw = (site / "actions/index.html").read_bytes()
    best = float("inf")
    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        for _ in range(rounds):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            start = time.perf_counter()
            page.goto(url + "/actions/", wait_until="load")
            page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
            best = min(best, time.perf_counter() - start)
            page.close()
        browser.close()
    return len(raw), raw.count(b'class="hl-register-entry"'), best


def preview_latency(project: Path) -> float:
    """Seconds from saving one edited YAML file to `mkdocs serve` serving the changed page."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"),
                               "-a", f"127.0.0.1:{port}", "--livereload"], cwd=project,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        meeting = sorted((project / "data/meetings").rglob("*.yml"))[-1]
        url = f"http://127.0.0.1:{port}/meetings/{meeting.parent.parent.name}/{meeting.parent.name}/" \
              f"{meeting.stem.lower().replace('_', '-')}/"
        deadline = time.monotonic() + 900
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(url, timeout=2).read()
                break
            except OSError:
                time.sleep(0.5)
        marker = "Benchmarkedit"
        text = meeting.read_text()
        start = time.perf_counter()
        meeting.write_text(text.replace("headlines:\n  classification: WHITE\n  items:\n  - number: '1'\n    title: ",
                                        f"headlines:\n  classification: WHITE\n  items:\n  - number: '1'\n    title: {marker} ", 1))
        while time.monotonic() < deadline:
            try:
                if marker in urllib.request.urlopen(url, timeout=5).read().decode():
                    return time.perf_counter() - start
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit("the preview never served the change")
    finally:
        server.terminate()
        server.wait(timeout=30)


def at_once(cmds: list[list[str]], cwd: Path) -> float:
    """Seconds for the commands run at the same time, each in its own process."""
    start = time.perf_counter()
    procs = [subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for cmd in cmds]
    if not all(p.wait() == 0 for p in procs):
        raise SystemExit(f"failed: {cmds}")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=1, help="runs of each timing, the best kept")
    args = parser.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"  two copies of a CPU-bound program at once: {machine_at_once():.2f} of one after the other "
          "(0.50 on two whole cores)")
    results = {}
    with tempfile.TemporaryDirectory(prefix="headlines-bench-") as tmp:
        work = Path(tmp)
        for size in args.sizes:
            project, documents = project_for(size, args.seed, work)
            sites = {a: work / f"site{size}-{a}" for a in CONFIGS}
            dumps = {a: work / f"dump{size}-{a}" for a in CONFIGS}
            plain_cmds = {a: [sys.executable, "-m", "mkdocs", "build", "-q",
                              "-f", str(plain_config(project, a, dumps[a])),
                              "-d", str(work / f"plain{size}-{a}")] for a in CONFIGS}
            hooks_times: dict[str, float] = {}
            plain_times: dict[str, float] = {}
            for round_ in range(args.rounds):
                for audience in CONFIGS:
                    # The first round also writes the pages out for plain MkDocs (in the companion).
                    seconds = run(build_cmd(project, audience, sites[audience]), project,
                                  {"HEADLINES_DUMP_DIR": str(dumps[audience])} if round_ == 0 else None)
                    hooks_times[audience] = min(seconds, hooks_times.get(audience, seconds))
                    if round_ == 0:
                        shutil.copytree(project / "content", dumps[audience], dirs_exist_ok=True)
                        for extra in data_files(sites[audience]):
                            (dumps[audience] / extra).parent.mkdir(parents=True, exist_ok=True)
                            shutil.copy2(sites[audience] / extra, dumps[audience] / extra)
                    seconds = run(plain_cmds[audience], project)
                    plain_times[audience] = min(seconds, plain_times.get(audience, seconds))
            hooks, plain, longest = sum(hooks_times.values()), sum(plain_times.values()), max(hooks_times.values())
            concurrent = min(at_once([build_cmd(project, a, work / f"conc{size}-{a}") for a in CONFIGS], project)
                             for _ in range(args.rounds))
            plain_concurrent = min(at_once(list(plain_cmds.values()), project) for _ in range(args.rounds))
            memory = max(peak_memory(build_cmd(project, a, work / f"mem{size}-{a}"), project) for a in CONFIGS)
            meetings = sorted(sites["public"].glob("meetings/*/*/*/index.html"))
            meeting = meetings[len(meetings) // 2]
            results[size] = {"documents": documents, "hooks": hooks, "public": hooks_times["public"],
                             "plain": plain, "concurrent": concurrent,
                             "plain_concurrent": plain_concurrent,
                             "memory": memory, "page": meeting.stat().st_size,
                             "search": search_payload(sites["public"]), "search_parties": search_payload(sites["sec-parties"]),
                             "ids": id_ranking(sites["public"]), "ids_parties": id_ranking(sites["sec-parties"]),
                             "register": register_open(sites["sec-parties"])}
            r = results[size]
            print(f"\nsize {size}: {documents} document files")
            print(f"  both audiences, hooks, one after the other: {hooks:7.1f} s   "
                  f"(public {hooks_times['public']:.1f} s, SEC Parties {hooks_times['sec-parties']:.1f} s)")
            print(f"  the same pages, plain MkDocs + Material:    {plain:7.1f} s   overhead {hooks / plain:.2f}x (target <= 1.10)   "
                  f"(public {hooks_times['public'] / plain_times['public']:.2f}x, "
                  f"SEC Parties {hooks_times['sec-parties'] / plain_times['sec-parties']:.2f}x)")
            print(f"  both audiences at once on two cores:        {concurrent:7.1f} s   {concurrent / hooks:.2f} of sequential (target <= 0.60)")
            print(f"    (the longer build alone is {longest / hooks:.2f} of sequential: at once can do no better)")
            print(f"    (plain MkDocs + Material, the same pages at once: {plain_concurrent:.1f} s, "
                  f"{plain_concurrent / plain:.2f} of its sequential)")
            print(f"  peak memory of one build (PSS):             {memory / 2**20:7.0f} MiB, its processes together (target <= 1024 at size 4)")
            print(f"  a meeting page's HTML:                      {r['page'] / 1024:7.1f} KB (target <= 100 at size 4)")
            print(f"  before the first search result (gzipped):   {r['search'] / 2**20:7.2f} MB public, "
                  f"{r['search_parties'] / 2**20:.2f} MB SEC Parties (target <= 1 MB at size 4)")
            weight, actions, seconds = r["register"]
            print(f"  the SEC Parties action register:            {weight / 2**20:7.1f} MB, {actions} actions, "
                  f"painted {seconds:.1f} s after Chromium opens it")
            print(f"  a document's ID searched, its page first:   {r['ids'][0]} of {r['ids'][1]} public, "
                  f"{r['ids_parties'][0]} of {r['ids_parties'][1]} SEC Parties (sampled meetings and papers)")
        if len(results) > 1:
            small, large = min(results), max(results)
            print(f"\ngrowth: build time at size {large} / size {small}: {results[large]['hooks'] / results[small]['hooks']:.2f} "
                  f"for {results[large]['documents'] / results[small]['documents']:.1f}x the documents (target <= 4.4 for 4x)")
        largest = max(results)
        latency = preview_latency(work / f"size{largest}")
        full = results[largest]["public"]
        print(f"preview at size {largest}: the edited page served {latency:.1f} s after saving; a full public build takes "
              f"{full:.1f} s: {latency / full:.2f} of it (target <= 0.10)")


if __name__ == "__main__":
    main()
