"""The app's error layers with and without user middleware answer alike.

Without user middleware an App fuses ServerErrorMiddleware and ExceptionMiddleware into
one ``ErrorBoundary``; with a pass-through middleware between them the two real layers
run. Every case here runs on both stacks (and on asyncio and trio) and must give the same
whole response, the same re-raised error, and the same 404 answers.
"""

from __future__ import annotations

from typing import Any

import pytest

from asgi_core.exceptions import HTTPException
from asgi_core.responses import PlainTextResponse, StreamingResponse
from framework import App, Request
from framework.middleware.boundary import ErrorBoundary
from testing import AsyncClient


class Boom(Exception):
    pass


class Handled(Exception):
    pass



class PassThrough:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)


def build(layered: bool, **handlers: Any) -> App:
    app = App()
    if layered:
        app.add_middleware(PassThrough)
    for key, handler in handlers.get("handlers", {}).items():
        app.add_exception_handler(key, handler)

    @app.get("/boom")
    async def boom() -> None:
        raise Boom("boom")

    @app.get("/handled")
    async def handled() -> None:
        raise Handled("handled")

    @app.get("/late")
    async def late() -> StreamingResponse:
        async def body() -> Any:
            yield b"partial"
            raise Handled("after start")

        return StreamingResponse(body())

    @app.get("/teapot")
    async def teapot() -> None:
        raise HTTPException(status_code=418, detail="short and stout", headers={"x-a": "1"})

    return app


async def on_handled(request: Request, exc: Exception) -> PlainTextResponse:
    return PlainTextResponse(f"handled: {exc}", status_code=409)


async def failing_handler(request: Request, exc: Exception) -> PlainTextResponse:
    raise Boom("handler failed")


async def on_500(request: Request, exc: Exception) -> PlainTextResponse:
    return PlainTextResponse(f"custom 500: {exc}", status_code=500)


def _parts(response: Any) -> tuple[int, list[tuple[str, str]], bytes]:
    return response.status_code, sorted(response.headers.items()), response.content


async def _get(app: App, path: str) -> tuple[int, list[tuple[str, str]], bytes]:
    async with AsyncClient(app=app, base_url="http://test") as client:
        return _parts(await client.get(path))


STACKS = pytest.mark.parametrize("layered", [False, True], ids=["fused", "layered"])


@pytest.mark.anyio
@STACKS
async def test_the_fused_layer_is_used_only_without_user_middleware(layered: bool) -> None:
    app = build(layered)
    stack = app.build_middleware_stack()
    assert isinstance(stack, ErrorBoundary) is (not layered)


@pytest.mark.anyio
@STACKS
async def test_unhandled_error_is_a_500_then_re_raised(layered: bool) -> None:
    async with AsyncClient(app=build(layered), base_url="http://test") as client:
        with pytest.raises(Boom, match="boom"):
            await client.get("/boom")
    quiet = AsyncClient(app=build(layered), base_url="http://test", raise_server_exceptions=False)
    async with quiet as client:
        response = await client.get("/boom")
    assert _parts(response) == (
        500,
        [("content-length", "21"), ("content-type", "text/plain; charset=utf-8")],
        b"Internal Server Error",
    )


@pytest.mark.anyio
@STACKS
async def test_custom_500_handler(layered: bool) -> None:
    app = build(layered, handlers={Exception: on_500})
    quiet = AsyncClient(app=app, base_url="http://test", raise_server_exceptions=False)
    async with quiet as client:
        response = await client.get("/boom")
    assert _parts(response) == (
        500,
        [("content-length", "16"), ("content-type", "text/plain; charset=utf-8")],
        b"custom 500: boom",
    )


@pytest.mark.anyio
@STACKS
async def test_handled_error(layered: bool) -> None:
    assert await _get(build(layered, handlers={Handled: on_handled}), "/handled") == (
        409,
        [("content-length", "16"), ("content-type", "text/plain; charset=utf-8")],
        b"handled: handled",
    )


@pytest.mark.anyio
@STACKS
async def test_handler_that_fails_gives_a_500(layered: bool) -> None:
    app = build(layered, handlers={Handled: failing_handler})
    async with AsyncClient(app=app, base_url="http://test") as client:
        with pytest.raises(Boom, match="handler failed"):
            await client.get("/handled")


@pytest.mark.anyio
@STACKS
async def test_handled_error_after_the_response_started(layered: bool) -> None:
    app = build(layered, handlers={Handled: on_handled})
    async with AsyncClient(app=app, base_url="http://test") as client:
        with pytest.raises(RuntimeError, match="response already started") as info:
            await client.get("/late")
    assert isinstance(info.value.__cause__, Handled)


@pytest.mark.anyio
@STACKS
async def test_http_exception_and_404(layered: bool) -> None:
    app = build(layered)
    assert await _get(app, "/teapot") == (
        418,
        [("content-length", "28"), ("content-type", "application/json"), ("x-a", "1")],
        b'{"detail":"short and stout"}',
    )
    assert await _get(app, "/nowhere") == (
        404,
        [("content-length", "22"), ("content-type", "application/json")],
        b'{"detail":"Not Found"}',
    )


async def custom_404(request: Request, exc: Exception) -> PlainTextResponse:
    return PlainTextResponse(f"no {request.url.path}", status_code=404)


async def custom_http(request: Request, exc: HTTPException) -> PlainTextResponse:
    return PlainTextResponse(f"http {exc.status_code}", status_code=exc.status_code)


@pytest.mark.anyio
@STACKS
@pytest.mark.parametrize(
    ("key", "handler", "body"),
    [(404, custom_404, b"no /nowhere"), (HTTPException, custom_http, b"http 404")],
)
async def test_custom_404_handlers_still_answer(
    layered: bool, key: Any, handler: Any, body: bytes
) -> None:
    status, headers, content = await _get(build(layered, handlers={key: handler}), "/nowhere")
    assert (status, content) == (404, body)
    assert headers == [
        ("content-length", str(len(body))),
        ("content-type", "text/plain; charset=utf-8"),
    ]
