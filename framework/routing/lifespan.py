"""The router's side of the ASGI lifespan protocol.

``run_lifespan`` answers ``lifespan.startup`` / ``lifespan.shutdown`` around the app's
lifespan context: an async context manager factory called with the app, whose yielded
mapping (if any) is merged into the lifespan ``scope["state"]`` the server copies into
every request. Without one, ``DefaultLifespan`` runs the router's ``on_startup`` and
``on_shutdown`` handlers. Plain (async) generator functions are still accepted, with
Starlette's deprecation warning.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import traceback
import warnings
from collections.abc import Callable, Generator
from types import TracebackType
from typing import Any

from asgi_core.types import Receive, Scope, Send

__all__ = ["DefaultLifespan", "lifespan_context_for", "run_lifespan"]


class DefaultLifespan:
    """The lifespan used when none is given: ``router.startup()`` then ``router.shutdown()``."""

    def __init__(self, router: Any) -> None:
        self._router = router

    async def __aenter__(self) -> None:
        await self._router.startup()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._router.shutdown()

    def __call__(self, app: object) -> DefaultLifespan:
        return self


class _AsyncFromSyncContext:
    """Drive a sync context manager from ``async with``."""

    def __init__(self, cm: contextlib.AbstractContextManager[Any]) -> None:
        self._cm = cm

    async def __aenter__(self) -> Any:
        return self._cm.__enter__()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> bool | None:
        return self._cm.__exit__(exc_type, exc, tb)


def _wrap_generator(func: Callable[[Any], Generator[Any, Any, Any]]) -> Callable[[Any], Any]:
    make = contextlib.contextmanager(func)

    @functools.wraps(make)
    def wrapper(app: Any) -> _AsyncFromSyncContext:
        return _AsyncFromSyncContext(make(app))

    return wrapper


_DEPRECATED_GENERATOR = (
    "{kind} function lifespans are deprecated, use an "
    "@contextlib.asynccontextmanager function instead"
)


def lifespan_context_for(router: Any, lifespan: Any) -> Callable[[Any], Any]:
    """The context factory a router runs for ``lifespan`` (None: the default one)."""
    if lifespan is None:
        return DefaultLifespan(router)
    if inspect.isasyncgenfunction(lifespan):
        warnings.warn(
            _DEPRECATED_GENERATOR.format(kind="async generator"), DeprecationWarning, stacklevel=3
        )
        return contextlib.asynccontextmanager(lifespan)
    if inspect.isgeneratorfunction(lifespan):
        warnings.warn(
            _DEPRECATED_GENERATOR.format(kind="generator"), DeprecationWarning, stacklevel=3
        )
        return _wrap_generator(lifespan)
    return lifespan  # type: ignore[no-any-return]


async def run_lifespan(
    lifespan_context: Callable[[Any], Any], scope: Scope, receive: Receive, send: Send
) -> None:
    """Serve one lifespan session: startup, wait for shutdown, report failures to the server."""
    started = False
    app = scope.get("app")
    state = scope.get("state")
    await receive()  # lifespan.startup
    try:
        async with lifespan_context(app) as maybe_state:
            if maybe_state is not None:
                if state is None:
                    raise RuntimeError('The server does not support "state" in the lifespan scope.')
                state.update(maybe_state)
            await send({"type": "lifespan.startup.complete"})
            started = True
            await receive()  # lifespan.shutdown
    except BaseException:
        failed = "lifespan.shutdown.failed" if started else "lifespan.startup.failed"
        await send({"type": failed, "message": traceback.format_exc()})
        raise
    await send({"type": "lifespan.shutdown.complete"})
