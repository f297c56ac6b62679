"""One path item of the document: the operations of an ``APIRoute``, one per method.

An operation holds, in this order of construction: its metadata (tags, summary, description,
operation id, deprecation), parameters, request body, callbacks, the main response (status
from the route or the response class, media type from the response class, schema from the
response model or a streamed item type), the ``responses=`` entries merged over it, the 422
response when something can fail validation, the security requirements, and finally
``openapi_extra`` deep-merged over everything.
"""

from __future__ import annotations

import functools
import http.client
import inspect
import warnings
from dataclasses import dataclass, field
from typing import Any

from asgi_core.responses import JSONResponse
from framework.encoders import jsonable_encoder
from framework.params import Unset
from openapi.constants import METHODS_WITH_BODY, REF_PREFIX
from openapi.fields import RouteFields, route_fields, stream_kind
from openapi.schemas import SchemaField, field_schema

__all__ = ["Context", "deep_update", "path_item"]

_STATUS_RANGES = {
    "1XX": "Information",
    "2XX": "Success",
    "3XX": "Redirection",
    "4XX": "Client Error",
    "5XX": "Server Error",
    "DEFAULT": "Default Response",
}
_VALIDATION_ERROR_RESPONSE = {
    "description": "Validation Error",
    "content": {"application/json": {"schema": {"$ref": REF_PREFIX + "HTTPValidationError"}}},
}
_SSE_FIELDS = {
    "event": {"type": "string"},
    "id": {"type": "string"},
    "retry": {"type": "integer", "minimum": 0},
}


@dataclass(eq=False)
class Context:
    """What every operation of one document shares."""

    mapping: dict[tuple[int, str], dict[str, Any]]
    separate: bool = True
    operation_ids: set[str] = field(default_factory=set)
    security_schemes: dict[str, Any] = field(default_factory=dict)
    needs_validation_error: bool = False

    def schema(self, schema_field: SchemaField) -> dict[str, Any]:
        return field_schema(schema_field, self.mapping, separate_input_output_schemas=self.separate)


def deep_update(target: dict[str, Any], update: dict[str, Any]) -> None:
    """Merge ``update`` into ``target``: dicts recursively, lists appended, the rest replaced."""
    for key, value in update.items():
        current = target.get(key)
        if isinstance(current, dict) and isinstance(value, dict):
            deep_update(current, value)
        elif isinstance(current, list) and isinstance(value, list):
            target[key] = current + value
        else:
            target[key] = value


def path_item(route: Any, ctx: Context) -> dict[str, Any]:
    """``{method: operation}`` for an ``APIRoute`` (empty when excluded from the schema)."""
    if not route.include_in_schema:
        return {}
    fields = route_fields(route)
    return {method.lower(): _operation(route, method, fields, ctx) for method in route.methods}


# -- metadata -----------------------------------------------------------------------------


def _metadata(route: Any, ctx: Context) -> dict[str, Any]:
    operation: dict[str, Any] = {}
    if route.tags:
        operation["tags"] = route.tags
    operation["summary"] = route.summary or route.name.replace("_", " ").title()
    description = _description(route)
    if description:
        operation["description"] = description
    operation_id = route.operation_id or route.unique_id
    if operation_id in ctx.operation_ids:
        message = (
            f"Duplicate Operation ID {operation_id} for function {route.endpoint.__name__}"
        )
        file_name = getattr(route.endpoint, "__globals__", {}).get("__file__")
        if file_name:
            message += f" at {file_name}"
        warnings.warn(message, stacklevel=1)
    ctx.operation_ids.add(operation_id)
    operation["operationId"] = operation_id
    if route.deprecated:
        operation["deprecated"] = route.deprecated
    return operation


def _description(route: Any) -> str:
    """The route's description (else the endpoint's docstring) up to ``\f``, stripped."""
    text = route.description or inspect.cleandoc(getattr(route.endpoint, "__doc__", None) or "")
    return str(text).split("\f")[0].strip()


def _parameters(fields: RouteFields, ctx: Context) -> list[dict[str, Any]]:
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for doc in fields.params:
        info = doc.field_info
        if not getattr(info, "include_in_schema", True):
            continue
        parameter: dict[str, Any] = {
            "name": doc.name,
            "in": doc.location,
            "required": doc.required,
            "schema": ctx.schema(doc.field),
        }
        if info.description:
            parameter["description"] = info.description
        _add_examples(parameter, info)
        if getattr(info, "deprecated", None):
            parameter["deprecated"] = True
        key = (doc.location, doc.name)
        if key not in found or parameter["required"] or not found[key]["required"]:
            found[key] = parameter
    return list(found.values())


def _add_examples(target: dict[str, Any], info: Any) -> None:
    openapi_examples = getattr(info, "openapi_examples", None)
    example = getattr(info, "example", Unset)
    if openapi_examples:
        target["examples"] = jsonable_encoder(openapi_examples)
    elif example is not Unset:
        target["example"] = jsonable_encoder(example)


def _request_body(fields: RouteFields, ctx: Context) -> dict[str, Any] | None:
    body = fields.body
    if body is None:
        return None
    request_body: dict[str, Any] = {}
    if body.required:
        request_body["required"] = True
    media: dict[str, Any] = {"schema": ctx.schema(body.field)}
    if body.field_info is not None:
        _add_examples(media, body.field_info)
    request_body["content"] = {body.media_type: media}
    return request_body


def _callbacks(route: Any, ctx: Context) -> dict[str, Any]:
    from framework.routing.api_route import APIRoute

    callbacks: dict[str, Any] = {}
    for callback in route.callbacks or []:
        if isinstance(callback, APIRoute):
            # A callback's own security schemes and error schemas stay out of the document.
            inner = Context(ctx.mapping, ctx.separate, ctx.operation_ids)
            callbacks[callback.name] = {callback.path: path_item(callback, inner)}
    return callbacks


# -- responses ----------------------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def _default_status(response_class: Any) -> str | None:
    """The default of the response class's ``status_code`` argument (200; 307 for a
    redirect), which is the status of an operation that does not set one."""
    try:
        parameter = inspect.signature(response_class.__init__).parameters.get("status_code")
    except (TypeError, ValueError):
        return None
    if parameter is not None and isinstance(parameter.default, int):
        return str(parameter.default)
    return None


def _body_allowed(status: Any) -> bool:
    if status is None:
        return True
    if str(status).upper() in _STATUS_RANGES:
        return True
    code = int(status)
    return code >= 200 and code not in {204, 205, 304}


def _main_content(route: Any, fields: RouteFields, ctx: Context) -> dict[str, Any] | None:
    kind = stream_kind(route)
    if kind == "jsonl":
        item = {} if fields.stream_item is None else ctx.schema(fields.stream_item)
        return {"application/jsonl": {"itemSchema": item}}
    if kind == "sse":
        return {"text/event-stream": {"itemSchema": _sse_item(fields, ctx)}}
    media_type = route.response_class.media_type
    if not media_type or not _body_allowed(route.status_code):
        return None
    schema: dict[str, Any] = {"type": "string"}
    if inspect.isclass(route.response_class) and issubclass(route.response_class, JSONResponse):
        schema = {} if fields.response is None else ctx.schema(fields.response)
    return {media_type: {"schema": schema}}


def _sse_item(fields: RouteFields, ctx: Context) -> dict[str, Any]:
    if fields.stream_item is None:
        return {"type": "object", "properties": {"data": {"type": "string"}, **_SSE_FIELDS}}
    data = {
        "type": "string",
        "contentMediaType": "application/json",
        "contentSchema": ctx.schema(fields.stream_item),
    }
    return {
        "type": "object",
        "properties": {"data": data, **_SSE_FIELDS},
        "required": ["data"],
    }


def _responses(route: Any, fields: RouteFields, ctx: Context) -> dict[str, Any]:
    responses: dict[str, Any] = {}
    status = route.status_code
    key = str(status) if status is not None else _default_status(route.response_class)
    if key is not None:
        main: dict[str, Any] = {"description": route.response_description}
        content = _main_content(route, fields, ctx)
        if content is not None:
            main["content"] = content
        responses[key] = main
    media_type = route.response_class.media_type or "application/json"
    for code, extra in route.responses.items():
        _merge_response(responses, code, extra, fields.extra_responses.get(code), media_type, ctx)
    return responses


def _merge_response(
    responses: dict[str, Any],
    code: Any,
    extra: dict[str, Any],
    model_field: SchemaField | None,
    media_type: str,
    ctx: Context,
) -> None:
    given = {k: v for k, v in extra.items() if k != "model"}
    key = str(code).upper()
    if key == "DEFAULT":
        key = "default"
    target = responses.setdefault(key, {})
    if model_field is not None:
        content = dict(given.get("content") or {})
        given["content"] = content
        media = dict(content.get(media_type, {}))
        content[media_type] = media
        schema = dict(media.get("schema", {}))
        deep_update(schema, ctx.schema(model_field))
        media["schema"] = schema
    status_text = _STATUS_RANGES.get(str(code).upper())
    if status_text is None and str(code).isdigit():
        status_text = http.client.responses.get(int(code))
    description = given.get("description") or target.get("description") or status_text
    deep_update(target, given)
    target["description"] = description or "Additional Response"


# -- the operation ------------------------------------------------------------------------


def _operation(route: Any, method: str, fields: RouteFields, ctx: Context) -> dict[str, Any]:
    operation = _metadata(route, ctx)
    parameters = _parameters(fields, ctx)
    if parameters:
        operation["parameters"] = parameters
    if method in METHODS_WITH_BODY:
        request_body = _request_body(fields, ctx)
        if request_body:
            operation["requestBody"] = request_body
    if route.callbacks:
        operation["callbacks"] = _callbacks(route, ctx)
    responses = _responses(route, fields, ctx)
    operation["responses"] = responses
    if (fields.has_params or fields.body is not None) and not any(
        k in responses for k in ("422", "4XX", "default")
    ):
        responses["422"] = _copy(_VALIDATION_ERROR_RESPONSE)
        ctx.needs_validation_error = True
    _add_security(operation, fields, ctx)
    if route.openapi_extra:
        deep_update(operation, _copy(route.openapi_extra))
    return operation


def _add_security(operation: dict[str, Any], fields: RouteFields, ctx: Context) -> None:
    requirements: dict[str, list[str]] = {}
    for scheme, scopes in fields.security:
        name = scheme.scheme_name
        ctx.security_schemes[name] = scheme.model.model_dump(
            mode="json", by_alias=True, exclude_none=True
        )
        merged = requirements.setdefault(name, [])
        merged.extend(s for s in scopes if s not in merged)
    if requirements:
        operation.setdefault("security", []).extend(
            {name: scopes} for name, scopes in requirements.items()
        )


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value
