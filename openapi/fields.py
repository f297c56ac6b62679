"""What a path operation documents, read once from its route: parameters, body, responses.

The route's ``Dependant`` tree is walked own-parameters-first (a dependency reached twice
with the same cache key counts once) into parameters grouped by location, body fields and
security requirements. The result is cached per route: building the schema of a big app
twice (or after ``app.openapi_schema = None``) does not rebuild the type adapters.
"""

from __future__ import annotations

import collections.abc
import inspect
import typing
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from framework import params
from framework._typing import split_annotated
from framework.dependencies.models import BodyField, Dependant, ParamField
from openapi.bodies import embedded_body_field
from openapi.models import SecurityBase as SecuritySchemeModel
from openapi.schemas import SchemaField

__all__ = [
    "BodyDoc",
    "ParamDoc",
    "RouteFields",
    "route_fields",
    "stream_kind",
]

_LOCATIONS = ("path", "query", "header", "cookie")
_STREAM_ORIGINS = {
    collections.abc.AsyncIterable, collections.abc.AsyncIterator, collections.abc.AsyncGenerator,
    collections.abc.Iterable, collections.abc.Iterator, collections.abc.Generator,
}


@dataclass(eq=False)
class ParamDoc:
    """One documented parameter (a model parameter is documented field by field)."""

    location: str
    name: str
    required: bool
    field_info: FieldInfo
    field: SchemaField


@dataclass(eq=False)
class BodyDoc:
    """The request body: one field (maybe a generated ``Body_<id>`` model)."""

    field: SchemaField
    media_type: str
    required: bool
    field_info: FieldInfo | None


@dataclass(eq=False)
class RouteFields:
    params: list[ParamDoc] = field(default_factory=list)
    has_params: bool = False
    body: BodyDoc | None = None
    response: SchemaField | None = None
    extra_responses: dict[Any, SchemaField] = field(default_factory=dict)
    stream_item: SchemaField | None = None
    security: list[tuple[Any, list[str]]] = field(default_factory=list)

    def schema_fields(self) -> list[list[SchemaField]]:
        """``[bodies, responses, params]``: the order FastAPI feeds them to pydantic."""
        responses = [] if self.response is None else [self.response]
        responses.extend(self.extra_responses.values())
        if self.stream_item is not None:
            responses.append(self.stream_item)
        bodies = [] if self.body is None else [self.body.field]
        return [bodies, responses, [p.field for p in self.params]]


_CACHE_ATTR = "_openapi_fields"


def _token(route: Any) -> tuple[Any, ...]:
    responses = tuple((k, id(v.get("model"))) for k, v in route.responses.items())
    return (
        route.unique_id, id(route.dependant), id(route.response_model), route.status_code,
        route.response_class, route.is_stream, responses,
    )


def route_fields(route: Any) -> RouteFields:
    """The (cached) ``RouteFields`` of an ``APIRoute``."""
    token = _token(route)
    cached = route.__dict__.get(_CACHE_ATTR)
    if cached is not None and cached[0] == token:
        return cached[1]  # type: ignore[no-any-return]
    fields = _build(route)
    route.__dict__[_CACHE_ATTR] = (token, fields)
    return fields


# -- the dependency tree ----------------------------------------------------------------


@dataclass(eq=False)
class _Flat:
    params: dict[str, list[ParamField]] = field(
        default_factory=lambda: {loc: [] for loc in _LOCATIONS}
    )
    bodies: list[BodyField] = field(default_factory=list)
    security: list[tuple[Any, list[str]]] = field(default_factory=list)


def _is_scheme(call: Any) -> bool:
    return isinstance(getattr(call, "model", None), SecuritySchemeModel) and hasattr(
        call, "scheme_name"
    )


def _flatten(dependant: Dependant) -> _Flat:
    flat = _Flat()
    visited: set[Any] = set()

    def visit(node: Dependant) -> None:
        if _is_scheme(node.call):
            flat.security.append((node.call, list(node.security_scopes)))
        for param in node.params:
            flat.params[param.location].append(param)
        flat.bodies.extend(node.body)
        for sub in node.dependencies:
            key = sub.cache_key
            if key in visited:
                continue
            visited.add(key)
            visit(sub)

    visit(dependant)
    return flat


# -- parameters -------------------------------------------------------------------------


def _model_of(annotation: Any) -> type[BaseModel] | None:
    base = split_annotated(annotation)[0]
    if inspect.isclass(base) and issubclass(base, BaseModel):
        return base
    return None


def _param_docs(location: str, fields: list[ParamField]) -> list[ParamDoc]:
    model = _model_of(fields[0].annotation) if len(fields) == 1 else None
    if model is None:
        return [
            ParamDoc(location, f.alias, f.required, f.field_info,
                     SchemaField(f.alias, f.annotation, f.field_info))
            for f in fields
        ]
    convert = location == "header" and getattr(fields[0].field_info, "convert_underscores", True)
    docs = []
    for fname, finfo in model.model_fields.items():
        alias = finfo.alias or fname
        name = alias.replace("_", "-") if convert and alias == fname else alias
        docs.append(ParamDoc(location, name, finfo.is_required(), finfo,
                             SchemaField(alias, finfo.annotation, finfo)))
    return docs


# -- the body ---------------------------------------------------------------------------


def _embeds(bodies: list[BodyField]) -> bool:
    if len({b.name for b in bodies}) > 1:
        return True
    first = bodies[0]
    if getattr(first.field_info, "embed", None):
        return True
    return isinstance(first.field_info, params.Form) and _model_of(first.annotation) is None


def _body_media_type(bodies: list[BodyField]) -> str:
    infos = [b.field_info for b in bodies]
    if any(isinstance(i, params.File) for i in infos):
        return "multipart/form-data"
    if any(isinstance(i, params.Form) for i in infos):
        return "application/x-www-form-urlencoded"
    kinds = {getattr(i, "media_type", "application/json") for i in infos}
    return kinds.pop() if len(kinds) == 1 else "application/json"


def _body_doc(bodies: list[BodyField], unique_id: str) -> BodyDoc | None:
    if not bodies:
        return None
    if not _embeds(bodies):
        first = bodies[0]
        return BodyDoc(
            SchemaField(first.alias, first.annotation, first.field_info),
            getattr(first.field_info, "media_type", "application/json"),
            first.required,
            first.field_info,
        )
    return BodyDoc(
        embedded_body_field(f"Body_{unique_id}", bodies),
        _body_media_type(bodies),
        any(b.required for b in bodies),
        None,
    )


# -- responses --------------------------------------------------------------------------


_STREAM_KINDS = {"application/jsonl": "jsonl", "text/event-stream": "sse"}


def stream_kind(route: Any) -> str | None:
    """``"jsonl"``, ``"sse"`` or ``None`` for a generator endpoint (None otherwise).

    Asks the streaming layer itself (``framework.routing.streaming``), so the document
    describes exactly the stream the route sends.
    """
    if not getattr(route, "is_stream", False):
        return None
    from framework.routing.streaming import stream_media_type

    return _STREAM_KINDS.get(stream_media_type(route) or "")


def stream_item_type(annotation: Any) -> Any:
    """``AsyncIterable[T]`` (and kin) -> ``T``; anything else -> ``None``."""
    origin = typing.get_origin(annotation)
    if origin in _STREAM_ORIGINS:
        args = typing.get_args(annotation)
        item = args[0] if args else None
        # A stream of ServerSentEvents says nothing about its data: documented untyped.
        return None if _is_sse_event(item) else item
    return None


def _is_sse_event(item: Any) -> bool:
    try:
        from framework.sse import ServerSentEvent
    except ImportError:  # pragma: no cover - the SSE module is part of the framework
        return False
    return inspect.isclass(item) and issubclass(item, ServerSentEvent)


def _body_allowed(status_code: int | None) -> bool:
    return status_code is None or (status_code >= 200 and status_code not in {204, 205, 304})


def _build(route: Any) -> RouteFields:
    flat = _flatten(route.dependant)
    fields = RouteFields(security=flat.security)
    for location in _LOCATIONS:
        group = flat.params[location]
        if group:
            fields.has_params = True
            fields.params.extend(_param_docs(location, group))
    fields.body = _body_doc(flat.bodies, route.unique_id)
    unique_id = route.unique_id
    # ``-> None`` declares no response model (the framework may hand over ``NoneType``).
    response_model = route.response_model
    if response_model is not None and response_model is not type(None) and _body_allowed(
        route.status_code
    ):
        fields.response = SchemaField(
            f"Response_{unique_id}", response_model, mode="serialization"
        )
    for code, response in route.responses.items():
        model = response.get("model") if isinstance(response, dict) else None
        if model is not None:
            fields.extra_responses[code] = SchemaField(
                f"Response_{code}_{unique_id}", model, mode="serialization"
            )
    if stream_kind(route) is not None:
        from framework.routing.streaming import stream_item_annotation, stream_item_field_name

        item = stream_item_annotation(route)
        if item is not None:
            fields.stream_item = SchemaField(
                stream_item_field_name(route), item, mode="serialization"
            )
    return fields
