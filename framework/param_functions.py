"""The marker functions ``from framework import Query, Depends, ...`` gives (FastAPI's
``fastapi.param_functions``).

Each builds the marker object of ``framework.params`` but is typed ``-> Any``, as FastAPI's
are, so the default-value style ``q: str = Query()`` or ``db: Session = Depends(get_db)``
type-checks under mypy. The classes stay in ``framework.params`` for ``isinstance`` checks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

from pydantic_core import PydanticUndefined
from typing_extensions import Unpack

from framework import params
from framework.params import FieldOptions

__all__ = ["Body", "Cookie", "Depends", "File", "Form", "Header", "Path", "Query", "Security"]


def Path(default: Any = ..., **options: Unpack[FieldOptions]) -> Any:
    """A path parameter (always required)."""
    return params.Path(default, **options)


def Query(default: Any = PydanticUndefined, **options: Unpack[FieldOptions]) -> Any:
    """A query-string parameter."""
    return params.Query(default, **options)


def Header(
    default: Any = PydanticUndefined,
    *,
    convert_underscores: bool = True,
    **options: Unpack[FieldOptions],
) -> Any:
    """A header parameter; ``x_token`` reads ``x-token`` unless ``convert_underscores=False``."""
    return params.Header(default, convert_underscores=convert_underscores, **options)


def Cookie(default: Any = PydanticUndefined, **options: Unpack[FieldOptions]) -> Any:
    """A cookie parameter."""
    return params.Cookie(default, **options)


def Body(
    default: Any = PydanticUndefined,
    *,
    embed: bool | None = None,
    media_type: str = "application/json",
    **options: Unpack[FieldOptions],
) -> Any:
    """A body parameter; ``embed=True`` keeps a lone body parameter under its name."""
    return params.Body(default, embed=embed, media_type=media_type, **options)


def Form(
    default: Any = PydanticUndefined,
    *,
    media_type: str = "application/x-www-form-urlencoded",
    **options: Unpack[FieldOptions],
) -> Any:
    """A form field."""
    return params.Form(default, media_type=media_type, **options)


def File(
    default: Any = PydanticUndefined,
    *,
    media_type: str = "multipart/form-data",
    **options: Unpack[FieldOptions],
) -> Any:
    """An uploaded file."""
    return params.File(default, media_type=media_type, **options)


def Depends(
    dependency: Callable[..., Any] | None = None,
    *,
    use_cache: bool = True,
    scope: Literal["function", "request"] | None = None,
) -> Any:
    """A dependency: its result is passed in, computed once per request by default."""
    return params.Depends(dependency, use_cache=use_cache, scope=scope)


def Security(
    dependency: Callable[..., Any] | None = None,
    *,
    scopes: Sequence[str] | None = None,
    use_cache: bool = True,
) -> Any:
    """A dependency that also requires OAuth2 ``scopes``."""
    return params.Security(dependency, scopes=scopes, use_cache=use_cache)
