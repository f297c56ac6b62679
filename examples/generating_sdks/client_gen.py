"""A small OpenAPI 3.1 -> Python client generator: what the seed's SDK generators do.

The seed hands ``openapi.json`` to a TypeScript generator (``npx @hey-api/openapi-ts``);
this module does the same job for Python, small enough to read in one sitting, so the
tests can check that a client *generated from the app's own document* works against the
app. ``generate_client(document)`` returns the source of a module with a ``Client`` class:
one method per operation, named after its operationId (hence the seed's post-processing
that strips the ``{tag}-`` prefix), taking the path and query parameters as arguments and
the JSON request body as ``body``, and returning the parsed JSON response. A status the
operation does not document as a success raises ``ApiError(status, body)``.

The transport is any object with httpx's ``request(method, url, params=, json=)``, so a
``testing.TestClient`` (or an ``httpx.Client`` with a base URL) drives the generated client.
Only what the example documents need is supported: path and query parameters and
``application/json`` bodies; anything else raises ``ValueError`` rather than being skipped.

Command line: ``python -m examples.generating_sdks.client_gen openapi.json client.py``.
"""

from __future__ import annotations

import json
import keyword
import re
import sys
from pathlib import Path
from typing import Any

__all__ = ["generate_client", "main", "python_name"]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_PATH_PARAM = re.compile(r"\{([^{}]+)\}")
_SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}

_HEADER = '''\
{doc}

from __future__ import annotations

from typing import Any
from urllib.parse import quote

__all__ = ["ApiError", "Client"]


class ApiError(Exception):
    """The app answered with a status the operation does not document as a success."""

    def __init__(self, status: int, body: Any) -> None:
        super().__init__(status, body)
        self.status = status
        self.body = body


def _quote(value: object) -> str:
    return quote(_text(value), safe="")


def _text(value: object) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _query(params: dict[str, Any]) -> dict[str, Any] | None:
    kept = {{
        name: [_text(v) for v in value] if isinstance(value, list) else _text(value)
        for name, value in params.items()
        if value is not None
    }}
    return kept or None


class Client:
    """One method per operation of the document; ``transport`` is httpx-like."""

    def __init__(self, transport: Any) -> None:
        self._transport = transport

    def _call(
        self, method: str, url: str, ok: tuple[int, ...], params: dict[str, Any], body: Any
    ) -> Any:
        response = self._transport.request(method, url, params=_query(params), json=body)
        data = response.json() if response.content else None
        if response.status_code not in ok:
            raise ApiError(response.status_code, data)
        return data
'''


def python_name(name: str) -> str:
    """``name`` as a Python identifier: other characters become ``_``, keywords get one."""
    cleaned = re.sub(r"\W", "_", name)
    if not cleaned or cleaned[0].isdigit():
        cleaned = f"_{cleaned}"
    return f"{cleaned}_" if keyword.iskeyword(cleaned) else cleaned


def _annotation(schema: dict[str, Any]) -> str:
    kind = schema.get("type")
    if isinstance(kind, str) and kind in _SCALARS:
        return _SCALARS[kind]
    if kind == "array":
        return f"list[{_annotation(schema.get('items', {}))}]"
    if kind == "object" or "$ref" in schema:
        return "dict[str, Any]"
    return "Any"


def _parameters(path_item: dict[str, Any], operation: dict[str, Any]) -> list[dict[str, Any]]:
    """Path-level parameters overridden by the operation's own (same name and location)."""
    merged = {(p["name"], p["in"]): p for p in path_item.get("parameters", [])}
    merged.update({(p["name"], p["in"]): p for p in operation.get("parameters", [])})
    for (name, where), _param in merged.items():
        if where not in ("path", "query"):
            raise ValueError(f"unsupported parameter {name!r} in {where}")
    return list(merged.values())


def _body(operation: dict[str, Any]) -> tuple[str, bool] | None:
    """The annotation and required-ness of a JSON request body, or None without one."""
    request_body = operation.get("requestBody")
    if request_body is None:
        return None
    content = request_body.get("content", {})
    if "application/json" not in content:
        raise ValueError(f"unsupported request body types {sorted(content)}")
    schema = content["application/json"].get("schema", {})
    return _annotation(schema), bool(request_body.get("required", False))


def _signature(params: list[dict[str, Any]], body: tuple[str, bool] | None) -> str:
    required, optional = ["self"], []
    for param in params:
        name, hint = python_name(param["name"]), _annotation(param.get("schema", {}))
        if param.get("required", False):
            required.append(f"{name}: {hint}")
        else:
            optional.append(f"{name}: {hint} | None = None")
    if body is not None:
        hint, is_required = body
        if is_required:
            required.append(f"body: {hint}")
        else:
            optional.append(f"body: {hint} | None = None")
    return ", ".join(required + (["*", *optional] if optional else []))


def _url(path: str, params: list[dict[str, Any]]) -> str:
    """A Python expression building ``path`` with each ``{name}`` filled and quoted."""
    declared = {p["name"] for p in params if p["in"] == "path"}
    pieces = []
    for i, piece in enumerate(_PATH_PARAM.split(path)):
        if i % 2 == 0:
            if piece:
                pieces.append(repr(piece))
        elif piece in declared:
            pieces.append(f"_quote({python_name(piece)})")
        else:
            raise ValueError(f"path parameter {piece!r} of {path!r} is not declared")
    return " + ".join(pieces) or "''"


def _method(path: str, method: str, path_item: dict[str, Any], operation: dict[str, Any]) -> str:
    params = _parameters(path_item, operation)
    body = _body(operation)
    ok = tuple(int(code) for code in operation.get("responses", {}) if code.startswith("2"))
    query = ", ".join(
        f"{p['name']!r}: {python_name(p['name'])}" for p in params if p["in"] == "query"
    )
    doc = operation.get("summary") or f"{method.upper()} {path}"
    return (
        f"\n    def {python_name(operation['operationId'])}({_signature(params, body)}) -> Any:\n"
        f"        {doc!r}\n"
        f"        return self._call(\n"
        f"            {method.upper()!r}, {_url(path, params)}, {ok or (200,)!r},\n"
        f"            {{{query}}}, {'body' if body else 'None'},\n"
        f"        )\n"
    )


def generate_client(document: dict[str, Any]) -> str:
    """The Python source of a client module for the OpenAPI ``document``."""
    info = document.get("info", {})
    title = f"{info.get('title', 'API')} {info.get('version', '')}".strip()
    doc = repr(f"Client for {title}, generated from its OpenAPI document by client_gen.")
    source = [_HEADER.format(doc=doc)]
    seen: dict[str, str] = {}
    for path, path_item in document.get("paths", {}).items():
        for method in HTTP_METHODS:
            if method not in path_item:
                continue
            operation = path_item[method]
            name = python_name(operation["operationId"])
            if name in seen:
                raise ValueError(f"operationId {name!r} of {method} {path} repeats {seen[name]}")
            seen[name] = f"{method} {path}"
            source.append(_method(path, method, path_item, operation))
    return "".join(source)


def main(document_path: Path, output_path: Path) -> None:
    """Read an ``openapi.json`` and write the generated client module."""
    output_path.write_text(generate_client(json.loads(document_path.read_text())))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
