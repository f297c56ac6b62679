"""The worker-thread hop behind ``run_in_threadpool`` (``asgi_core._threadpool``).

What callers relied on with ``anyio.to_thread.run_sync`` must still hold: context, the
default thread limiter, cancellation that waits for the thread, exceptions with their
traceback, ``anyio.from_thread`` inside the call, and worker threads that come and go with
event loops without piling up. Waits below are bounded polls (``_until``), never timings.
"""

from __future__ import annotations

import asyncio
import contextvars
import os
import signal
import threading
import traceback
from collections.abc import Callable
from typing import Any

import anyio
import anyio.from_thread
import anyio.lowlevel
import anyio.to_thread
import pytest
import sniffio

from asgi_core import _threadpool
from asgi_core.concurrency import iterate_in_threadpool, run_in_threadpool

pytestmark = pytest.mark.anyio

tag: contextvars.ContextVar[str] = contextvars.ContextVar("tag", default="-")


async def _until(condition: Callable[[], bool]) -> None:
    """Let the loop run until ``condition()`` holds (at most 10 s)."""
    with anyio.fail_after(10):
        while not condition():
            await anyio.sleep(0.001)


def _worker_library() -> str:
    try:
        return sniffio.current_async_library()
    except sniffio.AsyncLibraryNotFoundError:
        return "none"


async def test_context_travels_and_the_thread_is_in_no_event_loop() -> None:
    tag.set("request-7")

    def work() -> tuple[str, str, bool]:
        return tag.get(), _worker_library(), threading.current_thread().daemon

    assert await run_in_threadpool(work) == ("request-7", "none", True)
    tag.set("request-8")
    assert [item async for item in iterate_in_threadpool(iter([tag.get, tag.get]))] == [
        tag.get,
        tag.get,
    ]
    assert await run_in_threadpool(tag.get) == "request-8"


async def test_changes_to_context_in_the_thread_stay_there() -> None:
    tag.set("outer")
    assert await run_in_threadpool(tag.set, "inner") is not None
    assert tag.get() == "outer"


async def test_the_default_limiter_bounds_calls_in_flight() -> None:
    limiter = anyio.to_thread.current_default_thread_limiter()
    limiter.total_tokens = 2
    lock = threading.Lock()
    release = threading.Event()
    running: list[int] = []
    peak: list[int] = [0]

    def work(number: int) -> int:
        with lock:
            running.append(number)
            peak[0] = max(peak[0], len(running))
        release.wait(10)
        with lock:
            running.remove(number)
        return number * 10

    results: list[int] = []

    async def call(number: int) -> None:
        results.append(await run_in_threadpool(work, number))

    try:
        async with anyio.create_task_group() as group:
            for number in range(5):
                group.start_soon(call, number)
            try:
                await _until(lambda: len(running) == 2)
                await _until(lambda: limiter.statistics().tasks_waiting == 3)
                assert (len(running), limiter.borrowed_tokens) == (2, 2)
            finally:
                release.set()
    finally:
        limiter.total_tokens = 40
    assert (sorted(results), peak[0], limiter.borrowed_tokens) == ([0, 10, 20, 30, 40], 2, 0)


async def test_raising_the_limit_lets_that_many_run_together() -> None:
    limiter = anyio.to_thread.current_default_thread_limiter()
    limiter.total_tokens = 45
    barrier = threading.Barrier(45, timeout=10)  # broken if fewer than 45 run at once
    results: list[int] = []

    async def call() -> None:
        results.append(await run_in_threadpool(barrier.wait))

    try:
        async with anyio.create_task_group() as group:
            for _ in range(45):
                group.start_soon(call)
    finally:
        limiter.total_tokens = 40
    assert sorted(results) == list(range(45))


async def test_a_cancelled_caller_waits_for_its_thread_then_is_cancelled() -> None:
    limiter = anyio.to_thread.current_default_thread_limiter()
    started, proceed = threading.Event(), threading.Event()
    events: list[str] = []

    def work() -> str:
        started.set()
        proceed.wait(10)
        events.append("thread done")
        return "result kept"

    async def caller(scope: anyio.CancelScope) -> None:
        with scope:
            try:
                events.append(await run_in_threadpool(work))
                await anyio.lowlevel.checkpoint()  # where the cancellation lands, as in anyio
            finally:
                events.append("caller left")
            events.append("not reached")

    scope = anyio.CancelScope()
    async with anyio.create_task_group() as group:
        group.start_soon(caller, scope)
        await _until(started.is_set)
        scope.cancel()
        for _ in range(20):
            await anyio.lowlevel.checkpoint()
        assert (events, limiter.borrowed_tokens) == ([], 1)  # still waiting, shielded
        proceed.set()
    assert (events, scope.cancelled_caught, limiter.borrowed_tokens) == (
        ["thread done", "result kept", "caller left"],
        True,
        0,
    )
    assert await run_in_threadpool(lambda: "next") == "next"  # no stale result


async def test_a_call_cancelled_before_it_starts_never_runs() -> None:
    ran: list[str] = []
    with anyio.CancelScope() as scope:
        scope.cancel()
        await run_in_threadpool(ran.append, "already cancelled")
    assert (ran, scope.cancelled_caught) == ([], True)

    limiter = anyio.to_thread.current_default_thread_limiter()
    limiter.total_tokens = 1
    started, proceed = threading.Event(), threading.Event()

    def first() -> str:
        started.set()
        proceed.wait(10)
        return "first"

    results: list[str] = []
    try:
        async with anyio.create_task_group() as group:

            async def call_first() -> None:
                results.append(await run_in_threadpool(first))

            group.start_soon(call_first)
            await _until(started.is_set)
            with anyio.CancelScope() as waiting:
                group.start_soon(lambda: _cancel_when_waiting(waiting, limiter))
                await run_in_threadpool(ran.append, "waited for a token")
            proceed.set()
    finally:
        limiter.total_tokens = 40
    assert (ran, results, waiting.cancelled_caught, limiter.borrowed_tokens) == (
        [],
        ["first"],
        True,
        0,
    )


async def _cancel_when_waiting(scope: anyio.CancelScope, limiter: Any) -> None:
    await _until(lambda: limiter.statistics().tasks_waiting == 1)
    scope.cancel()


class Halt(BaseException):
    """Not an Exception: must cross the thread boundary all the same."""


def _fail_deep() -> None:
    raise KeyError("missing")


def _fail() -> None:
    _fail_deep()


async def test_exceptions_keep_their_type_and_traceback() -> None:
    with pytest.raises(KeyError, match="missing") as caught:
        await run_in_threadpool(_fail)
    names = [frame.name for frame in traceback.extract_tb(caught.value.__traceback__)]
    assert names[-2:] == ["_fail", "_fail_deep"]

    def halt() -> None:
        raise Halt("stop")

    with pytest.raises(Halt, match="stop"):
        await run_in_threadpool(halt)

    def stop() -> None:
        raise StopIteration

    with pytest.raises(RuntimeError, match="StopIteration"):
        await run_in_threadpool(stop)
    assert await run_in_threadpool(lambda: "after") == "after"


async def test_from_thread_works_inside_the_call() -> None:
    library = sniffio.current_async_library()

    async def on_the_loop(value: int) -> tuple[int, str]:
        await anyio.sleep(0)
        return value + 1, sniffio.current_async_library()

    def work() -> tuple[Any, ...]:
        anyio.from_thread.check_cancelled()  # not cancelled: returns
        return (
            anyio.from_thread.run(on_the_loop, 1),
            anyio.from_thread.run_sync(sniffio.current_async_library),
        )

    assert await run_in_threadpool(work) == ((2, library), library)


async def test_from_thread_sees_the_callers_cancellation() -> None:
    waiting = anyio.Event()
    seen: list[str] = []

    async def wait_on_the_loop() -> None:
        waiting.set()
        await anyio.sleep_forever()

    def work() -> str:
        try:
            anyio.from_thread.run(wait_on_the_loop)
        except BaseException as exc:  # the backend's cancellation, seen in the thread
            seen.append(type(exc).__name__)
        try:
            anyio.from_thread.check_cancelled()
        except BaseException as exc:
            seen.append(type(exc).__name__)
        return "done"

    results: list[str] = []
    with anyio.CancelScope() as scope:
        async with anyio.create_task_group() as group:

            async def cancel_when_waiting() -> None:
                await waiting.wait()
                scope.cancel()

            group.start_soon(cancel_when_waiting)
            results.append(await run_in_threadpool(work))
            await anyio.lowlevel.checkpoint()
            results.append("not reached")
    assert (results, scope.cancelled_caught, len(seen)) == (["done"], True, 2)
    assert all("Cancel" in name for name in seen), seen


async def test_sequential_calls_reuse_one_worker() -> None:
    idents = {await run_in_threadpool(threading.get_ident) for _ in range(50)}
    assert threading.get_ident() not in idents
    if sniffio.current_async_library() == "asyncio":
        assert len(idents) == 1  # the LIFO idle list hands back the same thread


@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_a_plain_task_cancel_waits_for_the_thread_then_raises() -> None:
    loop = asyncio.get_running_loop()
    handled: list[dict[str, Any]] = []
    loop.set_exception_handler(lambda _loop, context: handled.append(context))
    started, proceed = threading.Event(), threading.Event()
    events: list[str] = []

    def work() -> str:
        started.set()
        proceed.wait(10)
        events.append("thread done")
        return "dropped"

    task = asyncio.ensure_future(run_in_threadpool(work))  # no anyio cancel scope
    try:
        await _until(started.is_set)
        task.cancel()
        task.cancel()  # a second request while already waiting changes nothing
        for _ in range(20):
            await anyio.lowlevel.checkpoint()
        assert (task.done(), events) == (False, [])
        proceed.set()
        await _until(task.done)
    finally:
        proceed.set()
        loop.set_exception_handler(None)
    assert (task.cancelled(), events, handled) == (True, ["thread done"], [])
    assert anyio.to_thread.current_default_thread_limiter().borrowed_tokens == 0
    assert await run_in_threadpool(lambda: "next") == "next"


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_one_event_loop_after_another(backend: str) -> None:
    """Each loop gets its own calls, limiter and from_thread token; workers outlive loops."""

    async def main() -> tuple[int, int, bool]:
        token = anyio.lowlevel.current_token()

        def work() -> bool:
            return anyio.from_thread.run_sync(anyio.lowlevel.current_token) == token

        same = await run_in_threadpool(work)
        return id(token), anyio.to_thread.current_default_thread_limiter().borrowed_tokens, same

    seen = [anyio.run(main, backend=backend) for _ in range(4)]
    assert [(tokens, same) for _, tokens, same in seen] == [(0, True)] * 4


@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_a_loop_closing_under_a_busy_worker_does_not_break_the_pool() -> None:
    started, proceed = threading.Event(), threading.Event()
    workers: list[threading.Thread] = []

    def work() -> str:
        workers.append(threading.current_thread())
        started.set()
        proceed.wait(10)
        return "nobody listens"

    async def wait_started() -> None:
        while not started.is_set():
            await asyncio.sleep(0.001)

    def abandon() -> None:
        loop = asyncio.new_event_loop()
        task = loop.create_task(run_in_threadpool(work))
        loop.run_until_complete(wait_started())
        loop.close()  # the call is still running; its loop is gone
        proceed.set()
        del task

    await anyio.to_thread.run_sync(abandon)
    await _until(lambda: workers[0] in _threadpool._idle)  # reported into a closed loop
    assert await run_in_threadpool(threading.current_thread) is workers[0]
    assert await run_in_threadpool(lambda: "still working") == "still working"


async def test_idle_workers_exit_and_never_block_exit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_threadpool, "IDLE_SECONDS", 0.05)
    worker = await run_in_threadpool(threading.current_thread)
    assert worker.daemon
    if sniffio.current_async_library() == "asyncio":  # trio's own threads, on trio
        await _until(lambda: not worker.is_alive())
        assert worker not in _threadpool._idle
    assert await run_in_threadpool(lambda: "a new worker") == "a new worker"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_forked_child_starts_its_own_workers() -> None:
    async def main() -> str:
        return await run_in_threadpool(lambda: "child")

    assert asyncio.run(main()) == "child"  # the parent has an idle worker now
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through its exit status
        code = 0 if asyncio.run(asyncio.wait_for(main(), 10)) == "child" else 1
        os._exit(code)
    for _ in range(1000):  # up to ~10 s: a child stuck on its parent's workers hangs
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        threading.Event().wait(0.01)
    else:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        pytest.fail("the forked child hung on workers it does not have")
    assert os.waitstatus_to_exitcode(status) == 0


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_sync_endpoints_and_dependencies_under_the_test_client(backend: str) -> None:
    """A FastAPI-style program: sync code calling back into the loop, one client after another."""
    from framework import App, Depends
    from testing import TestClient

    app = App()

    async def double(value: int) -> int:
        await anyio.sleep(0)
        return value * 2

    def user() -> str:
        return tag.get() + "/" + _worker_library()

    @app.get("/double/{value}")
    def endpoint(value: int, who: str = Depends(user)) -> dict[str, Any]:
        return {
            "doubled": anyio.from_thread.run(double, value),
            "library": anyio.from_thread.run_sync(sniffio.current_async_library),
            "who": who,
        }

    for value in (1, 2):
        with TestClient(app, backend=backend) as client:
            response = client.get(f"/double/{value}")
            assert (response.status_code, response.json()) == (
                200,
                {"doubled": value * 2, "library": backend, "who": "-/none"},
            )
