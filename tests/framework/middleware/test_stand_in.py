"""An ``@app.middleware`` layer standing in for the App's error layers answers alike.

Next to the ServerErrorMiddleware (outermost) or the ExceptionMiddleware (innermost), a
``BaseHTTPMiddleware`` does that layer's work itself on ASGI 2.4 (``stand_in_for``): one
layer fewer per request. Every case here runs the same program on stacks where it stands
in for both, for one, or for neither (plain ASGI layers around it keep the error layers
apart: the reference), on ASGI 2.4 and 2.0, on asyncio and trio, and must give the same messages and the
same error as the reference stack, whose outcome is spelled out in full.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anyio
import pytest

from asgi_core.responses import PlainTextResponse, StreamingResponse
from framework import App, Request
from framework.middleware.base import BaseHTTPMiddleware
from framework.middleware.errors import ServerErrorMiddleware
from framework.middleware.exceptions import ExceptionMiddleware
from tests.asgi_helpers import http_scope
from tests.framework.test_error_boundary import (
    Boom,
    Handled,
    PassThrough,
    custom_404,
    failing_handler,
    on_500,
    on_handled,
)
from tests.framework.test_error_boundary import build as error_boundary_program

pytestmark = pytest.mark.anyio


async def passthrough(request: Request, call_next: Any) -> Any:
    return await call_next(request)


async def reads_the_body(request: Request, call_next: Any) -> Any:
    """Reads the app's whole body and answers with a copy (the stepping path)."""
    response = await call_next(request)
    chunks = [chunk async for chunk in response.body_iterator]
    return PlainTextResponse(b"".join(chunks), status_code=response.status_code)


async def fails_itself(request: Request, call_next: Any) -> Any:
    raise Boom("middleware failed")


async def tags_the_status(request: Request, call_next: Any) -> Any:
    response = await call_next(request)
    response.headers["x-seen-status"] = str(response.status_code)
    return response


# name -> (how to add the layers, what the @app.middleware layer stands in for)
STACKS: dict[str, tuple[Callable[[App, Any], None], set[str]]] = {
    "decorated between ASGI layers": (
        lambda app, dispatch: (
            app.add_middleware(PassThrough),
            app.middleware("http")(dispatch),
            app.add_middleware(PassThrough),
        ),
        set(),
    ),
    "decorated": (
        lambda app, dispatch: app.middleware("http")(dispatch),
        {"errors", "exceptions"},
    ),
    "decorated inside ASGI": (
        lambda app, dispatch: (app.middleware("http")(dispatch), app.add_middleware(PassThrough)),
        {"exceptions"},
    ),
    "decorated outside ASGI": (
        lambda app, dispatch: (app.add_middleware(PassThrough), app.middleware("http")(dispatch)),
        {"errors"},
    ),
}
REFERENCE = "decorated between ASGI layers"  # the error layers run as themselves


def build(stack: str, dispatch: Any = passthrough, handlers: dict[Any, Any] | None = None) -> App:
    """The error-boundary tests' program (/boom, /handled, /late, /teapot), plus two
    routes, on ``stack``."""
    app = error_boundary_program(False, handlers=handlers or {})

    @app.get("/ok")
    async def ok() -> dict[str, str]:
        return {"hello": "world"}

    @app.get("/late-unhandled")
    async def late_unhandled() -> StreamingResponse:
        async def body() -> Any:
            yield b"partial"
            raise Boom("after start")

        return StreamingResponse(body())

    STACKS[stack][0](app, dispatch)
    return app


Outcome = tuple[list[tuple[Any, ...]], tuple[str, str, str] | None]


async def outcome(app: App, path: str, spec: str) -> Outcome:
    """The messages the client got (type, status, headers / body), and the error raised
    (its type, text, and the type of its cause)."""
    scope = http_scope("GET", path)
    scope["asgi"]["spec_version"] = spec
    sent: list[tuple[Any, ...]] = []

    received = False

    async def receive() -> dict[str, Any]:
        nonlocal received
        if received:  # a client that stays: nothing more until the response is done
            await anyio.sleep_forever()
        received = True
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            sent.append(("start", message["status"], sorted(message.get("headers", []))))
        else:
            sent.append(("body", message.get("body", b""), message.get("more_body", False)))

    error = None
    try:
        with anyio.fail_after(5):
            await app(scope, receive, send)
    except Exception as exc:
        cause = type(exc.__cause__).__name__ if exc.__cause__ is not None else ""
        error = (type(exc).__name__, str(exc), cause)
    # Bodies are compared whole: how a response is cut into chunks is not the point here.
    body = b"".join(part[1] for part in sent if part[0] == "body")
    starts = [part for part in sent if part[0] == "start"]
    return [*starts, ("body", body)], error


def _text(status: int, text: bytes, *extra: tuple[bytes, bytes]) -> list[tuple[Any, ...]]:
    headers = sorted(
        [
            (b"content-length", str(len(text)).encode()),
            (b"content-type", b"text/plain; charset=utf-8"),
            *extra,
        ]
    )
    return [("start", status, headers), ("body", text)]


def _json(status: int, text: bytes, *extra: tuple[bytes, bytes]) -> list[tuple[Any, ...]]:
    headers = sorted(
        [(b"content-length", str(len(text)).encode()), (b"content-type", b"application/json"),
         *extra]
    )
    return [("start", status, headers), ("body", text)]


STREAMED = [("start", 200, []), ("body", b"partial")]

# (path, handlers, the reference stack's outcome)
CASES: dict[str, tuple[str, dict[Any, Any], Outcome]] = {
    "ok": ("/ok", {}, (_json(200, b'{"hello":"world"}'), None)),
    "unhandled error: a 500, then re-raised": (
        "/boom", {}, (_text(500, b"Internal Server Error"), ("Boom", "boom", ""))
    ),
    "custom 500 handler": (
        "/boom", {Exception: on_500}, (_text(500, b"custom 500: boom"), ("Boom", "boom", ""))
    ),
    "handled error": ("/handled", {Handled: on_handled}, (_text(409, b"handled: handled"), None)),
    "a handler that fails": (
        "/handled",
        {Handled: failing_handler},
        (_text(500, b"Internal Server Error"), ("Boom", "handler failed", "")),
    ),
    "handled error after the start": (
        "/late",
        {Handled: on_handled},
        (
            STREAMED,
            (
                "RuntimeError",
                "Caught handled exception, but response already started.",
                "Handled",
            ),
        ),
    ),
    "unhandled error after the start": (
        "/late-unhandled", {}, (STREAMED, ("Boom", "after start", ""))
    ),
    "HTTPException": (
        "/teapot", {}, (_json(418, b'{"detail":"short and stout"}', (b"x-a", b"1")), None)
    ),
    "404": ("/nowhere", {}, (_json(404, b'{"detail":"Not Found"}'), None)),
    "custom 404 handler": ("/nowhere", {404: custom_404}, (_text(404, b"no /nowhere"), None)),
}


@pytest.mark.parametrize("spec", ["2.4", "2.0"])
@pytest.mark.parametrize("stack", list(STACKS))
@pytest.mark.parametrize("case", list(CASES))
async def test_every_stack_answers_as_the_reference(case: str, stack: str, spec: str) -> None:
    path, handlers, expected = CASES[case]
    reference = await outcome(build(REFERENCE, handlers=handlers), path, spec)
    assert reference == expected
    assert await outcome(build(stack, handlers=handlers), path, spec) == expected


# What the middleware does with the response must not change the outcome either.
DISPATCH_CASES: dict[str, tuple[Any, str, dict[Any, Any], Outcome]] = {
    "the middleware reads the body of a handled error's response": (
        reads_the_body, "/handled", {Handled: on_handled},
        (_text(409, b"handled: handled"), None),
    ),
    "the middleware reads a body that fails after the start": (
        reads_the_body, "/late", {Handled: on_handled},
        (
            _text(500, b"Internal Server Error"),
            (
                "RuntimeError",
                "Caught handled exception, but response already started.",
                "Handled",
            ),
        ),
    ),
    "the middleware fails itself": (
        fails_itself, "/ok", {}, (_text(500, b"Internal Server Error"), ("Boom", "middleware failed", ""))
    ),
    "the middleware sees the handler's status": (
        tags_the_status, "/teapot", {},
        (
            _json(418, b'{"detail":"short and stout"}', (b"x-a", b"1"), (b"x-seen-status", b"418")),
            None,
        ),
    ),
}


@pytest.mark.parametrize("spec", ["2.4", "2.0"])
@pytest.mark.parametrize("stack", list(STACKS))
@pytest.mark.parametrize("case", list(DISPATCH_CASES))
async def test_middleware_behaviour_is_the_same_on_every_stack(
    case: str, stack: str, spec: str
) -> None:
    dispatch, path, handlers, expected = DISPATCH_CASES[case]
    reference = await outcome(build(REFERENCE, dispatch, handlers), path, spec)
    assert reference == expected
    assert await outcome(build(stack, dispatch, handlers), path, spec) == expected


@pytest.mark.parametrize("stack", list(STACKS))
async def test_it_stands_in_only_next_to_the_error_layers(stack: str) -> None:
    app = build(stack)
    await outcome(app, "/ok", "2.4")  # builds the stack
    errors = app.middleware_stack
    assert type(errors) is ServerErrorMiddleware
    layers = []
    layer = errors.app
    while not isinstance(layer, ExceptionMiddleware):
        layers.append(layer)
        layer = layer.app
    decorated = next(each for each in layers if isinstance(each, BaseHTTPMiddleware))
    stands_in = STACKS[stack][1]
    assert (decorated._errors is errors) is ("errors" in stands_in)
    assert (decorated._exceptions is layer) is ("exceptions" in stands_in)
    # The App calls the layer standing in for the ServerErrorMiddleware directly.
    first = decorated if "errors" in stands_in else errors
    assert app._middleware_stack_call == first.__call__


async def test_a_subclass_with_its_own_call_does_not_stand_in() -> None:
    class Own(BaseHTTPMiddleware):
        async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
            await super().__call__(scope, receive, send)

    exceptions = ExceptionMiddleware(PassThrough(None))
    layer = Own(exceptions, passthrough)
    errors = ServerErrorMiddleware(layer)
    assert (layer.stand_in_for(exceptions), layer.stand_in_for(errors)) == (False, False)
    assert (layer._errors, layer._exceptions) == (None, None)
    plain = BaseHTTPMiddleware(exceptions, passthrough)
    assert plain.stand_in_for(ServerErrorMiddleware(PassThrough(None))) is False  # not above it

    class OwnErrors(ServerErrorMiddleware):
        pass

    assert plain.stand_in_for(OwnErrors(plain)) is False  # may do more than it knows of
    assert (plain.stand_in_for(exceptions), plain._exceptions) == (True, exceptions)
