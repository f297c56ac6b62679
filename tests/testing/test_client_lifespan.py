"""TestClient lifespan: only inside ``with``, startup/shutdown order, state, failures."""

from __future__ import annotations

import pytest

from testing import LifespanError
from tests.testing._apps import send_json


def recording_app(events):
    async def app(scope, receive, send):
        if scope["type"] == "lifespan":
            events.append(("lifespan scope", sorted(scope)))
            message = await receive()
            events.append(message["type"])
            scope["state"]["db"] = "connected"
            await send({"type": "lifespan.startup.complete"})
            message = await receive()
            events.append(message["type"])
            await send({"type": "lifespan.shutdown.complete"})
            events.append("lifespan returned")
            return
        await receive()
        events.append(("request", dict(scope["state"])))
        scope["state"]["leak"] = True
        await send_json(send, 200, scope["state"])

    return app


def test_lifespan_runs_only_inside_with(make_client):
    events = []
    client = make_client(recording_app(events))
    assert client.get("/").json() == {"leak": True}
    assert events == [("request", {})]
    events.clear()
    with client as entered:
        assert entered is client
        assert events == [("lifespan scope", ["asgi", "state", "type"]), "lifespan.startup"]
        assert client.get("/").json() == {"db": "connected", "leak": True}
        assert client.get("/").json() == {"db": "connected", "leak": True}
        assert events[-1] == ("request", {"db": "connected"})  # a shallow copy per request
    assert events[-2:] == ["lifespan.shutdown", "lifespan returned"]
    events.clear()
    assert client.get("/").json() == {"leak": True}
    assert events == [("request", {})]


def test_client_can_be_entered_again(make_client):
    events = []
    client = make_client(recording_app(events))
    with client:
        pass
    with client:
        pass
    assert [e for e in events if isinstance(e, str)] == [
        "lifespan.startup", "lifespan.shutdown", "lifespan returned",
    ] * 2


def test_nested_with_is_refused(make_client):
    client = make_client(recording_app([]))
    with client, pytest.raises(RuntimeError, match="already inside"):
        client.__enter__()


class StartupError(Exception):
    pass


def test_startup_exception_is_raised(make_client):
    async def app(scope, receive, send):
        await receive()
        raise StartupError("no db")

    with pytest.raises(StartupError, match="no db"):
        with make_client(app):
            pass


def test_startup_failed_message_then_raise_gives_the_exception(make_client):
    async def app(scope, receive, send):
        await receive()
        await send({"type": "lifespan.startup.failed", "message": "boom"})
        raise StartupError("boom")

    with pytest.raises(StartupError):
        with make_client(app):
            pass


def test_startup_failed_message_raises(make_client):
    async def app(scope, receive, send):
        await receive()
        await send({"type": "lifespan.startup.failed", "message": "no db"})

    with pytest.raises(LifespanError, match="no db"):
        with make_client(app):
            pytest.fail("the block must not run")


def test_shutdown_failed_message_raises(make_client):
    async def app(scope, receive, send):
        await receive()
        await send({"type": "lifespan.startup.complete"})
        await receive()
        await send({"type": "lifespan.shutdown.failed", "message": "dirty"})

    with pytest.raises(LifespanError, match="dirty"):
        with make_client(app):
            pass


def test_shutdown_exception_is_raised(make_client):
    async def app(scope, receive, send):
        await receive()
        await send({"type": "lifespan.startup.complete"})
        await receive()
        raise StartupError("shutdown broke")

    with pytest.raises(StartupError, match="shutdown broke"):
        with make_client(app):
            pass


def test_app_without_lifespan_support_returning_is_fine(make_client):
    async def app(scope, receive, send):
        if scope["type"] == "lifespan":
            return
        await receive()
        await send_json(send, 200, "ok")

    with make_client(app) as client:
        assert client.get("/").json() == "ok"


def test_app_waiting_after_shutdown_complete_is_cancelled(make_client):
    async def app(scope, receive, send):
        await receive()
        await send({"type": "lifespan.startup.complete"})
        await receive()
        await send({"type": "lifespan.shutdown.complete"})
        await receive()  # nothing will ever come

    with make_client(app):
        pass
