"""The path-operation options, declared once for App, APIRouter, decorators and APIRoute.

FastAPI repeats ~25 keyword arguments on a dozen signatures; Keel declares them here as one
``TypedDict`` that every entry point takes as ``**options: Unpack[RouteOptions]``, and merges
router-level defaults in one function.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypedDict

from framework.datastructures import DefaultPlaceholder

if TYPE_CHECKING:
    from framework.params import Depends

__all__ = ["RouteOptions", "generate_unique_id", "resolve_default", "unwrap_default"]


class RouteOptions(TypedDict, total=False):
    """Every keyword a path operation accepts, with FastAPI's names."""

    response_model: Any
    status_code: int | None
    tags: list[Any] | None
    dependencies: Sequence[Depends] | None
    summary: str | None
    description: str | None
    response_description: str
    responses: dict[int | str, dict[str, Any]] | None
    deprecated: bool | None
    methods: set[str] | list[str] | None
    operation_id: str | None
    response_model_include: Any
    response_model_exclude: Any
    response_model_by_alias: bool
    response_model_exclude_unset: bool
    response_model_exclude_defaults: bool
    response_model_exclude_none: bool
    include_in_schema: bool
    response_class: Any
    name: str | None
    callbacks: list[Any] | None
    openapi_extra: dict[str, Any] | None
    generate_unique_id_function: Callable[[Any], str]
    strict_content_type: bool


_NON_WORD = re.compile(r"\W")


def generate_unique_id(route: Any) -> str:
    """FastAPI's default operation id: ``{name}{path}_{method}``, non-word chars -> ``_``."""
    operation_id = _NON_WORD.sub("_", f"{route.name}{route.path_format}")
    methods = sorted(route.methods) if route.methods else ["get"]
    return f"{operation_id}_{methods[0].lower()}"


def resolve_default(*candidates: Any) -> Any:
    """The first candidate that is not a ``Default(...)`` placeholder, else the first one.

    The placeholder is kept (not unwrapped) so that a router including this one later can
    still tell "left at its default" and apply its own default.
    """
    for candidate in candidates:
        if not isinstance(candidate, DefaultPlaceholder):
            return candidate
    return candidates[0]


def unwrap_default(value: Any) -> Any:
    """The value inside a ``Default(...)`` placeholder, or the value itself."""
    return value.value if isinstance(value, DefaultPlaceholder) else value
