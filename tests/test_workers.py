"""Work beside the build (the companion, the data's YAML): answers in order, failures reported,
never a silent half result, the same results as in one process."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CANARY, GIT, ROOT, build_in_process, copy_project, edit
from headlines import history, loading, plugin
from headlines.classify import redact
from headlines.labels import audience_named
from headlines.loading import load_archive
from headlines.workers import _STOP, Worker, WorkerError
from headlines.yamlsource import read_yaml
from mkdocs.exceptions import Abort


class Echo:
    def __init__(self) -> None:
        self.pid = os.getpid()
        self.seen: list[object] = []

    def handle(self, message: tuple) -> object:
        kind = message[0]
        if kind == "note":
            self.seen.append(message[1])
            return None
        if kind == "count":
            return self._count(message[1])
        if kind == "seen":
            return list(self.seen)
        if kind == "pid":
            return self.pid
        if kind == "fail":
            raise ValueError("the handler failed on purpose")
        if kind == "die":
            os._exit(3)
        if kind == "unsendable":
            return lambda: None  # no pickle for it
        raise AssertionError(kind)

    def _count(self, n: int) -> Iterator[int]:
        yield from range(n)


@pytest.mark.parametrize("fork", [True, False])
def test_answers_come_back_in_order(fork: bool) -> None:
    worker = Worker(Echo, fork=fork)
    try:
        assert worker.forked is fork
        for i in range(2000):  # more notes than a pipe holds: the build never waits on them
            worker.send(("note", i))
        worker.send(("count", 3))
        assert [worker.answer() for _ in range(3)] == [0, 1, 2]
        assert worker.ask(("seen",)) == list(range(2000))
        assert (worker.ask(("pid",)) != os.getpid()) is fork
    finally:
        worker.close()


@pytest.mark.parametrize("fork", [True, False])
def test_a_first_message_is_answered_before_any_sent(fork: bool) -> None:
    """``first`` goes with the fork, sent by no thread (the data's YAML: ``loading._parsed``)."""
    worker = Worker(Echo, fork=fork, first=("count", 2))
    try:
        worker.send(("pid",))
        assert [worker.answer() for _ in range(2)] == [0, 1]
        assert (worker.answer() != os.getpid()) is fork
    finally:
        worker.close()


@pytest.mark.parametrize("fork", [True, False])
def test_a_failure_in_the_worker_is_raised_in_the_build(fork: bool) -> None:
    worker = Worker(Echo, fork=fork)
    try:
        with pytest.raises(WorkerError, match="ValueError: the handler failed on purpose"):
            worker.ask(("fail",))
    finally:
        worker.close()


@pytest.mark.parametrize("messages", [
    [("unsendable",)],  # the worker's answer does not pickle
    [("note", lambda: None), ("seen",)],  # the build's message does not pickle
], ids=["answer", "message"])
def test_what_cannot_be_sent_is_an_error_not_a_wait(messages: list[tuple]) -> None:
    worker = Worker(Echo, fork=True)
    try:
        for message in messages:
            worker.send(message)
        assert worker._conn.poll(30), "the build would wait for an answer for ever"
        with pytest.raises(WorkerError, match="pickle"):
            worker.answer()
    finally:
        worker.close()


def test_a_worker_that_dies_is_an_error_not_an_answer() -> None:
    worker = Worker(Echo, fork=True)
    try:
        with pytest.raises(WorkerError, match=r"ended \(exit code 3\)"):
            worker.ask(("die",))
    finally:
        worker.close()


def test_a_worker_ends_when_its_build_goes_however_many_workers_there_are() -> None:
    """A build killed outright closes nothing: its workers must see their pipes close and end,
    and no worker may hold another's pipe open (``mkdocs serve`` keeps one per good build)."""
    first, second = Worker(Echo, fork=True), Worker(Echo, fork=True)
    try:
        assert first.ask(("pid",)) and second.ask(("pid",))
        first._outbox.put(_STOP)
        first._conn.close()  # as the build's death would: no message, the pipe just closes
        assert first._wait(timeout=10) == 0
    finally:
        second.close()


def test_a_worker_may_have_workers_of_its_own() -> None:
    """The companion shares the end of its leak check with a process of its own."""
    class Parent(Echo):
        def handle(self, message: tuple) -> object:
            if message[0] == "child pid":
                child = Worker(Echo, fork=True)
                try:
                    return child.ask(("pid",))
                finally:
                    child.close()
            return super().handle(message)

    worker = Worker(Parent, fork=True)
    try:
        grandchild = worker.ask(("child pid",))
        assert grandchild not in (os.getpid(), worker.ask(("pid",)))
    finally:
        worker.close()


def test_a_build_sets_apart_from_the_collector_what_it_holds_till_the_next_build(tmp_path, monkeypatch) -> None:
    """The data a build holds is frozen out of Python's collector while MkDocs converts pages,
    and stays so to the build's end (the interpreter's exit would otherwise walk it all). The
    next build in the process gives it back and collects its garbage first, passed or failed:
    ``mkdocs serve`` builds again and again in one process, and must not hold every build's."""
    import gc

    from conftest import build_in_process, copy_project
    from headlines import plugin
    from mkdocs.exceptions import Abort

    during: list[int] = []
    page_written = plugin.page_written
    monkeypatch.setattr(plugin, "page_written", lambda output, page, config: (
        during.append(gc.get_freeze_count()), page_written(output, page, config))[1])
    project = copy_project(tmp_path / "project")
    plugin._release_collector()  # what an earlier test's build left
    assert gc.get_freeze_count() == 0
    build_in_process(project, "public", tmp_path / "site")
    assert during and min(during) > 0
    first = gc.get_freeze_count()
    assert first > 0

    counts = [first]
    for passes in (True, False, True, True, True, True):
        unlabelled = project / "content" / "unlabelled.md"
        if passes:
            unlabelled.unlink(missing_ok=True)
            build_in_process(project, "public", tmp_path / "site")
            counts.append(gc.get_freeze_count())
        else:
            unlabelled.write_text("# No label\n")  # fails in on_files
            with pytest.raises(Abort):
                build_in_process(project, "public", tmp_path / "site2")
    # Each build holds what it holds, give or take a thousand objects, not that and what each
    # earlier build left too (without the collection at the start, each build of this site froze
    # about 1,300 objects more: 5,000 more over the last four).
    assert counts[-1] - counts[1] < 2500, counts
    plugin._release_collector()
    assert gc.get_freeze_count() == 0


def test_a_worker_works_on_while_the_build_has_not_read_its_answers(tmp_path) -> None:
    """The companion renders every page while MkDocs converts the first ones: what it has made
    waits for the build in the companion, never in a full pipe that would stop it."""
    done = tmp_path / "done"

    class Ahead(Echo):
        def handle(self, message: tuple) -> object:
            return self._ahead() if message[0] == "ahead" else super().handle(message)

        def _ahead(self) -> Iterator[tuple[int, str]]:
            for i in range(64):
                yield i, "x" * 65536  # 4 MB in all: far more than a pipe holds
            done.write_text("all made")

    worker = Worker(Ahead, fork=True)
    try:
        worker.send(("ahead",))
        deadline = time.monotonic() + 30
        while not done.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert done.exists(), "the worker stopped at a full pipe, waiting for the build to read"
        assert [worker.answer()[0] for _ in range(64)] == list(range(64))
    finally:
        worker.close()


def _answer_slowly(monkeypatch: pytest.MonkeyPatch, handler: type) -> None:
    """A worker's ``handler`` made to wait 0.2 s before each answer: the build, not waiting for
    it, does all but the worker's first share of the work."""
    handle = handler.handle

    def slowly(self: object, message: None) -> Iterator[object]:
        for answer in handle(self, message):
            time.sleep(0.2)
            yield answer

    monkeypatch.setattr(handler, "handle", slowly)


@pytest.mark.parametrize("slow_worker", [False, True], ids=["as-it-comes", "slow-worker"])
@pytest.mark.parametrize("data", [ROOT / "data", CANARY], ids=["shipped", "canary"])
def test_the_data_read_on_two_cores_is_the_data_read_on_one(data: Path, slow_worker: bool,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """``loading._parsed``: a worker reads the YAML from the first file on, while the build reads
    from the last backwards whenever the worker's next file is not read yet. However the files
    divide (a slowed worker leaves the build all but the first), the archive is the one read in
    one process, and every file's lines and columns, found again from its bytes, are those a
    read of the file itself gives."""
    monkeypatch.setenv("HEADLINES_IN_PROCESS", "1")
    one = load_archive(data)
    monkeypatch.delenv("HEADLINES_IN_PROCESS")
    monkeypatch.setattr(loading, "_FORK_AT_BYTES", 0)  # however little YAML there is
    if slow_worker:
        _answer_slowly(monkeypatch, loading._Parsing)
    read_here: list[Path] = []  # the worker's own reads are counted in the worker
    parse = loading._parse
    monkeypatch.setattr(loading, "_parse", lambda display, raw: (read_here.append(display), parse(display, raw))[1])
    two = load_archive(data)

    files = [p for p in data.rglob("*.yml")]
    assert len(files) > 3
    if slow_worker:
        assert 0 < len(read_here) < len(files), read_here
        assert data.name / Path(sorted(files)[0].relative_to(data)) not in read_here  # the worker's first
    assert two == one
    for source in two.sources.values():
        direct = read_yaml(data.parent / source.path, problems=[])
        assert source.where(("no such field",)) == direct.positions[()]  # its nearest parent: the document
        assert (source.positions, source.key_positions) == (direct.positions, direct.key_positions), source.path
        assert len(source.positions) > 10


def test_a_yaml_worker_that_dies_fails_the_build_and_publishes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    project = copy_project(tmp_path / "project")
    monkeypatch.setattr(loading, "_FORK_AT_BYTES", 0)
    monkeypatch.setattr(loading._Parsing, "handle", lambda self, message: os._exit(3))
    with pytest.raises(Abort):
        build_in_process(project, "public", tmp_path / "site")
    assert ("The data was not read to its end, so nothing is published: the worker process ended (exit code 3)"
            in caplog.messages)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"]


def _canary_in_git(tmp_path: Path) -> Path:
    """The canary project in git: its data (2024-03-05); a comment added to every file, which
    no site shows (2024-04-01); a GREEN paper's title changed (2024-05-01)."""
    project = copy_project(tmp_path / "project", data=CANARY)

    def commit(day: str) -> None:
        when = {**os.environ, "GIT_COMMITTER_DATE": f"{day}T12:00:00", "GIT_AUTHOR_DATE": f"{day}T12:00:00"}
        subprocess.run(["git", "add", "-A"], cwd=project, check=True)
        subprocess.run([*GIT, "commit", "-qm", day], cwd=project, check=True, env=when)

    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    commit("2024-03-05")
    for path in [*(project / "data/meetings").rglob("*.yml"), *(project / "data/papers").rglob("*.yml")]:
        path.write_text(path.read_text() + "# Checked by the secretariat.\n")
    commit("2024-04-01")
    edit(project, "data/papers/opsg/2022/OPSG_60_1001_01.yml", "canarygreen030\n", "canarygreen030, revised\n")
    commit("2024-05-01")
    return project


@pytest.mark.parametrize("slow_worker", [False, True], ids=["as-it-comes", "slow-worker"])
def test_the_dates_gone_through_on_two_cores_are_those_gone_through_on_one(
        tmp_path: Path, slow_worker: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """``history._walked``: a worker goes back through the documents' versions from the first
    document on, while the build goes through them from the last backwards whenever the worker
    has no answer waiting. However the documents divide (a slowed worker leaves the build all
    but the first), each page's date is the one gone through in one process."""
    project = _canary_in_git(tmp_path)
    data = project / "data"
    archive = load_archive(data)
    redaction = redact(archive, audience_named("sec-parties"), dt.date(2026, 1, 1))
    shows_same = plugin._shows_same(archive, redaction, dt.date(2026, 1, 1))
    monkeypatch.setenv("HEADLINES_IN_PROCESS", "1")
    one = history.last_changed(data, shows_same)
    monkeypatch.delenv("HEADLINES_IN_PROCESS")
    monkeypatch.setattr(history, "_FORK_AT", 0)  # however few documents there are
    monkeypatch.setattr(history, "_BATCH", 1)
    if slow_worker:
        _answer_slowly(monkeypatch, history._Walking)
    walked_here: list[str] = []  # the worker's own are counted in the worker
    walk = history._walk
    monkeypatch.setattr(history, "_walk", lambda file_at, w: (walked_here.append(w[0]), walk(file_at, w))[1])
    two = history.last_changed(data, shows_same)

    walked = [stem for stem in shows_same if len(history.versions(data)[stem]) > 1]
    assert len(walked) == 4
    if slow_worker:
        assert 0 < len(walked_here) < len(walked), walked_here
        assert walked[0] not in walked_here  # the worker's first
    assert two == one
    assert {stem: str(two[stem]) for stem in walked} == {
        **{stem: "2024-03-05" for stem in walked}, "OPSG_60_1001_01": "2024-05-01"}
    assert str(two["SSC_12_0302"]) == "2024-04-01"  # RED: SEC Parties see none of it, nothing to go back through


def test_a_date_worker_that_dies_fails_the_build_and_publishes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """A page dated by the newest commit could tell what only another audience saw change, so a
    worker that fails while going back through the versions fails the build."""
    project = _canary_in_git(tmp_path)
    monkeypatch.setattr(history, "_FORK_AT", 0)
    monkeypatch.setattr(history._Walking, "handle", lambda self, message: os._exit(3))
    with pytest.raises(Abort):
        build_in_process(project, "sec-parties", tmp_path / "site")
    assert ("git did not give the earlier versions of the data files, which date each page by the last change its "
            "site shows: the worker process ended (exit code 3)" in caplog.messages)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"]
