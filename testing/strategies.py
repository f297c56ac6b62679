"""Hypothesis strategies that read an app's OpenAPI document and generate requests.

``operations(app)`` lists the app's operations (method, path template, parameters, body
schema, declared responses). ``requests(app)`` draws ``RequestCase``s: ``valid=True``
ones give every parameter and body a value satisfying its schema; ``valid=False`` ones
break exactly one constraint (a required parameter or property missing, a value of the
wrong type, out of bounds, too short or long, outside an enum) and say which in ``broken``.
A case sends itself through a client and prints as a runnable ``TestClient`` call.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from hypothesis import strategies as st

from ._jsonschema import Resolver, breakages, values
from ._response import Response

__all__ = ["Operation", "RequestCase", "invalid_requests", "operations", "requests",
           "valid_requests"]

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_SAFE = st.sampled_from(string.ascii_letters + string.digits + "-_.~")
_LOCATIONS = ("path", "query", "header", "cookie")


@dataclass
class Operation:
    """One path operation of the document."""

    method: str
    path: str
    operation_id: str
    parameters: list[dict[str, Any]]
    body: dict[str, Any] | None  # {"schema": ..., "required": bool, "media_type": ...}
    responses: dict[str, Any]

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


@dataclass
class RequestCase:
    """A request for ``operation``; ``broken`` names the one rule an invalid case breaks."""

    operation: Operation
    path_params: dict[str, Any] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, Any] = field(default_factory=dict)
    cookies: dict[str, Any] = field(default_factory=dict)
    body: Any = None
    has_body: bool = False
    broken: str | None = None

    @property
    def valid(self) -> bool:
        return self.broken is None

    @property
    def url(self) -> str:
        path = self.operation.path
        for name, value in self.path_params.items():
            path = path.replace("{" + name + "}", quote(_text(value), safe=""))
        return path

    def kwargs(self) -> dict[str, Any]:
        options: dict[str, Any] = {}
        if self.query:
            options["params"] = {k: _query(v) for k, v in self.query.items()}
        if self.headers:
            options["headers"] = {k: _text(v) for k, v in self.headers.items()}
        if self.cookies:
            options["cookies"] = {k: _text(v) for k, v in self.cookies.items()}
        if self.has_body:
            body = self._body_options()
            if "headers" in body:
                body["headers"] = {**options.get("headers", {}), **body["headers"]}
            options.update(body)
        return options

    def _body_options(self) -> dict[str, Any]:
        body = self.operation.body or {}
        if "media_type" not in body:
            return {"json": self.body}
        if not isinstance(self.body, dict):  # a broken form: sent as raw text
            return {"content": _text(self.body),
                    "headers": {"content-type": body["media_type"]}}
        fields = {k: v for k, v in self.body.items() if v is not None}
        files = {k: fields.pop(k) for k in body["files"] if k in fields}
        options: dict[str, Any] = {}
        if fields:
            options["data"] = {k: _query(v) for k, v in fields.items()}
        if files:
            options["files"] = [(k, (f"{k}.bin", _text(one).encode()))
                                for k, v in files.items()
                                for one in (v if isinstance(v, list) else [v])]
        return options

    def send(self, client: Any) -> Response:
        response: Response = client.request(self.operation.method, self.url, **self.kwargs())
        return response

    def as_code(self) -> str:
        """The request as a ``TestClient`` call a test can paste."""
        args = [repr(self.url)] + [f"{k}={v!r}" for k, v in self.kwargs().items()]
        return f"client.request({self.operation.method!r}, {', '.join(args)})"


def _text(value: Any) -> str:
    if value is True or value is False:
        return "true" if value else "false"
    return str(value)


def _query(value: Any) -> Any:
    return [_text(v) for v in value] if isinstance(value, list) else _text(value)


def _document(app: Any) -> Mapping[str, Any]:
    document: Mapping[str, Any] = app.openapi() if hasattr(app, "openapi") else app
    return document


_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def _body(operation: Mapping[str, Any], resolver: Resolver) -> dict[str, Any] | None:
    """The body to generate: its schema, whether required, media type, file fields."""
    request_body = operation.get("requestBody")
    if not request_body:
        return None
    content = request_body.get("content", {})
    media_type = next((m for m in ("application/json", *_FORMS) if m in content), None)
    if media_type is None:
        return None  # other media types (YAML, raw bytes) are the app's own business
    schema = content[media_type].get("schema", {})
    body = {"schema": schema, "required": bool(request_body.get("required", False))}
    if media_type != "application/json":
        body["media_type"] = media_type
        body["files"] = _file_fields(resolver.resolve(schema), resolver)
    return body


def _file_fields(schema: Mapping[str, Any], resolver: Resolver) -> list[str]:
    """Form properties that are files (``format: binary`` or 3.1's ``contentMediaType``)."""
    def binary(sub: Mapping[str, Any]) -> bool:
        sub = resolver.resolve(sub)
        members = [*sub.get("anyOf", ()), *sub.get("oneOf", ()), sub.get("items", {})]
        if sub.get("format") == "binary" or "contentMediaType" in sub:
            return True
        return any(binary(m) for m in members if m)

    return [name for name, sub in schema.get("properties", {}).items() if binary(sub)]


def operations(app: Any) -> list[Operation]:
    """The operations of ``app`` (an ``App``, or an OpenAPI document as a dict)."""
    found = []
    document = _document(app)
    resolver = Resolver(document)
    for path, item in document.get("paths", {}).items():
        for method in _METHODS:
            if method not in item:
                continue
            operation = item[method]
            parameters = list(item.get("parameters", [])) + list(operation.get("parameters", []))
            found.append(Operation(method.upper(), path, operation.get("operationId", ""),
                                   parameters, _body(operation, resolver),
                                   operation.get("responses", {})))
    return found


def _alphabet(location: str) -> st.SearchStrategy[str] | None:
    return None if location == "query" else _SAFE


def _parameter_values(parameter: Mapping[str, Any], resolver: Resolver) -> Any:
    strategy = values(parameter.get("schema", {}), resolver, _alphabet(parameter["in"]))
    if parameter["in"] == "path":
        strategy = strategy.filter(lambda v: _text(v) not in ("", ".", ".."))
    return strategy


def _valid(operation: Operation, resolver: Resolver) -> st.SearchStrategy[RequestCase]:
    parts: dict[str, Any] = {}
    for location in _LOCATIONS:
        required: dict[str, Any] = {}
        optional: dict[str, Any] = {}
        for parameter in operation.parameters:
            if parameter["in"] != location:
                continue
            target = required if parameter.get("required") else optional
            target[parameter["name"]] = _parameter_values(parameter, resolver)
        # a null parameter is an absent one: a query, header or cookie carries only text
        parts[location] = st.fixed_dictionaries(required, optional=optional).map(_present)
    body: st.SearchStrategy[Any] = st.just((False, None))
    if operation.body is not None:
        bodies = values(operation.body["schema"], resolver)
        if "media_type" in operation.body:  # an empty form field counts as a missing one
            needed = resolver.resolve(operation.body["schema"]).get("required", ())
            bodies = bodies.filter(lambda b: all(b.get(k) != "" for k in needed))
        bodies = bodies.map(lambda b: (True, b))
        body = bodies if operation.body["required"] else st.one_of(body, bodies)
    return st.builds(
        lambda p, q, h, c, b: RequestCase(operation, p, q, h, c, b[1], b[0]),
        parts["path"], parts["query"], parts["header"], parts["cookie"], body,
    )


def _present(params: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in params.items() if value is not None}


def _invalid(operation: Operation, resolver: Resolver) -> list[st.SearchStrategy[RequestCase]]:
    variants: list[st.SearchStrategy[RequestCase]] = []
    base = _valid(operation, resolver)
    for parameter in operation.parameters:
        name, location = parameter["name"], parameter["in"]
        attribute = {"path": "path_params", "query": "query", "header": "headers",
                     "cookie": "cookies"}[location]
        if parameter.get("required") and location != "path":
            variants.append(base.map(_without(attribute, name, f"{location} {name!r} missing")))
        if location == "header":
            continue  # headers go through many hands (proxies, case folding): skip breaking
        for what, bad in breakages(parameter.get("schema", {}), resolver, as_text=True):
            label = f"{location} {name!r}: {what}"
            variants.append(st.tuples(base, bad).map(_with(attribute, name, label)))
    if operation.body is not None:
        schema = operation.body["schema"]
        if operation.body["required"]:
            variants.append(base.map(_no_body))
        as_text = "media_type" in operation.body  # form fields arrive as text
        for what, bad in breakages(schema, resolver, as_text=as_text):
            variants.append(st.tuples(base, bad).map(_with_body(f"body: {what}")))
    return variants


def _without(attribute: str, name: str, label: str) -> Callable[[RequestCase], RequestCase]:
    def apply(case: RequestCase) -> RequestCase:
        getattr(case, attribute).pop(name, None)
        case.broken = label
        return case

    return apply


def _with(attribute: str, name: str, label: str) -> Callable[[Any], RequestCase]:
    def apply(pair: tuple[RequestCase, Any]) -> RequestCase:
        case, bad = pair
        getattr(case, attribute)[name] = bad
        case.broken = label
        return case

    return apply


def _no_body(case: RequestCase) -> RequestCase:
    case.has_body, case.body, case.broken = False, None, "required body missing"
    return case


def _with_body(label: str) -> Callable[[Any], RequestCase]:
    def apply(pair: tuple[RequestCase, Any]) -> RequestCase:
        case, bad = pair
        case.has_body, case.body, case.broken = True, bad, label
        return case

    return apply


def _selected(app: Any, only: Iterable[str] | None) -> list[Operation]:
    chosen = operations(app)
    if only is not None:
        wanted = set(only)
        chosen = [op for op in chosen
                  if op.operation_id in wanted or op.path in wanted or str(op) in wanted]
    return chosen


def requests(app: Any, *, valid: bool = True,
             only: Iterable[str] | None = None) -> st.SearchStrategy[RequestCase]:
    """Request cases for ``app``'s operations (``only``: operation ids, paths, "GET /x")."""
    resolver = Resolver(_document(app))
    strategies: list[st.SearchStrategy[RequestCase]] = []
    for operation in _selected(app, only):
        if valid:
            strategies.append(_valid(operation, resolver))
        else:
            strategies.extend(_invalid(operation, resolver))
    if not strategies:
        return st.nothing()
    return st.one_of(strategies)


def valid_requests(app: Any, **options: Any) -> st.SearchStrategy[RequestCase]:
    return requests(app, valid=True, **options)


def invalid_requests(app: Any, **options: Any) -> st.SearchStrategy[RequestCase]:
    return requests(app, valid=False, **options)
