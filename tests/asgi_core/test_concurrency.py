"""``run_in_threadpool``, ``iterate_in_threadpool`` and the deprecated
``run_until_first_complete``."""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Iterator
from typing import Any

import anyio
import pytest

from asgi_core.concurrency import iterate_in_threadpool, run_in_threadpool, run_until_first_complete

pytestmark = pytest.mark.anyio

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


async def test_run_in_threadpool_returns_and_raises() -> None:
    def work(a: int, b: int = 0) -> tuple[int, int, str]:
        return a + b, threading.get_ident(), request_id.get()

    request_id.set("r1")
    total, thread, seen = await run_in_threadpool(work, 1, b=2)
    assert (total, seen) == (3, "r1")  # context variables travel to the worker
    assert thread != threading.get_ident()
    assert (await run_in_threadpool(work, 5))[0] == 5

    def fail() -> None:
        raise KeyError("x")

    with pytest.raises(KeyError):
        await run_in_threadpool(fail)


async def test_iterate_in_threadpool_yields_every_item_from_a_worker() -> None:
    threads: list[int] = []

    def produce() -> Iterator[int]:
        for i in range(3):
            threads.append(threading.get_ident())
            yield i

    assert [item async for item in iterate_in_threadpool(produce())] == [0, 1, 2]
    assert threading.get_ident() not in threads
    assert [item async for item in iterate_in_threadpool([None, "a"])] == [None, "a"]
    assert [item async for item in iterate_in_threadpool([])] == []


async def test_closing_the_async_iterator_closes_the_sync_one() -> None:
    events: list[str] = []

    def produce() -> Iterator[int]:
        try:
            yield 1
            yield 2
        finally:
            events.append("closed")

    iterator = iterate_in_threadpool(produce())
    assert await iterator.__anext__() == 1
    await iterator.aclose()
    assert events == ["closed"]


async def test_iterator_errors_propagate() -> None:
    def produce() -> Iterator[int]:
        yield 1
        raise ValueError("broken")

    seen: list[int] = []
    with pytest.raises(ValueError, match="broken"):
        async for item in iterate_in_threadpool(produce()):
            seen.append(item)
    assert seen == [1]


async def test_run_until_first_complete_cancels_the_rest_and_warns() -> None:
    events: list[Any] = []

    async def quick(tag: str) -> None:
        events.append(tag)

    async def slow() -> None:
        try:
            await anyio.sleep_forever()
        finally:
            events.append("slow cancelled")

    with pytest.warns(DeprecationWarning, match="run_until_first_complete is deprecated"):
        with anyio.fail_after(5):
            await run_until_first_complete((slow, {}), (quick, {"tag": "quick"}))
    assert events == ["quick", "slow cancelled"]
