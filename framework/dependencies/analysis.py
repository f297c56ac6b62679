"""Read an endpoint's signature, once, into a ``Dependant`` tree.

Each parameter is classified the way FastAPI does: an explicit marker (``Query()``,
``Depends()``, ... as ``Annotated`` metadata or as the default) wins; a name found in the path
is a path parameter; a request/response/connection type is injected; a scalar is a query
parameter; anything else is the body. Mistakes raise ``FrameworkError`` naming the route and
the dependency chain.
"""

from __future__ import annotations

import copy
import inspect
import re
from collections.abc import Callable
from typing import Any

from pydantic.fields import FieldInfo

from framework import params
from framework._typing import (
    annotation_is_scalar,
    annotation_is_sequence,
    annotation_is_upload,
    is_model_class,
    resolved_signature,
    split_annotated,
    strip_optional,
)
from framework.dependencies.models import BodyField, Dependant, ParamField, SpecialKind
from framework.exceptions import FrameworkError

__all__ = ["get_dependant", "get_parameterless_sub_dependant", "path_param_names"]

_PATH_PARAM = re.compile(r"{([^}:]+)(?::[^}]*)?}")
_EMPTY = inspect.Parameter.empty


def path_param_names(path: str) -> set[str]:
    return set(_PATH_PARAM.findall(path))


def _special_kinds() -> list[tuple[type, str]]:
    from asgi_core.background import BackgroundTasks
    from asgi_core.requests import HTTPConnection, Request
    from asgi_core.responses import Response
    from asgi_core.websockets import WebSocket
    from framework.dependencies.models import SecurityScopes

    # Order matters: Request and WebSocket are both HTTPConnections.
    return [
        (Request, SpecialKind.REQUEST),
        (WebSocket, SpecialKind.WEBSOCKET),
        (HTTPConnection, SpecialKind.HTTP_CONNECTION),
        (Response, SpecialKind.RESPONSE),
        (BackgroundTasks, SpecialKind.BACKGROUND_TASKS),
        (SecurityScopes, SpecialKind.SECURITY_SCOPES),
    ]


def _special_kind(annotation: Any) -> str | None:
    base = strip_optional(annotation)
    if not inspect.isclass(base):
        return None
    for cls, kind in _special_kinds():
        if issubclass(base, cls):
            return kind
    return None


def _call_name(call: Any) -> str:
    return getattr(call, "__name__", None) or type(call).__name__


class _Context:
    """Where we are, for error messages: ``[GET /items/{id}] dependency a -> b``."""

    def __init__(self, route: str, chain: tuple[str, ...]) -> None:
        self.route = route
        self.chain = chain

    def error(self, message: str) -> FrameworkError:
        where = f"[{self.route}]" if self.route else ""
        chain = " -> ".join(self.chain)
        return FrameworkError(f"{where} dependency {chain}: {message}".strip())

    def child(self, name: str) -> _Context:
        return _Context(self.route, (*self.chain, name))


def get_dependant(
    *,
    path: str,
    call: Callable[..., Any],
    name: str | None = None,
    security_scopes: list[str] | None = None,
    use_cache: bool = True,
    overrides: dict[Any, Any] | None = None,
    route_label: str = "",
    _ctx: _Context | None = None,
) -> Dependant:
    """Analyse ``call`` (and, recursively, its dependencies) for a route at ``path``."""
    ctx = _ctx or _Context(route_label or path, (_call_name(call),))
    dependant = Dependant(
        call=call,
        name=name,
        path=path,
        security_scopes=list(security_scopes or []),
        use_cache=use_cache,
    )
    in_path = path_param_names(path)
    try:
        signature = resolved_signature(call)
    except (TypeError, ValueError, NameError) as exc:
        raise ctx.error(f"cannot read the signature of {call!r}: {exc}") from exc
    for param in signature.parameters.values():
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        _add_param(dependant, param, in_path, overrides, ctx)
    return dependant


def get_parameterless_sub_dependant(
    *, depends: params.Depends, path: str, overrides: dict[Any, Any] | None = None,
    route_label: str = "",
) -> Dependant:
    """A dependency listed in ``dependencies=[...]``: run for its effect, value unused."""
    if depends.dependency is None:
        raise FrameworkError(
            f"[{route_label or path}] a parameterless dependency needs a callable"
        )
    return _sub_dependant(
        depends, depends.dependency, None, path, [], overrides,
        _Context(route_label or path, ()),
    )


def _sub_dependant(
    depends: params.Depends,
    call: Callable[..., Any],
    name: str | None,
    path: str,
    parent_scopes: list[str],
    overrides: dict[Any, Any] | None,
    ctx: _Context,
) -> Dependant:
    scopes = list(parent_scopes)
    if isinstance(depends, params.Security):
        scopes.extend(depends.scopes or [])
    actual = call
    if overrides and call in overrides:
        actual = overrides[call]
    sub = get_dependant(
        path=path,
        call=actual,
        name=name,
        security_scopes=scopes,
        use_cache=depends.use_cache,
        overrides=overrides,
        _ctx=ctx.child(_call_name(actual)),
    )
    sub.scope = getattr(depends, "scope", None)
    return sub


def _split_marker(param: inspect.Parameter, ctx: _Context) -> tuple[Any, Any, Any]:
    """-> (annotation without markers, the marker or None, the default value)."""
    annotation = param.annotation
    base, extras = split_annotated(annotation)
    markers = [e for e in extras if isinstance(e, (FieldInfo, params.Depends))]
    marker = markers[-1] if markers else None
    default = param.default
    if isinstance(default, (FieldInfo, params.Depends)):
        if marker is not None:
            raise ctx.error(
                f"parameter {param.name!r} has a marker both in Annotated and as its default"
            )
        marker, default = default, _EMPTY
    elif isinstance(marker, FieldInfo) and marker.default not in (Ellipsis, _pydantic_undefined()):
        raise ctx.error(
            f"`{type(marker).__name__}` default value cannot be set in `Annotated` for "
            f"{param.name!r}. Set the default value with `=` instead."
        )
    if annotation is _EMPTY:
        base = Any
    elif markers:
        rest = [e for e in extras if e is not marker]
        base = base if not rest else _reannotate(base, rest)
    else:
        base = annotation
    return base, marker, default


def _reannotate(base: Any, extras: list[Any]) -> Any:
    from typing import Annotated

    return Annotated.__class_getitem__((base, *extras))  # type: ignore[attr-defined]


def _pydantic_undefined() -> Any:
    from pydantic_core import PydanticUndefined

    return PydanticUndefined


def _add_param(
    dependant: Dependant,
    param: inspect.Parameter,
    in_path: set[str],
    overrides: dict[Any, Any] | None,
    ctx: _Context,
) -> None:
    annotation, marker, default = _split_marker(param, ctx)
    name = param.name
    if isinstance(marker, params.Depends):
        call = marker.dependency if marker.dependency is not None else annotation
        if not callable(call):
            raise ctx.error(f"parameter {name!r}: Depends() needs a callable, got {call!r}")
        dependant.dependencies.append(
            _sub_dependant(
                marker, call, name, dependant.path, dependant.security_scopes, overrides, ctx
            )
        )
        return
    kind = _special_kind(annotation) if marker is None else None
    if kind is not None:
        dependant.special[name] = kind
        return
    field_info = _field_info_for(name, annotation, marker, default, in_path, ctx)
    if isinstance(field_info, params.Body):
        dependant.body.append(_body_field(name, annotation, field_info))
    else:
        dependant.params.append(_param_field(name, annotation, field_info, ctx))


def _field_info_for(
    name: str,
    annotation: Any,
    marker: FieldInfo | None,
    default: Any,
    in_path: set[str],
    ctx: _Context,
) -> FieldInfo:
    if marker is None:
        if name in in_path:
            marker = params.Path()
        elif annotation_is_upload(annotation):
            marker = params.File()
        elif annotation_is_scalar(annotation):
            marker = params.Query()
        else:
            marker = params.Body()
    field_info = copy.copy(marker)
    if name in in_path:
        if not isinstance(field_info, params.Path):
            raise ctx.error(
                f"cannot use `{type(marker).__name__}` for path param {name!r}"
            )
        if default is not _EMPTY:
            raise ctx.error(f"path parameter {name!r} cannot have a default value")
    elif isinstance(field_info, params.Path):
        raise ctx.error(f"path parameter {name!r} is not in the path {ctx.route!r}")
    if default is not _EMPTY:
        _set_default(field_info, default)
    elif not isinstance(marker, params.Path) and field_info.default is Ellipsis:
        _set_default(field_info, _pydantic_undefined())
    field_info.annotation = annotation
    return field_info


def _set_default(field_info: FieldInfo, default: Any) -> None:
    """Set the default where pydantic also looks when it merges field infos.

    pydantic merges ``Annotated`` metadata (e.g. the ``Json`` wrapper of a body) through
    ``_attributes_set``; a default set only as an attribute would be lost there. The dict
    is replaced, not mutated: ``copy.copy`` shares it with the user's marker.
    """
    field_info.default = default
    attributes = getattr(field_info, "_attributes_set", None)
    if isinstance(attributes, dict):
        field_info._attributes_set = {**attributes, "default": default}


def _param_field(
    name: str, annotation: Any, field_info: FieldInfo, ctx: _Context
) -> ParamField:
    location = field_info.in_.value  # type: ignore[attr-defined]
    alias = field_info.alias or name
    if location == "header" and not field_info.alias and getattr(
        field_info, "convert_underscores", True
    ):
        alias = name.replace("_", "-")
    base = strip_optional(split_annotated(annotation)[0])
    model_fields = None
    if is_model_class(base):
        if location == "path":
            raise ctx.error(f"path parameter {name!r} cannot be a model")
        model_fields = _model_param_fields(base, location, field_info)
    return ParamField(
        name=name,
        alias=alias,
        location=location,
        annotation=annotation,
        field_info=field_info,
        is_sequence=annotation_is_sequence(annotation),
        model_fields=model_fields,
    )


def _model_param_fields(
    model: Any, location: str, field_info: FieldInfo
) -> tuple[tuple[str, bool, str], ...]:
    """(request key, repeated?, the key the model validates) for each model field."""
    convert = location == "header" and getattr(field_info, "convert_underscores", True)
    out = []
    for fname, finfo in model.model_fields.items():
        target = finfo.alias or fname
        key = target.lower() if location == "header" else target
        if convert and not finfo.alias:
            key = fname.replace("_", "-")
        out.append((key, annotation_is_sequence(finfo.annotation), target))
    return tuple(out)


def _body_field(name: str, annotation: Any, field_info: FieldInfo) -> BodyField:
    media_type = getattr(field_info, "media_type", "application/json")
    is_form = isinstance(field_info, params.Form)
    base = strip_optional(split_annotated(annotation)[0])
    model_fields = None
    if is_form and is_model_class(base):
        model_fields = tuple(
            (f.alias or n, annotation_is_sequence(f.annotation), f.alias or n)
            for n, f in base.model_fields.items()
        )
    return BodyField(
        name=name,
        alias=field_info.alias or name,
        annotation=annotation,
        field_info=field_info,
        embed=bool(getattr(field_info, "embed", False)),
        media_type=media_type,
        is_form=is_form,
        is_file=isinstance(field_info, params.File) or annotation_is_upload(annotation),
        is_sequence=annotation_is_sequence(annotation),
        model_fields=model_fields,
    )
