"""Path compiling: a route path template becomes a regex, a format string and convertors.

``compile_path("/items/{id:int}")`` gives ``^/items/(?P<id>[0-9]+)$``, ``"/items/{id}"``
and ``{"id": IntegerConvertor()}``. A template that does not start with ``/`` is a host
pattern (for ``Host``): any ``:port`` is left out of its regex. ``replace_params`` goes
the other way for ``url_path_for``, and ``get_route_path`` gives the part of a request path
a router should match (the path with the mount's ``root_path`` taken off).

All the work happens once, when a route is built; nothing here runs per request except
``get_route_path``.
"""

from __future__ import annotations

import re
from typing import Any

from asgi_core.convertors import CONVERTOR_TYPES, Convertor
from asgi_core.types import Scope

__all__ = ["PARAM_REGEX", "compile_path", "get_route_path", "replace_params"]

# "{name}" or "{name:type}" inside a route path.
PARAM_REGEX = re.compile("{([a-zA-Z_][a-zA-Z0-9_]*)(:[a-zA-Z_][a-zA-Z0-9_]*)?}")


def compile_path(path: str) -> tuple[re.Pattern[str], str, dict[str, Convertor[Any]]]:
    """Compile a route path (or a host pattern) into ``(regex, format, convertors)``.

    Raises ``ValueError`` naming the path for an unknown convertor type or a parameter
    name used twice.
    """
    is_host = not path.startswith("/")
    regex = "^"
    path_format = ""
    duplicated: list[str] = []
    convertors: dict[str, Convertor[Any]] = {}
    idx = 0
    for match in PARAM_REGEX.finditer(path):
        name, type_suffix = match.groups("str")
        type_name = type_suffix.lstrip(":")
        convertor = CONVERTOR_TYPES.get(type_name)
        if convertor is None:
            raise ValueError(f"Unknown path convertor '{type_name}' at path {path}")
        literal = path[idx : match.start()]
        regex += re.escape(literal) + f"(?P<{name}>{convertor.regex})"
        path_format += literal + "{" + name + "}"
        if name in convertors and name not in duplicated:
            duplicated.append(name)
        convertors[name] = convertor
        idx = match.end()
    if duplicated:
        names = ", ".join(sorted(duplicated))
        ending = "s" if len(duplicated) > 1 else ""
        raise ValueError(f"Duplicated param name{ending} {names} at path {path}")
    rest = path[idx:]
    if is_host:
        # A host pattern matches the Host header without its port.
        regex += re.escape(rest.split(":")[0]) + "$"
    else:
        regex += re.escape(rest) + "$"
    return re.compile(regex), path_format + rest, convertors


def replace_params(
    path: str,
    param_convertors: dict[str, Convertor[Any]],
    path_params: dict[str, Any],
) -> tuple[str, dict[str, Any]]:
    """Fill the ``{name}`` slots of ``path`` from ``path_params``.

    Returns the filled path and the params that had no slot (the caller decides whether
    leftovers mean "no match").
    """
    remaining = dict(path_params)
    for key, value in path_params.items():
        slot = "{" + key + "}"
        if slot in path:
            path = path.replace(slot, param_convertors[key].to_string(value))
            del remaining[key]
    return path, remaining


def get_route_path(scope: Scope) -> str:
    """The request path relative to the ``root_path`` of the app being routed.

    Servers and mounts put the full path in ``scope["path"]`` and the prefix that led
    here in ``scope["root_path"]``; the prefix is taken off only when it ends on a path
    segment boundary.
    """
    path: str = scope["path"]
    root_path: str = scope.get("root_path", "")
    if not root_path or not path.startswith(root_path):
        return path
    if len(path) == len(root_path):
        return ""
    if path[len(root_path)] == "/":
        return path[len(root_path) :]
    return path
