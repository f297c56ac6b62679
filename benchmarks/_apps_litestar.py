"""The scenarios written the Litestar way (imported only when Litestar is installed).

Idiomatic Litestar with the same work as the FastAPI-style apps: pydantic models through
Litestar's pydantic plugin, ``Provide`` dependencies (one a generator), a header
``Parameter``, handlers returning what the response must hold. Litestar has no
``response_model`` filter, so the order handler builds the ``OrderPublic`` itself (the
validation FastAPI's ``response_model`` does). Two exception handlers give Litestar
FastAPI's 404 and 422 documents (its own are 404 ``{"status_code", "detail"}`` and 400
with ``extra``), so every framework answers every scenario with the same bytes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from litestar import Litestar, MediaType, Request, Response, get, post
from litestar.di import Provide
from litestar.exceptions import NotFoundException, ValidationException
from litestar.params import Parameter

from benchmarks._models import CATALOG, CatalogItem, Order, OrderPublic
from benchmarks._scenarios import DYNAMIC_ROUTES

__all__ = ["build_litestar"]


@get("/plaintext", media_type=MediaType.TEXT)
async def plaintext() -> str:
    return "Hello, World!"


@get("/json")
async def json_dict() -> dict[str, str]:
    return {"message": "Hello, World!"}


@get("/items/{item_id:int}")
async def read_item(item_id: int, q: str | None = None, limit: int = 10) -> dict[str, Any]:
    return {"item_id": item_id, "q": q, "limit": limit}


@post("/orders", status_code=200)
async def create_order(data: Order) -> OrderPublic:
    return OrderPublic.model_validate(data, from_attributes=True)


@get("/catalog")
async def catalog() -> list[CatalogItem]:
    return CATALOG


@get("/sync", sync_to_thread=True)
def sync_endpoint() -> dict[str, str]:
    return {"message": "Hello from a thread"}


async def get_db() -> AsyncIterator[dict[str, Any]]:
    session = {"id": "session-1", "open": True}
    try:
        yield session
    finally:
        session["open"] = False


async def get_token(x_token: str = Parameter(header="x-token")) -> str:
    return x_token


async def get_user(db: dict[str, Any], token: str) -> dict[str, Any]:
    return {"name": "alice", "token": token, "session": db["id"]}


async def get_context(user: dict[str, Any]) -> dict[str, Any]:
    return {"user": user, "level": 3}


@get(
    "/deps",
    dependencies={
        "db": Provide(get_db),
        "token": Provide(get_token),
        "user": Provide(get_user),
        "context": Provide(get_context),
    },
)
async def deps(context: dict[str, Any]) -> dict[str, Any]:
    return context


def _dynamic_handler(index: int) -> Any:
    async def dynamic(item_id: int) -> dict[str, int]:
        return {"route": index, "item_id": item_id}

    dynamic.__name__ = f"dynamic_{index}"
    return get(f"/route{index}/{{item_id:int}}")(dynamic)


def not_found(request: Request[Any, Any, Any], exc: NotFoundException) -> Response[Any]:
    return Response({"detail": "Not Found"}, status_code=404)


def invalid(request: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    """FastAPI's 422 document from the pydantic errors Litestar keeps as the cause."""
    errors = getattr(exc.__cause__, "errors", None)
    if not isinstance(errors, list):
        return Response({"detail": exc.extra}, status_code=422)
    detail = [
        {k: v for k, v in e.items() if k != "url"} | {"loc": ["body", *e["loc"]]} for e in errors
    ]
    return Response({"detail": detail}, status_code=422)


def build_litestar() -> Litestar:
    handlers: list[Any] = [plaintext, json_dict, read_item, create_order, catalog, sync_endpoint]
    handlers += [deps, *(_dynamic_handler(i) for i in range(DYNAMIC_ROUTES))]
    return Litestar(
        route_handlers=handlers,
        exception_handlers={NotFoundException: not_found, ValidationException: invalid},
        openapi_config=None,
    )
