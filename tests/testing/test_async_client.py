"""AsyncClient: the seed's "Async Tests" program, lifespan, requests, redirects, streaming."""

from __future__ import annotations

from contextlib import aclosing

import anyio
import pytest

from framework import App
from testing import ASGITransport, AsyncClient, LifespanError, TestClient
from testing._base import BaseClient
from tests.testing._apps import echo, lifespan_ok, reply


def tomato_app() -> App:
    app = App()

    @app.get("/")
    async def root():
        return {"message": "Tomato"}

    return app


@pytest.mark.anyio
async def test_the_seed_async_tests_program():
    app = tomato_app()
    async with AsyncClient(app=app, base_url="http://test") as ac:
        response = await ac.get("/")
    assert response.status_code == 200
    assert response.json() == {"message": "Tomato"}
    assert response.headers.multi_items() == [
        ("content-length", "20"), ("content-type", "application/json")
    ]
    assert str(response.url) == "http://test/"


@pytest.mark.anyio
async def test_the_seed_program_spelled_with_a_transport():
    async with AsyncClient(transport=ASGITransport(app=tomato_app()),
                           base_url="http://test") as ac:
        response = await ac.get("/")
    assert (response.status_code, response.content) == (200, b'{"message":"Tomato"}')


@pytest.mark.anyio
async def test_the_transport_sets_client_root_path_and_exceptions():
    class Boom(Exception):
        pass

    async def app(scope, receive, send):
        if scope["path"] == "/boom":
            raise Boom
        await echo(scope, receive, send)

    transport = ASGITransport(app=app, raise_app_exceptions=False, root_path="/api",
                              client=("1.2.3.4", 9))
    async with AsyncClient(transport=transport, lifespan=False) as ac:
        scope = (await ac.get("/x")).json()["scope"]
        failed = await ac.get("/boom")
    assert (scope["client"], scope["root_path"]) == (["1.2.3.4", 9], "/api")
    assert (failed.status_code, failed.content) == (500, b"")


def test_app_xor_transport():
    with pytest.raises(TypeError, match="exactly one of app"):
        AsyncClient()
    with pytest.raises(TypeError, match="exactly one of app"):
        AsyncClient(app=echo, transport=ASGITransport(app=echo))


def test_both_clients_share_one_core():
    assert issubclass(AsyncClient, BaseClient) and issubclass(TestClient, BaseClient)
    for name in ("build_request", "new_exchange", "build_response", "next_step", "new_websocket"):
        assert getattr(AsyncClient, name) is getattr(BaseClient, name)
        assert getattr(TestClient, name) is getattr(BaseClient, name)


@pytest.mark.anyio
async def test_requests_carry_httpx_arguments():
    async with AsyncClient(app=echo, headers={"x-client": "1"}) as client:
        response = await client.post("/p/a%20b", params={"q": ["1", "2"]}, json={"k": "v"},
                                     headers={"x-req": "2"}, cookies={"c": "3"})
    data = response.json()
    assert data["messages"] == [
        {"type": "http.request", "body": '{"k":"v"}', "more_body": False}
    ]
    scope = data["scope"]
    assert (scope["method"], scope["path"], scope["raw_path"], scope["query_string"]) == (
        "POST", "/p/a b", "/p/a%20b", "q=1&q=2"
    )
    assert scope["headers"] == [
        ["host", "testserver"], ["accept", "*/*"], ["accept-encoding", "gzip, deflate"],
        ["connection", "keep-alive"], ["x-client", "1"], ["user-agent", "testclient"],
        ["x-req", "2"], ["cookie", "c=3"], ["content-length", "9"],
        ["content-type", "application/json"],
    ]


@pytest.mark.anyio
async def test_every_method_helper():
    async with AsyncClient(app=echo) as client:
        responses = [
            await getattr(client, name)("/")
            for name in ("get", "head", "options", "delete", "post", "put", "patch")
        ]
    head = responses.pop(1)
    assert [r.json()["scope"]["method"] for r in responses] == [
        "GET", "OPTIONS", "DELETE", "POST", "PUT", "PATCH"
    ]
    assert (head.status_code, head.content, head.request.method) == (200, b"", "HEAD")


@pytest.mark.anyio
async def test_lifespan_runs_only_inside_async_with():
    events = []

    async def app(scope, receive, send):
        if scope["type"] == "lifespan":
            await receive()
            events.append("startup")
            scope["state"]["db"] = "ready"
            await send({"type": "lifespan.startup.complete"})
            await receive()
            events.append("shutdown")
            await send({"type": "lifespan.shutdown.complete"})
            return
        await echo(scope, receive, send)

    client = AsyncClient(app=app)
    await client.get("/")
    assert events == []
    async with client:
        assert events == ["startup"]
        state = (await client.get("/")).json()["scope"]["state"]
    assert (events, state) == (["startup", "shutdown"], {"db": "ready"})
    async with AsyncClient(app=app, lifespan=False):
        pass
    assert events == ["startup", "shutdown"]


@pytest.mark.anyio
async def test_lifespan_failures_are_raised():
    async def refuses(scope, receive, send):
        await receive()
        await send({"type": "lifespan.startup.failed", "message": "no database"})

    with pytest.raises(LifespanError, match="no database"):
        async with AsyncClient(app=refuses):
            pass

    async def crashes(scope, receive, send):
        if scope["type"] == "lifespan":
            await receive()
            raise KeyError("config")
        await echo(scope, receive, send)

    with pytest.raises(KeyError, match="config"):
        async with AsyncClient(app=crashes, lifespan="on"):
            pass
    # "auto": failing before answering startup means "no lifespan support", as in servers
    async with AsyncClient(app=crashes) as client:
        assert (await client.get("/")).status_code == 200
    with pytest.raises(ValueError, match="lifespan must be"):
        AsyncClient(app=crashes, lifespan="maybe")


@pytest.mark.anyio
async def test_nested_async_with_is_refused():
    client = AsyncClient(app=lifespan_ok)
    async with client:
        with pytest.raises(RuntimeError, match="already inside"):
            await client.__aenter__()


@pytest.mark.anyio
async def test_redirects_are_not_followed_by_default_as_in_httpx():
    async def app(scope, receive, send):
        await receive()
        if scope["path"] == "/old":
            await send({"type": "http.response.start", "status": 307,
                        "headers": [(b"location", b"/new"), (b"content-length", b"0")]})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": scope["path"].encode()})

    async with AsyncClient(app=app) as client:
        moved = await client.get("/old")
        followed = await client.get("/old", follow_redirects=True)
    assert (moved.status_code, moved.next_request.method, str(moved.next_request.url)) == (
        307, "GET", "http://testserver/new"
    )
    assert (followed.status_code, followed.content, [r.status_code for r in followed.history]) \
        == (200, b"/new", [307])
    async with AsyncClient(app=app, follow_redirects=True) as client:
        assert (await client.get("/old")).content == b"/new"


@pytest.mark.anyio
async def test_cookies_set_by_the_app_are_sent_back():
    async def app(scope, receive, send):
        await receive()
        headers = dict(scope["headers"])
        if scope["path"] == "/login":
            out = [(b"set-cookie", b"session=abc; Path=/")]
            body = b""
        else:
            out, body = [], headers.get(b"cookie", b"none")
        await send({"type": "http.response.start", "status": 200, "headers": out})
        await send({"type": "http.response.body", "body": body})

    async with AsyncClient(app=app) as client:
        await client.get("/login")
        assert (await client.get("/me")).content == b"session=abc"
        assert dict(client.cookies) == {"session": "abc"}


@pytest.mark.anyio
async def test_server_exceptions_both_ways():
    class Boom(Exception):
        pass

    async def app(scope, receive, send):
        await receive()
        raise Boom

    with pytest.raises(Boom):
        await AsyncClient(app=app).get("/")
    response = await AsyncClient(app=app, raise_server_exceptions=False).get("/")
    assert (response.status_code, response.headers.multi_items(), response.content) == (
        500, [], b""
    )


async def endless(scope, receive, send):
    await receive()
    await send({"type": "http.response.start", "status": 200, "headers": []})
    n = 0
    while True:
        await send({"type": "http.response.body", "body": b"%d\n" % n, "more_body": True})
        n += 1


@pytest.mark.anyio
async def test_an_endless_stream_is_read_piecemeal_and_closed():
    async with AsyncClient(app=endless) as client:
        async with client.stream("GET", "/") as response:
            lines = []
            async with aclosing(response.aiter_lines()) as line_iterator:
                async for line in line_iterator:
                    lines.append(line)
                    if len(lines) == 3:
                        break
        assert (response.status_code, lines, response.is_closed) == (200, ["0", "1", "2"], True)


@pytest.mark.anyio
async def test_a_stream_read_whole():
    app = reply(200, [(b"content-type", b"text/plain")], b"whole body")
    client = AsyncClient(app=app)
    async with client.stream("POST", "/", content=b"x") as response:
        assert (await response.aread(), response.text) == (b"whole body", "whole body")


@pytest.mark.anyio
async def test_send_stream_needs_the_clients_task_group():
    client = AsyncClient(app=endless)
    request = client.build_request("GET", "/")
    with pytest.raises(RuntimeError, match="inside `async with client`"):
        await client.send(request, stream=True)
    async with client:
        response = await client.send(request, stream=True)
        chunks = []
        async with aclosing(response.aiter_bytes()) as chunk_iterator:
            async for chunk in chunk_iterator:
                chunks.append(chunk)
                if len(chunks) == 2:
                    break
        await response.aclose()
    assert chunks == [b"0\n", b"1\n"]


@pytest.mark.anyio
async def test_a_failing_stream_raises_from_the_read():
    class Boom(Exception):
        pass

    async def app(scope, receive, send):
        await receive()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"a", "more_body": True})
        raise Boom

    with pytest.raises(Boom):
        async with AsyncClient(app=app).stream("GET", "/") as response:
            await response.aread()


def test_async_and_sync_clients_answer_alike(anyio_backend):
    app = tomato_app()

    @app.post("/items/{item_id}")
    async def create(item_id: int, q: str | None = None):
        return {"item_id": item_id, "q": q}

    calls = [("GET", "/", {}), ("POST", "/items/3", {"params": {"q": "x"}}),
             ("POST", "/items/nope", {}), ("GET", "/missing", {}), ("PUT", "/", {})]
    with TestClient(app, backend=anyio_backend) as sync_client:
        expected = [sync_client.request(m, u, **kw) for m, u, kw in calls]

    async def run():
        async with AsyncClient(app=app) as client:
            return [await client.request(m, u, **kw) for m, u, kw in calls]

    got = anyio.run(run, backend=anyio_backend)
    assert [(r.status_code, r.headers.multi_items(), r.content) for r in got] == [
        (r.status_code, r.headers.multi_items(), r.content) for r in expected
    ]
    assert [r.status_code for r in got] == [200, 200, 422, 404, 405]
