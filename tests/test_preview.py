"""The preview (``mkdocs serve``, as ``headlines preview`` runs it): an edit to a meeting is
shown by the fast path before the full rebuild; the fast path checks for leaks too, and
leaves to the full rebuild whatever it cannot do exactly."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, copy_project, start_on_a_free_port

MEETING = "data/meetings/opsg/2021/OPSG_41_2501.yml"
URL_PATH = "/meetings/opsg/2021/opsg-41-2501/"
GREEN_SENTENCE = ("The DCC reported final Secure MOC preparations are being implemented and remote working "
                  "arrangements are in place to support staff.")


class Server:
    """``mkdocs serve`` of ``project`` on a loopback port, once it has bound it (MkDocs logs
    "Serving on"), which it does after its first build."""

    def __init__(self, project: Path, log: Path, reload: str = "--livereload") -> None:
        self.project, self.log, self.reload = project, log, reload
        self.port, self.process = start_on_a_free_port(self._start, lambda: "Serving on" in self.logged(),
                                                       lambda _process: self.logged(), timeout=180)

    def _start(self, port: int) -> subprocess.Popen:
        with self.log.open("w") as log:  # the server writes to its own copy
            return subprocess.Popen(
                [sys.executable, "-m", "mkdocs", "serve", "-f", str(self.project / "mkdocs.yml"), "-a",
                 f"127.0.0.1:{port}", self.reload], cwd=self.project, stdout=subprocess.DEVNULL, stderr=log)

    def get(self, path: str) -> str:
        return urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=10).read().decode()

    def wait_for(self, condition, what: str, timeout: float = 180) -> None:  # noqa: ANN001
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if condition():
                    return
            except OSError:
                pass
            assert self.process.poll() is None, self.log.read_text()
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {what}:\n{self.log.read_text()[-3000:]}")

    def logged(self) -> str:
        return self.log.read_text()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[Server, Path]]:
    project = copy_project(tmp_path / "project")
    running = Server(project, tmp_path / "serve.log")
    try:
        running.wait_for(lambda: running.get(URL_PATH), "the first page")
        yield running, project
    finally:
        running.process.terminate()
        running.process.wait(timeout=30)


def test_an_edit_is_shown_by_the_fast_path_then_rebuilt(server: tuple[Server, Path]) -> None:
    running, project = server
    meeting = project / MEETING
    meeting.write_text(meeting.read_text().replace("title: DCC Pandemic Update", "title: DCC Pandemic Previewedit", 1))
    running.wait_for(lambda: "DCC Pandemic Previewedit" in running.get(URL_PATH), "the edited page")
    running.wait_for(lambda: running.logged().count("Leak check passed") >= 2, "the full rebuild")
    log = running.logged()
    fast = log.index(f"Preview: updated {URL_PATH.strip('/')}/index.html at once")
    assert fast < log.rindex("Leak check passed")  # the fast path came first, then the full rebuild
    assert "DCC Pandemic Previewedit" in running.get(URL_PATH)


def test_the_preview_runs_the_pages_scripts_as_the_site_does(server: tuple[Server, Path]) -> None:
    """A page served by the preview states the site's policy, naming its scripts by their
    digests, the reload script the server writes into it among them: in Chromium, the page
    reloads itself when its file is saved, and the policy refuses nothing of the page's own."""
    from browser import stated_policy

    from headlines.render import CONTENT_SECURITY_POLICY

    running, project = server
    policy, scripts, _ = stated_policy(running.get(URL_PATH))
    assert policy == CONTENT_SECURITY_POLICY and len(scripts) == 6, scripts  # the theme's five, and the reload
    with _in_chromium(running) as page:
        meeting = project / MEETING
        meeting.write_text(meeting.read_text().replace("title: DCC Pandemic Update", "title: DCC Pandemic Reloaded", 1))
        # While the page reloads, for a moment there is no body yet.
        page.wait_for_function("() => document.body?.textContent.includes('DCC Pandemic Reloaded')", timeout=120_000)


def test_without_its_reload_the_preview_serves_the_site_as_built(tmp_path: Path) -> None:
    """``mkdocs serve --no-livereload`` calls no ``on_serve``: its first build is put in place
    all the same, and its pages name their scripts as the build named them."""
    from browser import stated_policy

    from headlines.render import CONTENT_SECURITY_POLICY

    running = Server(copy_project(tmp_path / "project"), tmp_path / "serve.log", "--no-livereload")
    try:
        policy, scripts, _ = stated_policy(running.get(URL_PATH))
        assert policy == CONTENT_SECURITY_POLICY and len(scripts) == 5, scripts  # the theme's, no reload
    finally:
        running.process.terminate()
        running.process.wait(timeout=30)


def _served_in_process(project: Path, site: Path) -> None:
    """A first ``mkdocs serve`` build, in this process, leaving what the fast path starts from."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from headlines import plugin

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=False)
    mkdocs_build(config)
    plugin._publish()
    assert plugin.last_build is not None


def _edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text().replace(old, new, 1))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_the_fast_path_writes_only_what_passes_its_leak_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from headlines import plugin, preview
    from headlines.classify import redact

    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    _served_in_process(project, site)
    page = site / URL_PATH.strip("/") / "index.html"

    chimsm = '<abbr title="Communications Hub Installation and Maintenance Support Materials">CHIMSM</abbr>'
    assert chimsm not in page.read_text()
    _edit(project / MEETING, "title: DCC Pandemic Update", "title: DCC Pandemic Fastedit of the CHIMSM")
    assert preview.fast_update(plugin.last_build) == [f"{URL_PATH.strip('/')}/index.html"]
    assert "DCC Pandemic Fastedit" in page.read_text()
    assert chimsm in page.read_text()  # a glossary term new to the page is defined there at once

    # A redaction bug lets GREEN minutes of another meeting into this page: refused, not written.
    def leaky(archive, audience, today):  # noqa: ANN001, ANN202
        redaction = redact(archive, audience, today)
        meeting = redaction.archive.meetings["OPSG_41_2501"].model_copy(deep=True)
        meeting.headlines.intro = GREEN_SENTENCE
        redaction.archive.meetings["OPSG_41_2501"] = meeting
        return redaction

    monkeypatch.setattr(preview, "redact", leaky)
    _edit(project / MEETING, "title: DCC Pandemic Fastedit", "title: DCC Pandemic Secondedit")
    assert preview.fast_update(plugin.last_build) == []
    assert "Secure MOC" not in page.read_text() and "DCC Pandemic Fastedit" in page.read_text()


def test_the_fast_path_leaves_what_it_cannot_do_exactly_to_the_full_build(tmp_path: Path) -> None:
    from headlines import plugin, preview

    project = copy_project(tmp_path / "project")
    _served_in_process(project, tmp_path / "site")
    committees = project / "data/committees.yml"
    before = committees.stat()
    _edit(committees, "Operations Group", "Operations Group (renamed)")
    assert preview.fast_update(plugin.last_build) == []
    committees.write_text((ROOT / "data/committees.yml").read_text())
    os.utime(committees, ns=(before.st_atime_ns, before.st_mtime_ns))  # as built: the checks below are the meeting's
    _edit(project / MEETING, "title: DCC Pandemic Update", "title: [unclosed")
    assert preview.fast_update(plugin.last_build) == []  # an error: the full build reports it
    _edit(project / MEETING, "title: [unclosed", 'title: "Agenda item title (to replace)"')
    assert preview.fast_update(plugin.last_build) == []  # a placeholder the full build refuses
    _edit(project / MEETING, 'title: "Agenda item title (to replace)"', "title: DCC Pandemic Filledin")
    assert preview.fast_update(plugin.last_build) == [f"{URL_PATH.strip('/')}/index.html"]


def test_the_fast_path_leaves_an_attachments_file_to_the_full_build(tmp_path: Path) -> None:
    """Which sites hold an attachment's file is the full build's to say: a file named, renamed
    or relabelled waits for it; the paper's text edited beside its files does not."""
    from test_attachments import attach

    from headlines import plugin, preview

    project = copy_project(tmp_path / "project")
    attach(project)  # the paper lowered to WHITE, with a WHITE CSV
    site = tmp_path / "site"
    _served_in_process(project, site)
    paper = project / "data/papers/opsg/2021/OPSG_49_2405_03.yml"
    page = site / "papers/opsg/2021/opsg-49-2405-03/index.html"
    _edit(paper, "file: returns.csv", "file: returns.csv\n    classification: GREEN")  # off the public site
    assert preview.fast_update(plugin.last_build) == []
    assert 'href="returns.csv"' in page.read_text()  # as the last build wrote it
    _edit(paper, "file: returns.csv\n    classification: GREEN", "file: returns.csv")
    _edit(paper, "title: DCC SEC Panel Reports Summary", "title: DCC SEC Panel Reports Summary, edited")
    assert preview.fast_update(plugin.last_build) == ["papers/opsg/2021/opsg-49-2405-03/index.html"]
    assert "Reports Summary, edited" in page.read_text() and 'href="returns.csv"' in page.read_text()


def test_the_preview_holds_draft_docs_to_the_labels_too(tmp_path: Path) -> None:
    """``mkdocs serve`` writes the pages and files of ``draft_docs``, which ``mkdocs build``
    leaves out. In the preview a file there that no page lists is refused as in a build (it
    was copied into the public preview), and one a GREEN draft lists is not on the public
    preview. ``validate`` names it; ``mkdocs build`` leaves it out."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort
    from test_cli import headlines

    from headlines import plugin

    project = copy_project(tmp_path / "project")
    config_file = project / "mkdocs.yml"
    config_file.write_text(config_file.read_text().replace("strict: true\n",
                                                           "strict: true\ndraft_docs: |\n  drafts/\n"))
    drafts = project / "content" / "drafts"
    drafts.mkdir()
    (drafts / "guide.md").write_text("---\nclassification: GREEN\n---\n\n# Draft guide\n")
    (drafts / "returns.pdf").write_bytes(b"%PDF-1.4 the draft returns (GREEN)")

    def serve_build(site: Path) -> None:
        config = load_config(str(config_file), site_dir=str(site))
        config.plugins.on_startup(command="serve", dirty=False)
        mkdocs_build(config, serve_url="http://127.0.0.1:8000/")
        plugin._publish()

    with pytest.raises(Abort):
        serve_build(tmp_path / "refused")
    assert not (tmp_path / "refused").exists()
    validated = headlines(project, "validate")
    assert validated.returncode == 1
    assert "content/drafts/returns.pdf: a file beside the hand-written pages that no page lists" in validated.stderr
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config_file), "-d",
                            str(tmp_path / "built")], cwd=project, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    assert not (tmp_path / "built" / "drafts").exists()
    (drafts / "guide.md").write_text("---\nclassification: GREEN\nfiles: [returns.pdf]\n---\n\n# Draft guide\n")
    serve_build(tmp_path / "served")
    assert (tmp_path / "served" / "index.html").is_file()
    assert not (tmp_path / "served" / "drafts").exists()


def test_a_failed_rebuild_serves_the_last_good_site_with_a_notice(server: tuple[Server, Path]) -> None:
    """MkDocs would hold every request until the files are fixed. The site served is whole, so
    browsers are shown it, with a notice that names no file: on the public preview, file
    names and the values in errors could be GREEN."""
    running, project = server
    meeting = project / MEETING
    good = meeting.read_text()
    meeting.write_text(good.replace("title: DCC Pandemic Update", "title: DCC Pandemic Brokenedit\n  bad: [", 1))
    running.wait_for(lambda: "An error happened during the rebuild" in running.logged(), "the failed rebuild")
    page = running.get(URL_PATH)  # at once: not held till the error is fixed
    assert 'role="alert" class="hl-rebuild-failed"' in page and "The terminal running the preview" in page
    assert "DCC Pandemic Update" in page and "Brokenedit" not in page  # the last good build
    notice = page[page.index('class="hl-rebuild-failed"'):]
    assert "OPSG_41_2501" not in notice and ".yml" not in notice
    assert _notice_as_shown(running) == ["sticky", "rgb(139, 0, 0)", "rgb(255, 255, 255)"]  # by headlines.css
    meeting.write_text(good)
    running.wait_for(lambda: "hl-rebuild-failed" not in running.get(URL_PATH), "the rebuild after the fix")
    assert running.logged().count("Leak check passed") >= 2


@contextlib.contextmanager
def _in_chromium(running: Server) -> Iterator[Any]:
    """The preview's page ``URL_PATH``, loaded in Chromium; nothing of it is refused by its
    policy, to the end."""
    from browser import CHROMIUM_ARGS, chromium_path
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        refused: list[str] = []
        page.on("console", lambda message: "Content Security Policy" in message.text and refused.append(message.text))
        page.goto(f"http://127.0.0.1:{running.port}{URL_PATH}")
        page.wait_for_load_state("load")
        yield page
        browser.close()
    assert not refused, refused


def _notice_as_shown(running: Server) -> list[str]:
    """The preview's notice on a page in Chromium: how it is placed and coloured, from the
    site's stylesheet (a style attribute would not apply)."""
    with _in_chromium(running) as page:
        return page.locator(".hl-rebuild-failed").evaluate(
            "e => { const s = getComputedStyle(e); return [s.position, s.backgroundColor, s.color]; }")


def _two_free_ports() -> int:
    """A loopback port N, N and N+1 free when chosen ('headlines preview --port N' takes both)."""
    import socket

    for _ in range(50):
        with socket.socket() as first:
            first.bind(("127.0.0.1", 0))
            port = first.getsockname()[1]
            with socket.socket() as second:
                try:
                    second.bind(("127.0.0.1", port + 1))
                except OSError:
                    continue
        return port
    raise AssertionError("no two free ports side by side")


def _serving(port: int, parent: int | None = None) -> list[int]:
    """The processes whose command line serves on 127.0.0.1:``port`` (a server's forked helpers
    too, which share it), or only those ``parent`` started."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().split(b"\0")
            ppid = int((cmdline.parent / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if b"serve" in args and f"127.0.0.1:{port}".encode() in args and parent in (None, ppid):
            found.append(int(cmdline.parent.name))
    return found


def test_headlines_preview_serves_both_sites_and_stops_both_when_one_stops(tmp_path: Path) -> None:
    """The editors' command: the public site on --port, the SEC Parties site on the next, each a
    mkdocs serve of its own. When one stops (its port taken meanwhile, say), the other is not
    left running, unseen, behind an address the editor no longer looks at."""
    project = copy_project(tmp_path / "project")
    port = _two_free_ports()
    log = tmp_path / "preview.log"
    with log.open("w") as out:
        preview = subprocess.Popen([sys.executable, "-m", "headlines", "preview", "--port", str(port)], cwd=project,
                                   stdout=out, stderr=subprocess.STDOUT)
    try:
        pages = {}
        deadline = time.monotonic() + 180
        while len(pages) < 2 and time.monotonic() < deadline:
            assert preview.poll() is None, log.read_text()[-3000:]
            for at in (port, port + 1):
                try:
                    pages[at] = urllib.request.urlopen(f"http://127.0.0.1:{at}/", timeout=10).read().decode()
                except OSError:
                    time.sleep(0.3)
        assert len(pages) == 2, log.read_text()[-3000:]
        assert "TLP:WHITE" in pages[port] and "SEC Parties site." not in pages[port]
        assert "SEC Parties site." in pages[port + 1]
        (parties,) = _serving(port + 1, parent=preview.pid)
        os.kill(parties, 15)
        assert preview.wait(timeout=60) is not None
        deadline = time.monotonic() + 15  # a build's helper, forked from its server, ends when it sees it gone
        while _serving(port) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _serving(port) == [], "the public preview was left running"
    finally:
        if preview.poll() is None:
            preview.terminate()
            preview.wait(timeout=30)
        for pid in _serving(port) + _serving(port + 1):
            os.kill(pid, 9)


def test_headlines_preview_on_a_port_in_use_says_so_and_starts_nothing(tmp_path: Path) -> None:
    import socket

    project = copy_project(tmp_path / "project")
    port = _two_free_ports()
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", port + 1))
        holder.listen()
        result = subprocess.run([sys.executable, "-m", "headlines", "preview", "--port", str(port)], cwd=project,
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr == (f"headlines: port {port + 1} on 127.0.0.1 is in use (another preview?); allowed: "
                             "--port N, with N and N+1 free\n")
    assert result.stdout == "" and _serving(port) == []
