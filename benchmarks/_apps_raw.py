"""The floor: one hand-written ASGI app doing the scenarios' validation and serialization.

No framework: a dict of static routes, a split for the two dynamic shapes, pydantic
called directly (``validate_json`` on the body, ``dump_json`` on the way out, a model per
set of parameters) and pre-encoded header lists. It is what the scenarios cost with no
abstraction at all, so ``Keel / floor`` says how much the framework adds.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import parse_qsl

from anyio import to_thread
from pydantic import BaseModel, TypeAdapter, ValidationError

from benchmarks._models import CATALOG, CatalogItem, Order, OrderPublic, dumps
from benchmarks._scenarios import DYNAMIC_ROUTES

__all__ = ["RawApp", "build_raw"]

Send = Callable[[dict[str, Any]], Awaitable[None]]
Handler = Callable[[dict[str, Any], Any, Send], Awaitable[None]]

_JSON = b"application/json"
_TEXT = b"text/plain; charset=utf-8"
_NOT_FOUND = dumps({"detail": "Not Found"})
_CATALOG = TypeAdapter(list[CatalogItem])


class ItemQuery(BaseModel):
    item_id: int
    q: str | None = None
    limit: int = 10


class RouteParams(BaseModel):
    item_id: int


async def respond(send: Send, body: bytes, status: int = 200, media: bytes = _JSON) -> None:
    headers = [(b"content-length", str(len(body)).encode()), (b"content-type", media)]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def read_body(receive: Any) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def header(scope: dict[str, Any], name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


def unprocessable(exc: ValidationError, where: str) -> bytes:
    errors = exc.errors(include_url=False)
    return dumps({"detail": [e | {"loc": [where, *e["loc"]]} for e in errors]})


@asynccontextmanager
async def db_session() -> AsyncIterator[dict[str, Any]]:
    session = {"id": "session-1", "open": True}
    try:
        yield session
    finally:
        session["open"] = False


async def plaintext(scope: dict[str, Any], receive: Any, send: Send) -> None:
    await respond(send, b"Hello, World!", media=_TEXT)


async def json_dict(scope: dict[str, Any], receive: Any, send: Send) -> None:
    await respond(send, dumps({"message": "Hello, World!"}))


async def create_order(scope: dict[str, Any], receive: Any, send: Send) -> None:
    try:
        order = Order.model_validate_json(await read_body(receive))
    except ValidationError as exc:
        await respond(send, unprocessable(exc, "body"), 422)
        return
    public = OrderPublic.model_validate(order, from_attributes=True)
    await respond(send, public.model_dump_json().encode())


async def deps(scope: dict[str, Any], receive: Any, send: Send) -> None:
    token = header(scope, b"x-token")
    if token is None:
        await respond(send, b'{"detail":"missing x-token"}', 422)
        return
    async with db_session() as db:
        user = {"name": "alice", "token": token, "session": db["id"]}
        await respond(send, dumps({"user": user, "level": 3}))


async def catalog(scope: dict[str, Any], receive: Any, send: Send) -> None:
    await respond(send, _CATALOG.dump_json(_CATALOG.validate_python(CATALOG)))


def _sync_work() -> dict[str, str]:
    return {"message": "Hello from a thread"}


async def sync_endpoint(scope: dict[str, Any], receive: Any, send: Send) -> None:
    await respond(send, dumps(await to_thread.run_sync(_sync_work)))


async def read_item(scope: dict[str, Any], send: Send, item_id: str) -> None:
    data: dict[str, Any] = dict(parse_qsl(scope["query_string"].decode("latin-1")))
    data["item_id"] = item_id
    try:
        params = ItemQuery.model_validate(data)
    except ValidationError as exc:
        await respond(send, unprocessable(exc, "query"), 422)
        return
    await respond(send, params.model_dump_json().encode())


async def dynamic(scope: dict[str, Any], send: Send, index: int, item_id: str) -> None:
    try:
        params = RouteParams.model_validate({"item_id": item_id})
    except ValidationError as exc:
        await respond(send, unprocessable(exc, "path"), 422)
        return
    await respond(send, dumps({"route": index, "item_id": params.item_id}))


class RawApp:
    """Static paths by dict; ``/items/{id}`` and ``/route{n}/{id}`` by splitting the path."""

    def __init__(self) -> None:
        self.static: dict[tuple[str, str], Handler] = {
            ("GET", "/plaintext"): plaintext,
            ("GET", "/json"): json_dict,
            ("POST", "/orders"): create_order,
            ("GET", "/deps"): deps,
            ("GET", "/catalog"): catalog,
            ("GET", "/sync"): sync_endpoint,
        }
        self.routes = {f"route{i}": i for i in range(DYNAMIC_ROUTES)}

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.lifespan(receive, send)
            return
        method, path = scope["method"], scope["path"]
        handler = self.static.get((method, path))
        if handler is not None:
            await handler(scope, receive, send)
            return
        parts = path.split("/")
        if method == "GET" and len(parts) == 3 and parts[0] == "":
            if parts[1] == "items":
                await read_item(scope, send, parts[2])
                return
            index = self.routes.get(parts[1])
            if index is not None:
                await dynamic(scope, send, index, parts[2])
                return
        await respond(send, _NOT_FOUND, 404)

    async def lifespan(self, receive: Any, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return


def build_raw() -> RawApp:
    return RawApp()
