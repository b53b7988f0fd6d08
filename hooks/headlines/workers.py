"""Work of one build done beside it, in a process of its own, on a core the build leaves idle.

MkDocs builds a site in one thread. The hooks' heavy work that need not wait for MkDocs (the
leak check reading what is written, the templates rendering the pages MkDocs is about to
read) runs in a child forked from the build: it starts with everything the build knows, at
no cost, and talks to the build over a pipe.

A worker is a ``Handler``: the child makes it, then answers each message the build sends
with ``handle``. Where a process cannot be forked (not Linux), the same handler runs in the
build's own process, message by message, with the same results.
"""

from __future__ import annotations

import contextlib
import gc
import inspect
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
import traceback
import weakref
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar


_STOP = object()
_NO_MESSAGE = object()
_OPEN: weakref.WeakSet[Any] = weakref.WeakSet()  # the build's ends of its workers' pipes


@dataclass(frozen=True)
class _Failed:
    traceback: str


class WorkerError(RuntimeError):
    """The worker failed: its traceback, or how it ended."""


class Handler(Protocol):
    """Makes answers; may also have ``idle() -> bool``: work of its own, done a little at a time
    while no message waits (in a child only), saying whether there is more."""

    def handle(self, message: Any) -> Any:
        """Answer one message: ``None`` for no answer, a generator for an answer per item."""


_T = TypeVar("_T")


def by_size(items: Iterable[_T], limit: int, size: Callable[[_T], int]) -> Iterator[list[_T]]:
    """``items`` in runs, each closed once its items' sizes come to ``limit``; the last run is
    what is left. A worker answers a run at a time: one answer an item would cost more to
    send than to make."""
    run: list[_T] = []
    total = 0
    for item in items:
        run.append(item)
        total += size(item)
        if total >= limit:
            yield run
            run, total = [], 0
    if run:
        yield run


_R = TypeVar("_R")


def from_both_ends(items: Sequence[_T], worker: Worker, own: Callable[[_T], _R]) -> Iterator[_R]:
    """Each item's answer, in the items' order, worked out on two cores: ``worker`` answers
    runs of them (a list an answer) from the first on, while this process, whenever the
    worker's next answer is not ready, works one out itself (``own``) from the last
    backwards. Where the two meet, the worker's answers for items past that point are left
    unread; the caller closes the worker."""
    theirs: deque[_R] = deque()  # the worker's, from the first on
    mine: dict[int, _R] = {}  # this process's, from the last backwards
    first_own = len(items)
    for i in range(len(items)):
        while i < first_own and not theirs:
            if first_own > i + 1 and not worker.ready():
                first_own -= 1
                mine[first_own] = own(items[first_own])
            else:
                theirs.extend(worker.answer())
        yield mine.pop(i) if i >= first_own else theirs.popleft()


def can_fork() -> bool:
    """On Linux, unless HEADLINES_IN_PROCESS is set (to follow the work in a debugger, say)."""
    if os.environ.get("HEADLINES_IN_PROCESS"):
        return False
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


class Worker:
    """``make()`` run in a forked child, then fed the build's messages; answers come back in
    order. ``niceness`` lowers the child's priority, so that it takes an idle core rather than
    the build's own."""

    def __init__(self, make: Callable[[], Handler], niceness: int = 0, fork: bool | None = None,
                 first: Any = _NO_MESSAGE) -> None:
        """``first``: a message the worker answers as soon as it starts, before any sent. It
        goes with the fork, where a message sent would wait for the sending thread to get a
        turn from a build that keeps Python busy (a build that also polls the pipe, releasing
        Python's lock for a moment each time, can keep that thread waiting for a second)."""
        self._answers: deque[Any] = deque()
        self._handler: Handler | None = None
        self._make = make
        self._process = False
        self._pid = None
        self._code: int | None = None
        self._unsent: str | None = None  # the traceback of a message that could not be sent
        if fork if fork is not None else can_fork():
            self._conn, child = multiprocessing.Pipe()
            _OPEN.add(self._conn)
            # The child's collector never walks what it inherits, so it never copies the build's
            # memory just to look at it (objects that are touched are still copied, page by page).
            frozen_before = gc.get_freeze_count() > 0
            gc.freeze()
            pid = os.fork()
            if pid == 0:  # the child
                code = 0
                try:
                    _serve(make, child, niceness, first)
                except BaseException:  # noqa: BLE001 - nothing of the build's may run in the child
                    code = 1
                finally:
                    os._exit(code)
            # The build collects its own garbage as before, unless it had frozen what it holds
            # (``plugin.configure``): that stays frozen, with what came since, to the build's end.
            if not frozen_before:
                gc.unfreeze()
            self._pid: int | None = pid
            child.close()
            # Messages go out from a thread of their own: the build never waits on a busy worker.
            self._outbox: queue.SimpleQueue[Any] = queue.SimpleQueue()
            self._sender = threading.Thread(target=_send_all, args=(self._outbox, self._conn, self._unsendable),
                                            name="headlines-worker-send", daemon=True)
            self._sender.start()
            self._process = True
        elif first is not _NO_MESSAGE:
            self.send(first)

    @property
    def forked(self) -> bool:
        return self._process

    def send(self, message: Any) -> None:
        """Hand a message over; its answer, if it has one, comes from ``answer``."""
        if not self._process:
            if self._handler is None:
                self._handler = self._make()
            try:
                reply = self._handler.handle(message)
                if inspect.isgenerator(reply):
                    self._answers.extend(reply)
                elif reply is not None:
                    self._answers.append(reply)
            except Exception:  # noqa: BLE001 - raised at the next answer, as from a child
                self._answers.append(_Failed(traceback.format_exc()))
            return
        self._outbox.put(message)

    def _unsendable(self, traceback_text: str) -> None:
        """A message that cannot be sent: the child is stopped, so that the build's wait for an
        answer ends, in an error with this traceback (``_failed``)."""
        self._unsent = traceback_text
        pid = self._pid
        if pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    def answer(self) -> Any:
        """The next answer, waiting for it."""
        if not self._process:
            if not self._answers:
                raise WorkerError("no answer is due")
            answer = self._answers.popleft()
            if isinstance(answer, _Failed):
                raise WorkerError(answer.traceback)
            return answer
        try:
            kind, value = self._conn.recv()
        except (EOFError, OSError):
            self._failed()
        if kind == "error":
            self.close()
            raise WorkerError(value)
        return value

    def ask(self, message: Any) -> Any:
        self.send(message)
        return self.answer()

    def ready(self) -> bool:
        """Whether ``answer`` would return (or fail) at once, with no wait."""
        if not self._process:
            return bool(self._answers)
        return self._conn.poll()

    def _failed(self) -> None:
        code = self._wait(timeout=5)
        self.close()
        if self._unsent is not None:
            raise WorkerError(self._unsent)
        raise WorkerError(f"the worker process ended (exit code {code})")

    def _wait(self, timeout: float) -> int | None:
        """The child's exit code, once it has ended (``None`` if it has not within ``timeout``)."""
        deadline = time.monotonic() + timeout
        while self._pid is not None:
            pid, status = os.waitpid(self._pid, os.WNOHANG)
            if pid:
                self._pid = None
                self._code = os.waitstatus_to_exitcode(status)
                break
            if time.monotonic() > deadline:
                return None
            time.sleep(0.01)
        return self._code

    def close(self) -> None:
        """End the worker (a child is stopped where it stands)."""
        self._handler = None
        if self._process:
            self._outbox.put(_STOP)
            if self._pid is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self._pid, signal.SIGTERM)
                self._wait(timeout=10)
            self._conn.close()
            _OPEN.discard(self._conn)
            self._process = False


def _serve(make: Callable[[], Handler], conn: Any, niceness: int, first: Any = _NO_MESSAGE) -> None:
    """The child: make the handler, then answer ``first`` (if given) and the messages, until
    the pipe closes. Answers go out from a thread of their own, so that the child works on
    while the build has not yet read what it sent (a companion renders every page while
    MkDocs converts the first ones)."""
    # The build's ends of every worker's pipe, this one's too, came with the fork: closed, so
    # that each child sees its pipe close when its build ends, however the build ends.
    for other in list(_OPEN):
        other.close()
    if niceness:
        os.nice(niceness)
    outbox: queue.SimpleQueue[Any] = queue.SimpleQueue()

    def unsendable(traceback_text: str) -> None:  # the build fails on it, never waits
        with contextlib.suppress(OSError):
            conn.send(("error", traceback_text))

    sender = threading.Thread(target=_send_all, args=(outbox, conn, unsendable), name="headlines-worker-answers",
                              daemon=True)
    sender.start()
    try:
        handler = make()
        idle = getattr(handler, "idle", None)
        busy = False
        while True:
            if first is not _NO_MESSAGE:
                message, first = first, _NO_MESSAGE
            elif busy and not conn.poll(0):
                busy = idle()  # work of its own between messages
                continue
            else:
                try:
                    message = conn.recv()
                except EOFError:
                    return
            reply = handler.handle(message)
            if inspect.isgenerator(reply):
                for item in reply:
                    outbox.put(("ok", item))
            elif reply is not None:
                outbox.put(("ok", reply))
            busy = idle is not None
    except BaseException:  # noqa: BLE001 - every failure goes back to the build, which fails closed
        outbox.put(("error", traceback.format_exc()))
    finally:
        outbox.put(_STOP)  # what is sent already goes out first
        sender.join()


def _send_all(outbox: queue.SimpleQueue[Any], conn: Any, unsendable: Callable[[str], None]) -> None:
    """What is put in ``outbox`` sent over ``conn``, in order, until ``_STOP``, from a thread of
    its own: the build's messages to its worker, and the worker's answers. Sending stops when
    the other end has gone (the reader says how it ended), or at a message that cannot be sent
    (it does not pickle), whose traceback goes to ``unsendable``: a thread that died of it would
    leave the other end waiting for ever."""
    while (item := outbox.get()) is not _STOP:
        try:
            conn.send(item)
        except (BrokenPipeError, OSError):
            return
        except Exception:  # noqa: BLE001 - see above
            unsendable(traceback.format_exc())
            return
