"""The hop to a worker thread behind ``run_in_threadpool`` (sync endpoints, dependencies...).

``anyio.to_thread.run_sync`` spends most of a sync endpoint's cost on bookkeeping around
the hop: a checkpoint, a shielding cancel scope, the limiter's own shielded checkpoint, a
joinable queue. On asyncio this module does the hop itself: an idle worker thread blocked
on its own ``SimpleQueue`` takes the call, and the awaiting task sleeps on a plain future
that the worker completes through ``loop.call_soon_threadsafe``. What callers rely on is
kept:

- the call runs in a copy of the caller's context (sniffio's library marker cleared, as
  anyio does, since the thread is not in any event loop);
- anyio's default thread limiter (per event loop) bounds the calls in flight, so raising or
  lowering its ``total_tokens`` works as with FastAPI; a free token is taken without a
  checkpoint, a full limiter is waited on through anyio;
- cancellation behaves like anyio's default (``abandon_on_cancel=False``): a caller whose
  cancel scope is cancelled waits, shielded, for the thread, gets its outcome, and is
  cancelled at its next checkpoint; a plain ``Task.cancel()`` also waits for the thread,
  then raises ``CancelledError`` at once; a call whose caller was cancelled before a worker
  picked it up does not run at all;
- the worker carries anyio's thread-local markers (event loop token, cancel scope), so
  ``anyio.from_thread.run``/``run_sync``/``check_cancelled`` work inside the call;
- workers belong to no event loop (loops come and go: each test, each TestClient portal),
  are daemon threads, and exit after ``IDLE_SECONDS`` without work.

On trio, or when the anyio internals used for the markers are missing, the call goes to
``anyio.to_thread.run_sync``: trio's ``from_thread`` functions only find their way back
from threads trio itself started, so a hand-made trio worker would break them.
"""

from __future__ import annotations

import asyncio
import contextvars
import os
import queue
import threading
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

import anyio
import anyio.lowlevel
import anyio.to_thread

try:  # anyio's per-thread markers and per-task cancel scopes (anyio >= 4.11)
    from anyio._backends._asyncio import AsyncIOBackend, CancelScope, _task_states
    from anyio._core._eventloop import threadlocals
    from anyio.lowlevel import EventLoopToken
except ImportError:  # pragma: no cover - older or reorganised anyio: anyio's own hop
    FAST_PATH = False
else:
    FAST_PATH = True

_sniffio_cvar: contextvars.ContextVar[str | None] | None
try:
    from sniffio import current_async_library_cvar as _sniffio_cvar
except ImportError:  # pragma: no cover - sniffio is optional for anyio
    _sniffio_cvar = None

__all__ = ["FAST_PATH", "IDLE_SECONDS", "run_sync"]

T = TypeVar("T")

IDLE_SECONDS = 10.0
"""A worker that has had nothing to do for this long exits."""

_idle: list[_Worker] = []  # LIFO: the most recently busy worker is reused first
_limiters: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Any] = weakref.WeakKeyDictionary()


class _Job:
    """One call handed to a worker, and its outcome."""

    __slots__ = (
        "abandoned",
        "args",
        "context",
        "done",
        "error",
        "func",
        "future",
        "loop",
        "result",
        "scope",
    )

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        func: Callable[..., Any],
        args: tuple[Any, ...],
        scope: Any,
    ) -> None:
        self.loop = loop
        self.func = func
        self.args = args
        self.scope = scope
        self.context = contextvars.copy_context()
        if _sniffio_cvar is not None and _sniffio_cvar.get(None) is not None:
            self.context.run(_sniffio_cvar.set, None)
        self.future: asyncio.Future[None] = loop.create_future()
        self.abandoned = False  # the caller was cancelled: skip the call if not begun
        self.done = False  # set on the loop's thread once the worker has reported
        self.result: Any = None
        self.error: BaseException | None = None

    def execute(self) -> None:
        """Run the call (worker thread); the outcome stays on the job."""
        if self.abandoned:
            return
        threadlocals.current_cancel_scope = self.scope
        try:
            self.result = self.context.run(self.func, *self.args)
        except BaseException as exc:  # handed over to the awaiting task
            self.error = exc
        finally:
            threadlocals.current_cancel_scope = None

    def finish(self) -> None:
        """Wake the awaiting task (loop thread); its future may have been cancelled."""
        self.done = True
        future = self.future
        if not future.done():
            future.set_result(None)


class _Worker(threading.Thread):
    """A daemon thread running jobs from its own queue until idle for IDLE_SECONDS."""

    def __init__(self) -> None:
        super().__init__(name="Keel worker thread", daemon=True)
        self.jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()

    def run(self) -> None:
        get = self.jobs.get
        token: Any = None
        while True:
            try:
                job = get(timeout=IDLE_SECONDS)
            except queue.Empty:
                try:
                    _idle.remove(self)
                except ValueError:
                    continue  # a caller took this worker just now: its job is coming
                return
            loop = job.loop
            if token is None or token.native_token is not loop:
                token = EventLoopToken(AsyncIOBackend, loop)
                threadlocals.current_token = token
            job.execute()
            # Back on the idle list before waking the caller, so that its next call
            # finds this worker instead of starting another.
            _idle.append(self)
            try:
                loop.call_soon_threadsafe(job.finish)
            except RuntimeError:  # the loop has closed: nobody awaits this job
                pass
            del job, loop


def _forget_workers() -> None:
    _idle.clear()  # a forked child has none of its parent's threads


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_workers)


def _limiter(loop: asyncio.AbstractEventLoop) -> Any:
    limiter = _limiters.get(loop)
    if limiter is None:
        limiter = _limiters[loop] = anyio.to_thread.current_default_thread_limiter()
    return limiter


def _cancel_pending(scope: CancelScope | None) -> bool:
    """True when the task's cancel scopes already say it is cancelled."""
    while scope is not None:
        if scope.cancel_called:
            return True
        if scope.shield:
            return False
        scope = scope._parent_scope
    return False


async def run_sync(func: Callable[..., T], *args: Any) -> T:
    """Call ``func(*args)`` in a worker thread and return (or raise) its outcome."""
    try:
        task = asyncio.current_task()
    except RuntimeError:  # not on asyncio (trio)
        task = None
    if task is None or not FAST_PATH:
        return await anyio.to_thread.run_sync(func, *args)
    state = _task_states.get(task)
    scope = state.cancel_scope if state is not None else None
    if _cancel_pending(scope):
        await anyio.lowlevel.checkpoint_if_cancelled()
    loop = task.get_loop()
    limiter = _limiter(loop)
    job = _Job(loop, func, args, scope)
    try:
        limiter.acquire_on_behalf_of_nowait(job)
    except anyio.WouldBlock:
        await limiter.acquire_on_behalf_of(job)
    try:
        try:
            worker = _idle.pop()
        except IndexError:
            worker = _Worker()
            worker.start()
        worker.jobs.put(job)
        try:
            await job.future
        except asyncio.CancelledError:
            await _outwait(job)
            if not _cancel_pending(scope):
                raise  # a plain Task.cancel(): asyncio expects it to propagate now
            # An anyio cancel scope: as with anyio's shielded wait, the outcome is
            # delivered and the scope cancels the caller at its next checkpoint.
    finally:
        limiter.release_on_behalf_of(job)
    error = job.error
    if error is not None:
        job.error = None
        try:
            raise error
        finally:
            del error
    return job.result  # type: ignore[no-any-return]


async def _outwait(job: _Job) -> None:
    """After a cancellation: wait, shielded, until the worker has reported."""
    job.abandoned = True
    with anyio.CancelScope(shield=True):
        while not job.done:
            job.future = job.loop.create_future()
            try:
                await job.future
            except asyncio.CancelledError:  # a plain Task.cancel(): keep waiting
                continue
