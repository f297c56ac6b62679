"""The scenarios written the Starlette way (imported only when Starlette is installed).

What a Starlette user writes by hand for the work FastAPI's signatures do: ``Route``
with path convertors, request bodies and query strings validated with pydantic models
called directly, the 422 document built from pydantic's errors, the dependency chain as
plain function calls around an async context manager (the ``yield`` dependency), the
``response_model`` filter as a second model validation, a sync endpoint (which Starlette
runs in its thread pool) and an exception handler giving FastAPI's JSON 404 (Starlette's
own is plain text), so every framework answers every scenario with the same bytes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from benchmarks._models import CATALOG, CatalogItem, Order, OrderPublic
from benchmarks._scenarios import DYNAMIC_ROUTES

__all__ = ["build_starlette"]

_CATALOG = TypeAdapter(list[CatalogItem])


class ItemQuery(BaseModel):
    item_id: int
    q: str | None = None
    limit: int = 10


def unprocessable(exc: ValidationError, where: str) -> JSONResponse:
    """FastAPI's 422 document: pydantic's errors, each ``loc`` prefixed by where it was."""
    detail = [e | {"loc": [where, *e["loc"]]} for e in exc.errors(include_url=False)]
    return JSONResponse({"detail": detail}, status_code=422)


def model_response(model: BaseModel) -> Response:
    return Response(model.model_dump_json(), media_type="application/json")


async def plaintext(request: Request) -> Response:
    return PlainTextResponse("Hello, World!")


async def json_dict(request: Request) -> Response:
    return JSONResponse({"message": "Hello, World!"})


async def read_item(request: Request) -> Response:
    data: dict[str, Any] = dict(request.query_params)
    data["item_id"] = request.path_params["item_id"]
    try:
        params = ItemQuery.model_validate(data)
    except ValidationError as exc:
        return unprocessable(exc, "query")
    return model_response(params)


async def create_order(request: Request) -> Response:
    try:
        order = Order.model_validate_json(await request.body())
    except ValidationError as exc:
        return unprocessable(exc, "body")
    return model_response(OrderPublic.model_validate(order, from_attributes=True))


async def catalog(request: Request) -> Response:
    # What FastAPI's response_model=list[CatalogItem] does: validate, then serialize.
    return Response(_CATALOG.dump_json(_CATALOG.validate_python(CATALOG)),
                    media_type="application/json")


def sync_endpoint(request: Request) -> Response:
    return JSONResponse({"message": "Hello from a thread"})


@asynccontextmanager
async def get_db() -> AsyncIterator[dict[str, Any]]:
    session = {"id": "session-1", "open": True}
    try:
        yield session
    finally:
        session["open"] = False


def get_token(request: Request) -> str:
    token = request.headers.get("x-token")
    if token is None:
        raise HTTPException(422, "missing x-token")
    return token


def get_user(db: dict[str, Any], token: str) -> dict[str, Any]:
    return {"name": "alice", "token": token, "session": db["id"]}


async def deps(request: Request) -> Response:
    async with get_db() as db:
        user = get_user(db, get_token(request))
        return JSONResponse({"user": user, "level": 3})


def _dynamic_route(index: int) -> Route:
    async def dynamic(request: Request) -> Response:
        return JSONResponse({"route": index, "item_id": request.path_params["item_id"]})

    return Route(f"/route{index}/{{item_id:int}}", dynamic, name=f"dynamic_{index}")


async def http_error(request: Request, exc: Exception) -> Response:
    """FastAPI's JSON error document instead of Starlette's plain-text one."""
    if not isinstance(exc, HTTPException):
        raise exc
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code,
                        headers=exc.headers)


def build_starlette() -> Starlette:
    routes = [
        Route("/plaintext", plaintext),
        Route("/json", json_dict),
        Route("/items/{item_id:int}", read_item),
        Route("/orders", create_order, methods=["POST"]),
        Route("/deps", deps),
        Route("/catalog", catalog),
        Route("/sync", sync_endpoint),
        *(_dynamic_route(i) for i in range(DYNAMIC_ROUTES)),
    ]
    return Starlette(routes=routes, exception_handlers={HTTPException: http_error})
