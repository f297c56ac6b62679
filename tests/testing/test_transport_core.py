"""The loop-agnostic core driven directly from async code, as an async client will drive it."""

from __future__ import annotations

import anyio
import pytest

from testing._base import BaseClient
from testing._lifespan import LifespanRunner
from tests.testing._apps import echo


@pytest.mark.anyio
async def test_collect_a_whole_exchange():
    client = BaseClient(echo)
    request = client.build_request("POST", "/x", json={"a": 1})
    exchange = client.new_exchange(request)
    body = await exchange.collect()
    response = client.build_response(exchange, request, content=body)
    assert response.status_code == 200
    assert response.json()["messages"] == [
        {"type": "http.request", "body": '{"a":1}', "more_body": False}
    ]


@pytest.mark.anyio
async def test_stream_an_exchange_chunk_by_chunk():
    async def app(scope, receive, send):
        await receive()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        for chunk in (b"a", b"b"):
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body", "body": b""})

    client = BaseClient(app)
    request = client.build_request("GET", "/")
    exchange = client.new_exchange(request)
    async with anyio.create_task_group() as tg:
        tg.start_soon(exchange.run)
        await exchange.wait_head()

        async def chunks():
            while (chunk := await exchange.next_chunk()) is not None:
                yield chunk

        response = client.build_response(exchange, request, stream=chunks(), closer=exchange.aclose)
        assert [c async for c in response.aiter_bytes()] == [b"a", b"b"]
    assert response.content == b"ab" and response.is_closed


@pytest.mark.anyio
async def test_websocket_channel_and_lifespan_runner():
    state = {}

    async def app(scope, receive, send):
        if scope["type"] == "lifespan":
            await receive()
            scope["state"]["x"] = 1
            await send({"type": "lifespan.startup.complete"})
            await receive()
            await send({"type": "lifespan.shutdown.complete"})
            return
        await receive()
        await send({"type": "websocket.accept"})
        message = await receive()
        await send({"type": "websocket.send", "text": message["text"] + repr(scope["state"])})
        await receive()

    client = BaseClient(app)
    async with anyio.create_task_group() as tg:
        runner = LifespanRunner(client.app, state)
        tg.start_soon(runner.run)
        await runner.startup()
        client.app_state = state
        channel = client.new_websocket("/ws")
        tg.start_soon(channel.run)
        await channel.connect()
        await channel.send({"type": "websocket.receive", "text": "hi"})
        assert await channel.receive() == {"type": "websocket.send", "text": "hi{'x': 1}"}
        await channel.aclose()
        await runner.shutdown()
        runner.close()
