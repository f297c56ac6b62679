"""``BackgroundTask`` / ``BackgroundTasks``: sync work in threads, async inline, in order."""

from __future__ import annotations

import functools
import threading
from typing import Any

import pytest

from asgi_core.background import BackgroundTask, BackgroundTasks, is_async_callable

pytestmark = pytest.mark.anyio


async def test_async_task_runs_inline_with_its_arguments() -> None:
    calls: list[Any] = []

    async def job(a: int, *, b: str) -> None:
        calls.append((a, b, threading.get_ident()))

    task = BackgroundTask(job, 1, b="two")
    assert (task.func, task.args, task.kwargs, task.is_async) == (job, (1,), {"b": "two"}, True)
    await task()
    assert calls == [(1, "two", threading.get_ident())]


async def test_sync_task_runs_in_a_worker_thread() -> None:
    calls: list[Any] = []

    def job(a: int, b: str = "") -> None:
        calls.append((a, b, threading.get_ident()))

    task = BackgroundTask(job, 1, b="x")
    assert task.is_async is False
    await task()
    assert calls[0][:2] == (1, "x")
    assert calls[0][2] != threading.get_ident()


async def test_tasks_run_in_order_and_stop_at_the_first_error() -> None:
    order: list[str] = []

    async def first() -> None:
        order.append("first")

    def boom() -> None:
        order.append("boom")
        raise KeyError("boom")

    tasks = BackgroundTasks([BackgroundTask(first)])
    tasks.add_task(order.append, "second")
    tasks.add_task(boom)
    tasks.add_task(order.append, "never")
    assert len(tasks.tasks) == 4
    with pytest.raises(KeyError):
        await tasks()
    assert order == ["first", "second", "boom"]


async def test_empty_tasks_do_nothing() -> None:
    tasks = BackgroundTasks()
    assert tasks.tasks == []
    await tasks()
    assert isinstance(tasks, BackgroundTask)


def test_is_async_callable_sees_through_partials_and_call() -> None:
    async def coroutine_function() -> None: ...

    def plain() -> None: ...

    class AsyncCallable:
        async def __call__(self) -> None: ...

    class SyncCallable:
        def __call__(self) -> None: ...

    assert is_async_callable(coroutine_function)
    assert is_async_callable(functools.partial(functools.partial(coroutine_function)))
    assert is_async_callable(AsyncCallable())
    assert not is_async_callable(plain)
    assert not is_async_callable(functools.partial(plain))
    assert not is_async_callable(SyncCallable())
    assert not is_async_callable(print)
