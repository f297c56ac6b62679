"""``get_openapi``: the whole OpenAPI 3.1 document of a list of routes (and webhooks).

Three passes: collect every schema-bearing field of the included routes (callbacks first,
then bodies, responses and parameters, the order FastAPI hands them to pydantic, which
decides component names); generate all their schemas in one pydantic call; then build each
path item from the routes. The plain dict is validated once through ``openapi.models``
and dumped with aliases and without ``None``s, so the output obeys the same model rules
(URL normalisation, numbers typed by the models, dropped ``null`` defaults) as FastAPI's;
the path items, which the model leaves untyped, only lose their ``None`` values.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from framework._collector import with_collector_paused
from openapi.fields import route_fields
from openapi.models import OpenAPI
from openapi.operations import Context, path_item
from openapi.schemas import SchemaField, build_definitions

__all__ = ["VALIDATION_ERROR_DEFINITIONS", "get_openapi"]

VALIDATION_ERROR_DEFINITIONS: dict[str, Any] = {
    "ValidationError": {
        "properties": {
            "loc": {
                "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                "type": "array",
                "title": "Location",
            },
            "msg": {"type": "string", "title": "Message"},
            "type": {"type": "string", "title": "Error Type"},
            "input": {"title": "Input"},
            "ctx": {"type": "object", "title": "Context"},
        },
        "type": "object",
        "required": ["loc", "msg", "type"],
        "title": "ValidationError",
    },
    "HTTPValidationError": {
        "properties": {
            "detail": {
                "items": {"$ref": "#/components/schemas/ValidationError"},
                "type": "array",
                "title": "Detail",
            }
        },
        "type": "object",
        "title": "HTTPValidationError",
    },
}


def _api_routes(routes: Sequence[Any] | None) -> list[Any]:
    from framework.routing.api_route import APIRoute

    return [r for r in routes or [] if isinstance(r, APIRoute) and r.include_in_schema]


def _collect(routes: list[Any]) -> list[SchemaField]:
    """Every field of ``routes`` and their callbacks, in pydantic's input order."""
    from_callbacks: list[SchemaField] = []
    bodies: list[SchemaField] = []
    responses: list[SchemaField] = []
    parameters: list[SchemaField] = []
    for route in routes:
        route_bodies, route_responses, route_params = route_fields(route).schema_fields()
        bodies.extend(route_bodies)
        responses.extend(route_responses)
        if route.callbacks:
            from_callbacks.extend(_collect(_api_routes(route.callbacks)))
        parameters.extend(route_params)
    return from_callbacks + bodies + responses + parameters


def _info(
    title: str,
    version: str,
    summary: str | None,
    description: str | None,
    terms_of_service: str | None,
    contact: dict[str, Any] | None,
    license_info: dict[str, Any] | None,
) -> dict[str, Any]:
    info: dict[str, Any] = {"title": title, "version": version}
    if summary:
        info["summary"] = summary
    if description:
        info["description"] = description
    if terms_of_service:
        info["termsOfService"] = terms_of_service
    if contact:
        info["contact"] = contact
    if license_info:
        info["license"] = license_info
    return info


def _paths(routes: list[Any], ctx: Context) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for route in routes:
        item = path_item(route, ctx)
        if item:
            paths.setdefault(route.path_format, {}).update(item)
    return paths


@with_collector_paused
def get_openapi(
    *,
    title: str,
    version: str,
    openapi_version: str = "3.1.0",
    summary: str | None = None,
    description: str | None = None,
    routes: Sequence[Any],
    webhooks: Sequence[Any] | None = None,
    tags: list[dict[str, Any]] | None = None,
    servers: list[dict[str, Any]] | None = None,
    terms_of_service: str | None = None,
    contact: dict[str, Any] | None = None,
    license_info: dict[str, Any] | None = None,
    separate_input_output_schemas: bool = True,
    external_docs: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The OpenAPI document of ``routes`` (FastAPI's ``get_openapi``, same keywords)."""
    info = _info(title, version, summary, description, terms_of_service, contact, license_info)
    output: dict[str, Any] = {"openapi": openapi_version, "info": info}
    if servers:
        output["servers"] = servers
    api_routes = _api_routes(routes)
    hooks = _api_routes(webhooks)
    mapping, definitions = build_definitions(
        _collect(api_routes + hooks), separate_input_output_schemas=separate_input_output_schemas
    )
    ctx = Context(mapping, separate_input_output_schemas)
    paths = _paths(api_routes, ctx)
    webhook_paths = _paths(hooks, ctx)
    if ctx.needs_validation_error:
        definitions.update(VALIDATION_ERROR_DEFINITIONS)
    components: dict[str, Any] = {}
    if ctx.security_schemes:
        components["securitySchemes"] = ctx.security_schemes
    if definitions:
        components["schemas"] = {k: definitions[k] for k in sorted(definitions)}
    if components:
        output["components"] = components
    # ``paths`` is typed ``PathItem | Any`` in the model, so its items pass through as they
    # are; leaving them out of the model's round trip (and adding them back) saves walking
    # thousands of operations with untyped serialization.
    output["paths"] = {}
    if webhook_paths:
        output["webhooks"] = webhook_paths
    if tags:
        output["tags"] = tags
    if external_docs:
        output["externalDocs"] = external_docs
    dumped = OpenAPI(**output).model_dump(mode="json", by_alias=True, exclude_none=True)
    document: dict[str, Any] = _drop_none(dumped)
    document["paths"] = _drop_none(paths)
    return document


def _drop_none(value: Any) -> Any:
    """Drop ``None`` values of dicts at any depth (raw dicts escape ``exclude_none``)."""
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value
