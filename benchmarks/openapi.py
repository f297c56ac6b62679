# mypy: allow-untyped-defs, allow-incomplete-defs
# (endpoints without a response model carry no return annotation: FastAPI would read one)
"""Time to build the OpenAPI document of a 1,000-route app (target: under a second).

Run with ``python -m benchmarks.openapi``. The same program is written once against
FastAPI's API and built with ``framework`` (Keel) and, when it is installed, ``fastapi``.
Each round builds a fresh app (not timed), then times its first ``app.openapi()`` call
(``cold``: every field schema generated) and a rebuild after ``app.openapi_schema = None``
(``warm``: what per-route caches leave to do). Prints the median of the rounds.
"""

from __future__ import annotations

import importlib
import importlib.util
import statistics
import time
from types import ModuleType
from typing import Any

from pydantic import BaseModel, Field

__all__ = ["build", "main", "measure"]

ROUTES = 1_000
ROUNDS = 5


class Image(BaseModel):
    url: str
    name: str


class Item(BaseModel):
    name: str = Field(examples=["Foo"])
    description: str | None = Field(default=None, max_length=300)
    price: float = Field(gt=0)
    tags: list[str] = []
    images: list[Image] | None = None


class ItemOut(Item):
    id: int


class Message(BaseModel):
    message: str


def _group(api: ModuleType, router: Any, index: int) -> None:
    """Four path operations (GET one, GET many, POST, PUT with a form) under one prefix."""
    prefix = f"/group{index}"

    # Markers as defaults: under ``from __future__ import annotations`` an ``Annotated``
    # naming the local ``api`` could not be resolved.
    async def read_item(
        item_id: int = api.Path(ge=1),
        q: str | None = api.Query(None, max_length=50),
        x_token: str | None = api.Header(None),
    ) -> ItemOut:
        raise NotImplementedError

    async def list_items(skip: int = 0, limit: int = api.Query(10, le=100)):
        return []

    async def create_item(item: Item, importance: int = api.Body(gt=0)):
        return {}

    async def upload(item_id: int, note: str = api.Form()):
        return {}

    for endpoint in (read_item, list_items, create_item, upload):
        endpoint.__name__ = f"{endpoint.__name__}_{index}"
    tags = [f"group{index % 10}"]
    router.get(f"{prefix}/{{item_id}}", tags=tags, responses={404: {"model": Message}})(
        read_item
    )
    router.get(f"{prefix}/", tags=tags, response_model=list[ItemOut])(list_items)
    router.post(f"{prefix}/", tags=tags, status_code=201)(create_item)
    router.put(f"{prefix}/{{item_id}}/note", tags=tags)(upload)


def build(api: ModuleType, app_class: Any, routes: int = ROUTES) -> Any:
    """An app of ``routes`` path operations written with ``api``'s names."""
    app = app_class(title="Bench", version="1.0")
    for index in range(routes // 4):
        _group(api, app, index)
    return app


def measure(api_name: str, app_class_name: str) -> tuple[float, float]:
    """Median (cold, warm) seconds for ``api_name``'s app."""
    api = importlib.import_module(api_name)
    app_class = getattr(api, app_class_name)
    cold: list[float] = []
    warm: list[float] = []
    for _ in range(ROUNDS):
        app = build(api, app_class)
        start = time.perf_counter()
        document = app.openapi()
        cold.append(time.perf_counter() - start)
        app.openapi_schema = None
        start = time.perf_counter()
        app.openapi()
        warm.append(time.perf_counter() - start)
        operations = sum(len(item) for item in document["paths"].values())
        if operations != ROUTES:
            raise RuntimeError(f"{api_name}: {operations} operations, expected {ROUTES}")
    return statistics.median(cold), statistics.median(warm)


def main() -> None:
    print(f"OpenAPI document of a {ROUTES}-route app (median of {ROUNDS} rounds)")
    cases = [("Keel", "framework", "App")]
    if importlib.util.find_spec("fastapi") is not None:
        cases.append(("FastAPI", "fastapi", "FastAPI"))
    for label, module, app_class in cases:
        cold, warm = measure(module, app_class)
        print(f"  {label:<8} cold {cold * 1000:8.1f} ms   warm {warm * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
