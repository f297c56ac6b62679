# mypy: allow-untyped-defs, allow-incomplete-defs, allow-untyped-decorators
# (endpoints without a response_model deliberately carry no return annotation, see below)
"""The scenarios written once in FastAPI's API, built on Keel and on FastAPI.

``build(api)`` takes the module a program imports its names from (``framework`` or
``fastapi``) plus its ``responses`` module, so both apps run literally the same endpoint
code: the only difference is the import, as API.md promises. Endpoints without a
``response_model`` carry no return annotation, since FastAPI would turn one into a
response model and validate every return value against it. Annotations use only
module-level names (default-value style for ``Header``/``Depends``) so they resolve under
``from __future__ import annotations``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from types import ModuleType
from typing import Any

from benchmarks._models import CATALOG, CatalogItem, Order, OrderPublic
from benchmarks._scenarios import DYNAMIC_ROUTES

__all__ = ["build", "build_fastapi", "build_keel"]


async def get_db() -> AsyncIterator[dict[str, Any]]:
    session = {"id": "session-1", "open": True}
    try:
        yield session
    finally:
        session["open"] = False


def _dynamic_endpoint(index: int) -> Any:
    async def dynamic(item_id: int):
        return {"route": index, "item_id": item_id}

    dynamic.__name__ = f"dynamic_{index}"
    return dynamic


def _add_simple(app: Any, responses: ModuleType) -> None:
    @app.get("/plaintext", response_class=responses.PlainTextResponse)
    async def plaintext():
        return "Hello, World!"

    @app.get("/json")
    async def json_dict():
        return {"message": "Hello, World!"}

    @app.get("/items/{item_id}")
    async def read_item(item_id: int, q: str | None = None, limit: int = 10):
        return {"item_id": item_id, "q": q, "limit": limit}

    @app.post("/orders", response_model=OrderPublic)
    async def create_order(order: Order):
        return order

    @app.get("/catalog", response_model=list[CatalogItem])
    async def catalog():
        return CATALOG

    @app.get("/sync")
    def sync_endpoint():
        return {"message": "Hello from a thread"}

    for index in range(DYNAMIC_ROUTES):
        app.add_api_route(f"/route{index}/{{item_id}}", _dynamic_endpoint(index), methods=["GET"])


def _add_dependencies(app: Any, api: ModuleType) -> None:
    header, depends = api.Header, api.Depends

    async def get_token(x_token: str = header()) -> str:
        return x_token

    async def get_user(db: Any = depends(get_db), token: str = depends(get_token)) -> Any:
        return {"name": "alice", "token": token, "session": db["id"]}

    async def get_context(user: Any = depends(get_user)) -> Any:
        return {"user": user, "level": 3}

    @app.get("/deps")
    async def deps(context: Any = depends(get_context)):
        return context


def build(api: ModuleType, responses: ModuleType, app_class: Any) -> Any:
    """Every scenario's path operation on one app of ``app_class``."""
    app = app_class(openapi_url=None, docs_url=None, redoc_url=None)
    _add_simple(app, responses)
    _add_dependencies(app, api)
    return app


def build_keel() -> Any:
    import framework
    import framework.responses

    return build(framework, framework.responses, framework.App)


def build_fastapi() -> Any:
    import fastapi
    import fastapi.responses

    return build(fastapi, fastapi.responses, fastapi.FastAPI)
