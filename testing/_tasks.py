"""A task group for the async client's context managers that keeps errors unwrapped.

anyio wraps an exception raised in a task group's host in an ``ExceptionGroup``. The
async client runs the app in a task group around code the test writes (a ``stream()`` or
WebSocket block, the lifespan of ``async with client``); the test should see the error
it raised, or the app's, as itself. ``background()`` catches the host's exception, cancels
the group's tasks and raises it again outside the group.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import anyio
import anyio.abc

__all__ = ["background"]


@contextlib.asynccontextmanager
async def background() -> AsyncIterator[anyio.abc.TaskGroup]:
    """A task group whose host errors propagate as they are (its tasks are cancelled)."""
    error: BaseException | None = None
    async with anyio.create_task_group() as task_group:
        try:
            yield task_group
        except BaseException as exc:
            error = exc
            task_group.cancel_scope.cancel()
    if error is not None:
        raise error
