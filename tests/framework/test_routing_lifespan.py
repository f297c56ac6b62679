"""The router's lifespan protocol: contexts, state, handlers, failures, deprecations."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from framework.routing import Router

pytestmark = pytest.mark.anyio


async def run_lifespan(
    router: Router, *, state: dict[str, Any] | None = None, app: Any = None
) -> tuple[list[dict[str, Any]], BaseException | None]:
    """One lifespan session: startup, then shutdown; returns what the router sent."""
    incoming = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return incoming.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope: dict[str, Any] = {"type": "lifespan", "asgi": {"version": "3.0"}}
    if state is not None:
        scope["state"] = state
    if app is not None:
        scope["app"] = app
    try:
        await router(scope, receive, send)
    except BaseException as exc:  # noqa: BLE001 - returned for the assertions
        return sent, exc
    return sent, None


COMPLETE = [{"type": "lifespan.startup.complete"}, {"type": "lifespan.shutdown.complete"}]


async def test_async_context_manager_gets_the_app_and_its_state_is_merged():
    events: list[Any] = []
    the_app = object()

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[dict[str, Any]]:
        events.append(("start", app))
        yield {"db": "connected"}
        events.append("stop")

    state: dict[str, Any] = {"existing": 1}
    sent, error = await run_lifespan(Router(lifespan=lifespan), state=state, app=the_app)
    assert (sent, error) == (COMPLETE, None)
    assert events == [("start", the_app), "stop"]
    assert state == {"existing": 1, "db": "connected"}


async def test_state_without_server_support_fails_startup():
    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[dict[str, Any]]:
        yield {"x": 1}

    sent, error = await run_lifespan(Router(lifespan=lifespan))
    assert isinstance(error, RuntimeError)
    assert str(error) == 'The server does not support "state" in the lifespan scope.'
    assert [m["type"] for m in sent] == ["lifespan.startup.failed"]
    assert sent[0]["message"].endswith(
        'RuntimeError: The server does not support "state" in the lifespan scope.\n'
    )


async def test_startup_failure_is_reported_and_reraised():
    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        raise ValueError("no database")
        yield

    sent, error = await run_lifespan(Router(lifespan=lifespan), state={})
    assert isinstance(error, ValueError)
    assert len(sent) == 1 and sent[0]["type"] == "lifespan.startup.failed"
    assert sent[0]["message"].startswith("Traceback (most recent call last):")
    assert sent[0]["message"].endswith("ValueError: no database\n")


async def test_shutdown_failure_is_reported_and_reraised():
    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        yield
        raise KeyError("closing")

    sent, error = await run_lifespan(Router(lifespan=lifespan), state={})
    assert isinstance(error, KeyError)
    assert [m["type"] for m in sent] == ["lifespan.startup.complete", "lifespan.shutdown.failed"]
    assert sent[1]["message"].endswith("KeyError: 'closing'\n")


async def test_on_startup_and_on_shutdown_handlers_sync_and_async():
    events: list[str] = []

    async def astart() -> None:
        events.append("astart")

    with pytest.warns(DeprecationWarning, match="The on_startup and on_shutdown parameters"):
        router = Router(
            on_startup=[lambda: events.append("start"), astart],
            on_shutdown=[lambda: events.append("stop")],
        )
    router.add_event_handler("shutdown", lambda: events.append("stop2"))
    with pytest.warns(DeprecationWarning, match="The `on_event` decorator is deprecated"):

        @router.on_event("startup")
        def late() -> None:
            events.append("late")

    assert await run_lifespan(router, state={}) == (COMPLETE, None)
    assert events == ["start", "astart", "late", "stop", "stop2"]


def test_add_event_handler_rejects_unknown_events():
    with pytest.raises(ValueError, match="event_type must be 'startup' or 'shutdown'"):
        Router().add_event_handler("boot", lambda: None)


async def test_lifespan_wins_over_handlers_with_a_warning():
    events: list[str] = []

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        events.append("lifespan")
        yield

    with (
        pytest.warns(DeprecationWarning, match="on_startup and on_shutdown parameters"),
        pytest.warns(UserWarning, match="The `lifespan` parameter cannot be used with"),
    ):
        router = Router(on_startup=[lambda: events.append("handler")], lifespan=lifespan)
    assert await run_lifespan(router, state={}) == (COMPLETE, None)
    assert events == ["lifespan"]


async def test_generator_lifespans_are_deprecated_but_work():
    events: list[str] = []

    async def agen(app: Any) -> AsyncIterator[None]:
        events.append("agen up")
        yield
        events.append("agen down")

    def gen(app: Any) -> Iterator[dict[str, int]]:
        events.append("gen up")
        yield {"n": 1}
        events.append("gen down")

    with pytest.warns(DeprecationWarning, match="^async generator function lifespans are deprec"):
        arouter = Router(lifespan=agen)
    with pytest.warns(DeprecationWarning, match="^generator function lifespans are deprecated"):
        router = Router(lifespan=gen)
    state: dict[str, Any] = {}
    assert await run_lifespan(arouter, state={}) == (COMPLETE, None)
    assert await run_lifespan(router, state=state) == (COMPLETE, None)
    assert events == ["agen up", "agen down", "gen up", "gen down"]
    assert state == {"n": 1}


async def test_no_lifespan_no_handlers_completes():
    router = Router()
    assert await run_lifespan(router) == (COMPLETE, None)
