"""Work to run after the response is sent (``starlette.background``'s API).

A ``BackgroundTask`` wraps one call; coroutine functions are awaited inline, plain
functions run in the thread pool. ``BackgroundTasks`` runs several in the order they were
added; the first that raises stops the rest, and the error propagates to the server.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from typing import Any, ParamSpec

from asgi_core.concurrency import run_in_threadpool

__all__ = ["BackgroundTask", "BackgroundTasks"]

P = ParamSpec("P")


def is_async_callable(obj: Any) -> bool:
    """Whether calling ``obj`` returns an awaitable: coroutine functions, partials of
    them, and objects whose ``__call__`` is one."""
    while isinstance(obj, functools.partial):
        obj = obj.func
    if inspect.iscoroutinefunction(obj):
        return True
    call = getattr(obj, "__call__", None)  # noqa: B004 - the bound __call__, not callable()
    return call is not None and inspect.iscoroutinefunction(call)


class BackgroundTask:
    """``func(*args, **kwargs)``, run once the response has been sent."""

    __slots__ = ("args", "func", "is_async", "kwargs")

    def __init__(self, func: Callable[P, Any], *args: P.args, **kwargs: P.kwargs) -> None:
        self.func = func
        self.args = args
        self.kwargs = kwargs
        self.is_async = is_async_callable(func)

    async def __call__(self) -> None:
        if self.is_async:
            await self.func(*self.args, **self.kwargs)
        else:
            await run_in_threadpool(self.func, *self.args, **self.kwargs)

    def __repr__(self) -> str:
        name = getattr(self.func, "__qualname__", None) or repr(self.func)
        return f"{type(self).__name__}({name})"


class BackgroundTasks(BackgroundTask):
    """An ordered list of ``BackgroundTask``s that runs as one."""

    __slots__ = ("tasks",)

    def __init__(self, tasks: Sequence[BackgroundTask] | None = None) -> None:
        self.tasks: list[BackgroundTask] = list(tasks) if tasks else []

    def add_task(self, func: Callable[P, Any], *args: P.args, **kwargs: P.kwargs) -> None:
        """Append ``func(*args, **kwargs)`` to the tasks to run."""
        self.tasks.append(BackgroundTask(func, *args, **kwargs))

    async def __call__(self) -> None:
        for task in self.tasks:
            await task()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.tasks!r})"
