"""Questions about users' type annotations, asked once when a route is registered.

The DI analysis uses these to decide where an un-marked parameter comes from (FastAPI's
rule: scalars are query parameters, everything else is the body) and whether a query or
header parameter collects every repeated value.
"""

from __future__ import annotations

import dataclasses
import inspect
import types
import typing
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

__all__ = [
    "annotation_is_scalar",
    "annotation_is_sequence",
    "annotation_is_upload",
    "is_model_class",
    "resolved_signature",
    "split_annotated",
    "strip_optional",
]

_UNION_TYPES: tuple[Any, ...] = (Union, types.UnionType)
_SEQUENCE_ORIGINS: tuple[type, ...] = (list, set, frozenset, tuple, deque, Sequence)
_NONE_TYPE = type(None)


def split_annotated(annotation: Any) -> tuple[Any, list[Any]]:
    """``Annotated[T, a, b]`` -> ``(T, [a, b])``; anything else -> ``(annotation, [])``."""
    if get_origin(annotation) is Annotated:
        base, *extras = get_args(annotation)
        return base, list(extras)
    return annotation, []


def strip_optional(annotation: Any) -> Any:
    """``T | None`` -> ``T``; other unions and plain types are returned unchanged."""
    if get_origin(annotation) in _UNION_TYPES:
        args = [a for a in get_args(annotation) if a is not _NONE_TYPE]
        if len(args) == 1:
            return args[0]
    return annotation


def is_model_class(tp: Any) -> bool:
    return inspect.isclass(tp) and issubclass(tp, BaseModel)


def annotation_is_upload(annotation: Any) -> bool:
    """An ``UploadFile`` (or a union/sequence of them): these come from multipart forms."""
    from asgi_core.datastructures import UploadFile

    base = strip_optional(split_annotated(annotation)[0])
    if inspect.isclass(base) and issubclass(base, UploadFile):
        return True
    origin = get_origin(base)
    if origin in _UNION_TYPES or (origin is not None and _is_sequence_origin(origin)):
        return any(annotation_is_upload(a) for a in get_args(base))
    return False


def _is_sequence_origin(origin: Any) -> bool:
    return inspect.isclass(origin) and issubclass(origin, _SEQUENCE_ORIGINS) and origin is not str


def annotation_is_sequence(annotation: Any) -> bool:
    """``list[int]``, ``set[str] | None``, ``tuple[str, ...]``: the parameter is repeated."""
    base = strip_optional(split_annotated(annotation)[0])
    origin = get_origin(base)
    if origin in _UNION_TYPES:
        return any(annotation_is_sequence(a) for a in get_args(base) if a is not _NONE_TYPE)
    if origin is not None:
        return _is_sequence_origin(origin)
    return inspect.isclass(base) and base in (list, set, frozenset, tuple, deque)


def annotation_is_scalar(annotation: Any) -> bool:
    """True for what FastAPI reads from the query string when a parameter has no marker."""
    base = split_annotated(annotation)[0]
    if base is Any or base is inspect.Parameter.empty:
        return True
    origin = get_origin(base)
    if origin in _UNION_TYPES:
        return all(annotation_is_scalar(a) for a in get_args(base))
    if origin is typing.Literal:
        return True
    if origin is not None:
        return False
    if not inspect.isclass(base):
        return True
    if issubclass(base, (BaseModel, Mapping, dict)) or dataclasses.is_dataclass(base):
        return False
    if base in (list, set, frozenset, tuple, deque):
        return False
    return not annotation_is_upload(base)


def resolved_signature(call: Callable[..., Any]) -> inspect.Signature:
    """The call's signature with every annotation resolved (``from __future__`` strings too)."""
    target: Any = call
    if inspect.isclass(call):
        target = call.__init__
    elif not (inspect.isfunction(call) or inspect.ismethod(call)):
        target = getattr(call, "__call__", call)  # noqa: B004
    signature = inspect.signature(call)
    try:
        hints = typing.get_type_hints(target, include_extras=True)
    except (NameError, TypeError):
        hints = _hints_one_by_one(target, signature)
    params = [
        p.replace(annotation=hints.get(p.name, p.annotation)) for p in signature.parameters.values()
    ]
    return_annotation = hints.get("return", signature.return_annotation)
    return signature.replace(parameters=params, return_annotation=return_annotation)


def _hints_one_by_one(target: Any, signature: inspect.Signature) -> dict[str, Any]:
    """Resolve each string annotation alone, naming the one that cannot be resolved."""
    namespace = dict(getattr(inspect.unwrap(target), "__globals__", {}))
    hints: dict[str, Any] = {}
    for param in signature.parameters.values():
        annotation = param.annotation
        if not isinstance(annotation, str):
            continue
        try:
            hints[param.name] = eval(annotation, namespace)  # an annotation string
        except NameError as exc:
            raise NameError(
                f"cannot resolve the annotation {annotation!r} of parameter {param.name!r}: "
                f"{exc} (is it defined inside a function under `from __future__ import "
                f"annotations`?)"
            ) from exc
    return hints
