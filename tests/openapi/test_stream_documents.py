"""How generator endpoints are described: the emitter asks the streaming layer which stream
a route sends (observed on FastAPI 0.165 for the same program)."""

from collections.abc import AsyncIterable

from pydantic import BaseModel

from framework import App
from framework.responses import JSONResponse


class Item(BaseModel):
    name: str


class MyJSON(JSONResponse):
    media_type = "application/x-my"


def test_stream_content_follows_the_response_class_and_model_choice() -> None:
    app = App()

    @app.get("/a", response_class=JSONResponse)
    async def a() -> AsyncIterable[Item]:
        yield Item(name="x")

    @app.get("/b", response_class=MyJSON)
    async def b() -> AsyncIterable[Item]:
        yield Item(name="x")

    @app.get("/c", response_model=None)
    async def c() -> AsyncIterable[Item]:
        yield Item(name="x")

    @app.get("/d")
    async def d() -> AsyncIterable[Item]:
        yield Item(name="x")

    paths = app.openapi()["paths"]
    content = {p: paths[p]["get"]["responses"]["200"]["content"] for p in ("/a", "/b", "/c", "/d")}
    assert content == {
        "/a": {"application/json": {"schema": {}}},
        "/b": {"application/x-my": {"schema": {}}},
        "/c": {"application/jsonl": {"itemSchema": {}}},
        "/d": {"application/jsonl": {"itemSchema": {"$ref": "#/components/schemas/Item"}}},
    }
