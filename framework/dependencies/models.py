"""The analysed shape of an endpoint and its dependencies (FastAPI's ``Dependant``).

``analysis.get_dependant`` builds a ``Dependant`` tree from signatures once, when a route is
added; ``plan.compile_plan`` flattens that tree into the per-request plan.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic.fields import FieldInfo

__all__ = ["BodyField", "Dependant", "ParamField", "SecurityScopes", "SpecialKind"]


class SecurityScopes:
    """The OAuth2 scopes every ``Security(...)`` above this dependency asked for, in order."""

    __slots__ = ("scopes",)

    def __init__(self, scopes: list[str] | None = None) -> None:
        self.scopes: list[str] = list(scopes or [])

    @property
    def scope_str(self) -> str:
        return " ".join(self.scopes)

    def __repr__(self) -> str:
        return f"SecurityScopes(scopes={self.scopes!r})"


class SpecialKind:
    """Parameters filled from the connection itself rather than validated input."""

    REQUEST = "request"
    WEBSOCKET = "websocket"
    HTTP_CONNECTION = "http_connection"
    RESPONSE = "response"
    BACKGROUND_TASKS = "background_tasks"
    SECURITY_SCOPES = "security_scopes"


@dataclass(eq=False)
class ParamField:
    """A path, query, header or cookie parameter."""

    name: str
    alias: str
    location: str
    annotation: Any
    field_info: FieldInfo
    is_sequence: bool = False
    # ``Annotated[Model, Query()]``: the model's fields are read from the location directly.
    model_fields: tuple[tuple[str, bool, str], ...] | None = None

    @property
    def required(self) -> bool:
        return self.field_info.is_required()


@dataclass(eq=False)
class BodyField:
    """A body parameter: JSON, form field or file."""

    name: str
    alias: str
    annotation: Any
    field_info: FieldInfo
    embed: bool = False
    media_type: str = "application/json"
    is_form: bool = False
    is_file: bool = False
    is_sequence: bool = False
    model_fields: tuple[tuple[str, bool, str], ...] | None = None

    @property
    def required(self) -> bool:
        return self.field_info.is_required()


@dataclass(eq=False)
class Dependant:
    """One callable and what it needs; ``dependencies`` are its sub-dependencies in order."""

    call: Callable[..., Any] | None
    name: str | None = None
    path: str = ""
    params: list[ParamField] = field(default_factory=list)
    body: list[BodyField] = field(default_factory=list)
    dependencies: list[Dependant] = field(default_factory=list)
    special: dict[str, str] = field(default_factory=dict)
    security_scopes: list[str] = field(default_factory=list)
    # ``Depends(scope="function")``: a yield dependency exits right after the endpoint.
    scope: str | None = None
    use_cache: bool = True

    @property
    def cache_key(self) -> tuple[Any, tuple[str, ...]]:
        return (self.call, tuple(sorted(set(self.security_scopes))))

    def walk(self) -> list[Dependant]:
        """This dependant and every sub-dependant, depth first, parents last."""
        out: list[Dependant] = []
        for sub in self.dependencies:
            out.extend(sub.walk())
        out.append(self)
        return out

