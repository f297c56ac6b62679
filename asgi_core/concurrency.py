"""Bridges between the event loop and blocking code (``starlette.concurrency``'s API).

``run_in_threadpool`` runs a sync callable in a worker thread (context variables travel
with it; anyio's default thread limiter bounds how many run at once); the hop itself lives
in ``asgi_core._threadpool``, the one place where Keel goes to threads for user code.
``iterate_in_threadpool`` turns a blocking iterator into an async one that pulls each item
in a worker thread, and closes the iterator (``close()``) when it is closed itself, so a
sync generator's ``finally`` runs when a streaming client goes away.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from typing import Any, ParamSpec, TypeVar

import anyio

from asgi_core._threadpool import run_sync

__all__ = ["iterate_in_threadpool", "run_in_threadpool", "run_until_first_complete"]

P = ParamSpec("P")
T = TypeVar("T")

_EXHAUSTED: Any = object()


async def run_in_threadpool(func: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Call ``func(*args, **kwargs)`` in a worker thread and await its result."""
    if kwargs:
        return await run_sync(functools.partial(func, *args, **kwargs))
    return await run_sync(func, *args)


def _next_or_exhausted(iterator: Iterator[T]) -> T:
    # StopIteration cannot cross a thread/future boundary, so the end is a sentinel.
    return next(iterator, _EXHAUSTED)


async def iterate_in_threadpool(iterator: Iterable[T]) -> AsyncIterator[T]:
    """Yield the items of a blocking iterable, each ``next()`` running in a worker thread.

    When this async generator is closed (exhausted, ``aclose()``d, or cancelled), the
    underlying iterator's ``close()`` is called if it has one.
    """
    as_iterator = iter(iterator)
    try:
        while True:
            item = await run_sync(_next_or_exhausted, as_iterator)
            if item is _EXHAUSTED:
                return
            yield item
    finally:
        close = getattr(as_iterator, "close", None)
        if close is not None:
            close()


async def run_until_first_complete(
    *args: tuple[Callable[..., Awaitable[Any]], dict[str, Any]],
) -> None:
    """Run ``(func, kwargs)`` pairs concurrently; when the first returns, cancel the rest.

    Deprecated, as in Starlette: write the task group out where it is needed.
    """
    warnings.warn(
        "run_until_first_complete is deprecated and will be removed in a future version.",
        DeprecationWarning,
        stacklevel=2,
    )
    async with anyio.create_task_group() as task_group:

        async def run(func: Callable[[], Awaitable[Any]]) -> None:
            await func()
            task_group.cancel_scope.cancel()

        for func, kwargs in args:
            task_group.start_soon(run, functools.partial(func, **kwargs))
