"""What a generator route streams, as the OpenAPI emitter reads it (``framework.routing.streaming``).

FastAPI 0.165's OpenAPI for the same routes: ``application/jsonl`` with an ``itemSchema`` of
the annotated item (``{}`` when untyped), ``text/event-stream`` with the SSE event schema
(``data`` carrying the item as ``contentSchema``), nothing for a raw ``StreamingResponse``.
"""

from collections.abc import AsyncGenerator, AsyncIterable, Iterable, Iterator
from typing import Annotated, Any, Union

import pytest
from pydantic import BaseModel, Field

import framework.sse
from framework import App
from framework.exceptions import FrameworkError
from framework.responses import StreamingResponse
from framework.routing import APIRoute
from framework.routing.streaming import (
    JSONL_MEDIA_TYPE,
    SSE_MEDIA_TYPE,
    stream_item_annotation,
    stream_item_field_name,
    stream_kind,
    stream_media_type,
    stream_plan,
)
from framework.sse import SSE_EVENT_SCHEMA, EventSourceResponse, ServerSentEvent


class Item(BaseModel):
    name: str


Positive = Annotated[int, Field(gt=0)]


def route_of(app: App, path: str) -> APIRoute:
    for route in app.routes:
        if isinstance(route, APIRoute) and route.path == path:
            return route
    raise LookupError(path)


def build_app() -> App:
    app = App()

    @app.get("/jsonl")
    async def jsonl() -> AsyncIterable[Item]:
        yield Item(name="a")

    @app.get("/jsonl-untyped")
    async def jsonl_untyped():  # type: ignore[no-untyped-def]
        yield 1

    @app.get("/jsonl-sync")
    def jsonl_sync() -> Iterator[int]:
        yield 1

    @app.get("/generator")
    async def generator() -> AsyncGenerator[Positive, None]:
        yield 1

    @app.get("/explicit-model", response_model=int)
    async def explicit_model() -> AsyncIterable[Item]:
        yield Item(name="a")

    @app.get("/sse", response_class=EventSourceResponse)
    async def sse() -> AsyncIterable[Item]:
        yield Item(name="a")

    @app.get("/sse-events", response_class=EventSourceResponse)
    async def sse_events() -> AsyncIterable[ServerSentEvent]:
        yield ServerSentEvent(data=1)

    @app.get("/sse-union", response_class=EventSourceResponse)
    async def sse_union() -> AsyncIterable[Union[Item, ServerSentEvent]]:
        yield Item(name="a")

    @app.get("/raw", response_class=StreamingResponse)
    async def raw() -> AsyncIterable[str]:
        yield "a"

    @app.get("/plain")
    async def plain() -> Item:
        return Item(name="a")

    return app


@pytest.mark.parametrize(("path", "kind", "media_type", "item"), [
    ("/jsonl", "jsonl", JSONL_MEDIA_TYPE, Item),
    ("/jsonl-untyped", "jsonl", JSONL_MEDIA_TYPE, None),
    ("/jsonl-sync", "jsonl", JSONL_MEDIA_TYPE, int),
    ("/generator", "jsonl", JSONL_MEDIA_TYPE, Positive),
    ("/explicit-model", "jsonl", JSONL_MEDIA_TYPE, None),
    ("/sse", "sse", SSE_MEDIA_TYPE, Item),
    ("/sse-events", "sse", SSE_MEDIA_TYPE, None),
    ("/sse-union", "sse", SSE_MEDIA_TYPE, Union[Item, ServerSentEvent]),
    ("/raw", "raw", None, None),
])
def test_stream_description(path: str, kind: str, media_type: str | None, item: Any) -> None:
    route = route_of(build_app(), path)
    assert route.is_stream
    assert stream_kind(route) == kind
    assert stream_media_type(route) == media_type
    assert stream_item_annotation(route) == item


def test_a_plain_route_is_not_a_stream() -> None:
    route = route_of(build_app(), "/plain")
    assert stream_media_type(route) is None
    assert stream_item_annotation(route) is None


def test_field_name_gives_fastapis_schema_title() -> None:
    route = route_of(build_app(), "/jsonl-sync")
    assert stream_item_field_name(route) == "StreamItem_jsonl_sync_jsonl_sync_get"


def test_constants() -> None:
    assert (JSONL_MEDIA_TYPE, SSE_MEDIA_TYPE) == ("application/jsonl", "text/event-stream")
    assert SSE_EVENT_SCHEMA == {
        "type": "object",
        "properties": {
            "data": {"type": "string"},
            "event": {"type": "string"},
            "id": {"type": "string"},
            "retry": {"type": "integer", "minimum": 0},
        },
    }
    assert set(framework.sse.__all__) >= {
        "EventSourceResponse", "KEEPALIVE_COMMENT", "ServerSentEvent", "format_sse_event",
    }


def test_the_plan_is_built_once_per_route() -> None:
    route = route_of(build_app(), "/jsonl")
    plan = stream_plan(route)
    assert stream_plan(route) is plan
    assert plan.serializer is not None and plan.serializer.model is Item


def test_an_unusable_item_type_is_a_framework_error_naming_the_route() -> None:
    app = App()

    class NotAModel:
        pass

    # Found when the route is registered, as FastAPI finds it (not on the first request).
    with pytest.raises(FrameworkError, match=r"^\[GET /bad\] invalid stream item type"):

        @app.get("/bad")
        def bad() -> Iterable[NotAModel]:
            yield NotAModel()
