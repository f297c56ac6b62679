"""Generator path operations: their items streamed as JSON Lines, Server-Sent Events or raw.

``APIRoute`` marks a route whose endpoint is a sync or async generator function as
``is_stream`` and, once its dependencies are solved, hands over to ``stream_response``.
The kind of stream follows from the route's ``response_class``, as in FastAPI:

- left at the default (``Default(JSONResponse)``): **JSON Lines**, ``application/jsonl``,
  one JSON document per item followed by ``\\n``;
- ``EventSourceResponse`` (or a subclass): **Server-Sent Events**, each item one event
  (``framework.sse``), with ``Cache-Control: no-cache`` and ``X-Accel-Buffering: no`` so
  that neither caches nor nginx hold events back, and keep-alive comments while idle;
- anything else (``StreamingResponse``, ...): the generator is handed to that class as is.

Items are typed by the endpoint's return annotation (``Iterable[Item]``,
``AsyncIterable[Item]``, ``Iterator``, ``Generator``, ...) unless a ``response_model`` was
given: each item is then validated and serialized by a ``TypeAdapter`` built once per route
(``ResponseSerializer``, the ``response_model_*`` flags applied), straight to JSON bytes. A
rejected item raises ``ResponseValidationError`` mid-stream. Untyped items go through
``jsonable_encoder`` and ``json.dumps`` (what FastAPI writes). ``ServerSentEvent`` items are
never validated against the item type. Sync generators are iterated in a worker thread.

Each item is sent as soon as it is produced (one ``http.response.body`` message per item,
nothing buffered). When the client disconnects the endpoint's generator is closed
(``aclose()``/``close()``) at once, so its ``finally`` runs before the route's ``yield``
dependencies are cleaned up (they wrap the whole sending of the response).

For the OpenAPI emitter: ``stream_media_type(route)`` is ``"application/jsonl"``,
``"text/event-stream"`` or ``None`` (raw stream, no schema); ``stream_item_annotation(route)``
is the item type to describe (``None``: any JSON value); ``stream_item_field_name(route)``
is FastAPI's name for that field (``StreamItem_<unique_id>``, whence the schema title);
``framework.sse.SSE_EVENT_SCHEMA`` is the shape of one event.
"""

from __future__ import annotations

import collections.abc
import inspect
import json
import typing
from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from asgi_core.responses import JSONResponse, Response, StreamingResponse
from framework.datastructures import DefaultPlaceholder
from framework.encoders import jsonable_encoder
from framework.exceptions import FrameworkError
from framework.routing.serialize import ResponseSerializer
from framework.sse import EventSourceResponse, ServerSentEvent, format_sse_event

if TYPE_CHECKING:
    from framework.dependencies.solver import RequestInputs
    from framework.routing.api_route import APIRoute

__all__ = [
    "JSONL_MEDIA_TYPE",
    "SSE_MEDIA_TYPE",
    "StreamPlan",
    "stream_item_annotation",
    "stream_item_field_name",
    "stream_kind",
    "stream_media_type",
    "stream_plan",
    "stream_response",
]

JSONL_MEDIA_TYPE = "application/jsonl"
SSE_MEDIA_TYPE = "text/event-stream"

JSONL = "jsonl"
SSE = "sse"
RAW = "raw"

_SSE_HEADERS = ((b"cache-control", b"no-cache"), (b"x-accel-buffering", b"no"))

_ITERABLE_ORIGINS = frozenset({
    collections.abc.Iterable,
    collections.abc.Iterator,
    collections.abc.Generator,
    collections.abc.AsyncIterable,
    collections.abc.AsyncIterator,
    collections.abc.AsyncGenerator,
})

_PLAN_ATTRIBUTE = "_keel_stream_plan"
_UNSET: Any = object()


# -- what a route streams (also read by the OpenAPI emitter) ------------------------------


def stream_kind(route: APIRoute) -> str:
    """``"jsonl"``, ``"sse"`` or ``"raw"`` for a generator route, from its response class."""
    response_class = route.response_class
    if inspect.isclass(response_class) and issubclass(response_class, EventSourceResponse):
        return SSE
    choice = getattr(route, "_response_class_choice", response_class)
    if isinstance(choice, DefaultPlaceholder) and choice.value is JSONResponse:
        return JSONL
    return RAW


def stream_media_type(route: APIRoute) -> str | None:
    """The media type a generator route streams, ``None`` if not a JSONL/SSE stream."""
    if not route.is_stream:
        return None
    kind = stream_kind(route)
    if kind == JSONL:
        return JSONL_MEDIA_TYPE
    if kind == SSE:
        return SSE_MEDIA_TYPE
    return None


def _strip_annotated(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _item_of(annotation: Any) -> Any:
    """``X`` from ``Iterable[X]``/``AsyncIterable[X]``/``Generator[X, ...]``..., else None."""
    annotation = _strip_annotated(annotation)
    if typing.get_origin(annotation) not in _ITERABLE_ORIGINS:
        return None
    args = typing.get_args(annotation)
    if not args:
        return None
    item = args[0]
    if item is None or item is type(None):
        return None
    return item


def stream_item_annotation(route: APIRoute) -> Any:
    """The type each streamed item is validated against, or ``None`` (any JSON value).

    Taken from the return annotation when no ``response_model`` was given; a stream of
    ``ServerSentEvent`` has no item type (events are written, not validated).
    """
    if not route.is_stream or route.response_model is not None:
        return None
    # An explicit ``response_model=None`` also turns the annotation off (FastAPI); APIRoute
    # keeps that choice only if it stores ``_response_model_choice``.
    choice = getattr(route, "_response_model_choice", _UNSET)
    if choice is not _UNSET and not isinstance(choice, DefaultPlaceholder):
        return None
    if stream_kind(route) == RAW:
        return None
    item = _item_of(route.return_annotation)
    if inspect.isclass(item) and issubclass(item, ServerSentEvent):
        return None
    return item


def stream_item_field_name(route: APIRoute) -> str:
    """FastAPI's name for the stream item field (its schema title comes from it)."""
    return "StreamItem_" + route.unique_id


# -- the per-route plan ---------------------------------------------------------------------


class StreamPlan:
    """What ``stream_response`` needs for one route, built on first use and kept."""

    __slots__ = ("encode", "kind", "serializer")

    def __init__(self, route: APIRoute) -> None:
        self.kind = stream_kind(route)
        item = stream_item_annotation(route)
        self.serializer = None if item is None else _serializer(route, item)
        self.encode: Callable[[Any], bytes] | None
        if self.kind == JSONL:
            self.encode = self._jsonl_line
        elif self.kind == SSE:
            self.encode = self._sse_event
        else:
            self.encode = None

    def _item_json(self, item: Any) -> bytes:
        serializer = self.serializer
        if serializer is not None:
            return serializer.dump_json(item)
        return json.dumps(jsonable_encoder(item)).encode()

    def _jsonl_line(self, item: Any) -> bytes:
        return self._item_json(item) + b"\n"

    def _sse_event(self, item: Any) -> bytes:
        if isinstance(item, ServerSentEvent):
            return _format_event(item)
        # JSON text never holds a raw CR or LF, so it is one ``data:`` line as it is.
        return b"data: " + self._item_json(item) + b"\n\n"


def _serializer(route: APIRoute, item: Any) -> ResponseSerializer:
    try:
        return ResponseSerializer(
            item,
            include=route.response_model_include,
            exclude=route.response_model_exclude,
            by_alias=route.response_model_by_alias,
            exclude_unset=route.response_model_exclude_unset,
            exclude_defaults=route.response_model_exclude_defaults,
            exclude_none=route.response_model_exclude_none,
        )
    except Exception as exc:  # pydantic schema errors, TypeError for odd annotations
        raise FrameworkError(
            f"[{route.label}] invalid stream item type {item!r}: {exc}"
        ) from exc


def _event_data(event: ServerSentEvent) -> str | None:
    if event.raw_data is not None:
        return event.raw_data
    data = event.data
    if data is None:
        return None
    if isinstance(data, BaseModel):
        return data.model_dump_json()
    return json.dumps(jsonable_encoder(data))


def _format_event(event: ServerSentEvent) -> bytes:
    return format_sse_event(
        data_str=_event_data(event),
        event=event.event,
        id=event.id,
        retry=event.retry,
        comment=event.comment,
    )


def stream_plan(route: APIRoute) -> StreamPlan:
    """The route's ``StreamPlan``; call it at registration to surface type errors early."""
    plan: StreamPlan | None = getattr(route, _PLAN_ATTRIBUTE, None)
    if plan is None:
        plan = StreamPlan(route)
        setattr(route, _PLAN_ATTRIBUTE, plan)
    return plan


# -- per request ------------------------------------------------------------------------------


async def _encode_async(items: Any, encode: Callable[[Any], bytes]) -> AsyncIterator[bytes]:
    try:
        async for item in items:
            yield encode(item)
    finally:
        aclose = getattr(items, "aclose", None)
        if aclose is not None:
            await aclose()


def _encode_sync(items: Any, encode: Callable[[Any], bytes]) -> Iterator[bytes]:
    # Runs in a worker thread (StreamingResponse's iterate_in_threadpool), which closes
    # this generator, and so the endpoint's, when the stream is cut short.
    try:
        for item in items:
            yield encode(item)
    finally:
        close = getattr(items, "close", None)
        if close is not None:
            close()


def stream_response(route: APIRoute, kwargs: dict[str, Any], inputs: RequestInputs) -> Response:
    """The streaming ``Response`` for a generator endpoint called with ``kwargs``."""
    plan = stream_plan(route)
    items = route.endpoint(**kwargs)
    options: dict[str, Any] = {"background": inputs.background}
    sub = inputs.response
    status = route.status_code
    if sub is not None and sub.status_code is not None:
        status = sub.status_code
    if status is not None:
        options["status_code"] = status
    encode = plan.encode
    response: Response
    if encode is None:
        response = route.response_class(items, **options)
    else:
        if hasattr(items, "__aiter__"):
            content: Any = _encode_async(items, encode)
        else:
            content = _encode_sync(items, encode)
        if plan.kind == SSE:
            response = route.response_class(content, **options)
            response.raw_headers.extend(_SSE_HEADERS)
        else:
            response = StreamingResponse(content, media_type=JSONL_MEDIA_TYPE, **options)
    if sub is not None:
        response.raw_headers.extend(sub.headers.raw)
    return response
