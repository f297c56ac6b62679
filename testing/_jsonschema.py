"""JSON Schema (the OpenAPI 3.1 subset pydantic emits) as hypothesis strategies and checks.

``values(schema)`` generates instances satisfying a schema; ``breakages(schema)`` lists
ways to break exactly one of its constraints, each a (description, strategy) pair;
``errors(schema, value)`` validates a value (for responses). ``$ref`` is resolved against
the document's ``components``. Supported: ``type`` (one or a list), ``anyOf``/``oneOf``/
``allOf`` (first member), ``enum``, ``const``, numeric bounds, string lengths and
``pattern``, array items/lengths, object properties/required/additionalProperties.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Mapping
from typing import Any

from hypothesis import strategies as st

__all__ = ["Resolver", "breakages", "errors", "values"]

JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=5))
_WRONG = {"object": "x", "array": "x", "string": {"not": "a string"},
          "integer": {"not": "an integer"}, "number": {"not": "a number"},
          "boolean": {"not": "a boolean"}, "null": {"not": "null"}}


class Resolver:
    """Follows ``#/components/schemas/...`` references of one document."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document

    def resolve(self, schema: Mapping[str, Any]) -> Mapping[str, Any]:
        seen = 0
        while "$ref" in schema and seen < 32:
            node: Any = self.document
            for part in schema["$ref"].lstrip("#/").split("/"):
                node = node[part]
            schema, seen = node, seen + 1
        return schema


def _branches(schema: Mapping[str, Any]) -> list[Mapping[str, Any]] | None:
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return list(schema[key])
    if isinstance(schema.get("type"), list):
        return [{**schema, "type": kind} for kind in schema["type"]]
    return None


def _number(schema: Mapping[str, Any], integer: bool) -> st.SearchStrategy[Any]:
    low, high = schema.get("minimum"), schema.get("maximum")
    ex_low, ex_high = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    if integer:
        low = max(x for x in (low, None if ex_low is None else int(ex_low) + 1, -(2**53))
                  if x is not None)
        high = min(x for x in (high, None if ex_high is None else int(ex_high) - 1, 2**53)
                   if x is not None)
        return st.integers(int(low), int(high))
    return st.floats(
        min_value=ex_low if ex_low is not None else low,
        max_value=ex_high if ex_high is not None else high,
        exclude_min=ex_low is not None, exclude_max=ex_high is not None,
        allow_nan=False, allow_infinity=False,
    )


_FORMATS: dict[str, st.SearchStrategy[str]] = {
    "date-time": st.datetimes().map(lambda d: d.isoformat()),
    "date": st.dates().map(lambda d: d.isoformat()),
    "time": st.times().map(lambda t: t.isoformat()),
    "uuid": st.uuids().map(str),
    "uri": st.from_regex(r"https://[a-z]{1,8}\.example(/[a-z0-9]{0,6}){0,2}", fullmatch=True),
    "email": st.from_regex(r"[a-z][a-z0-9]{0,6}@[a-z]{1,8}\.example", fullmatch=True),
    "duration": st.integers(0, 10**6).map(lambda n: f"PT{n}S"),
    "binary": st.text(string.ascii_letters, max_size=12),
}


def _string(schema: Mapping[str, Any],
            alphabet: st.SearchStrategy[str] | None) -> st.SearchStrategy[str]:
    known = _FORMATS.get(schema.get("format", ""))
    if known is not None:
        low, high = schema.get("minLength", 0), schema.get("maxLength")
        return known.filter(lambda s: len(s) >= low and (high is None or len(s) <= high))
    if "pattern" in schema:
        pattern = schema["pattern"]
        strategy: st.SearchStrategy[str] = st.from_regex(pattern, fullmatch=True)
        low, high = schema.get("minLength", 0), schema.get("maxLength")
        return strategy.filter(lambda s: len(s) >= low and (high is None or len(s) <= high))
    chars = alphabet if alphabet is not None else st.characters(codec="utf-8")
    return st.text(chars, min_size=schema.get("minLength", 0),
                   max_size=min(schema.get("maxLength", 12), 12 + schema.get("minLength", 0)))


def values(schema: Mapping[str, Any], resolver: Resolver,
           alphabet: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Any]:
    """Instances of ``schema`` (strings drawn from ``alphabet`` when given)."""
    schema = resolver.resolve(schema)
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(list(schema["enum"]))
    branches = _branches(schema)
    if branches is not None:
        return st.one_of([values(b, resolver, alphabet) for b in branches])
    if "allOf" in schema:
        return values(schema["allOf"][0], resolver, alphabet)
    kind = schema.get("type")
    if kind in ("integer", "number"):
        return _number(schema, kind == "integer")
    if kind == "string":
        return _string(schema, alphabet)
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    if kind == "array":
        return st.lists(values(schema.get("items", {}), resolver, alphabet),
                        min_size=schema.get("minItems", 0),
                        max_size=min(schema.get("maxItems", 3), 3 + schema.get("minItems", 0)))
    if kind == "object" or "properties" in schema:
        return _object(schema, resolver, alphabet)
    return JSON_SCALARS


def _object(schema: Mapping[str, Any], resolver: Resolver,
            alphabet: st.SearchStrategy[str] | None) -> st.SearchStrategy[dict[str, Any]]:
    properties = schema.get("properties", {})
    required = set(schema.get("required", ()))
    fixed = {name: values(sub, resolver, alphabet) for name, sub in properties.items()
             if name in required}
    optional = {name: values(sub, resolver, alphabet) for name, sub in properties.items()
                if name not in required}
    return st.fixed_dictionaries(fixed, optional=optional)


def breakages(schema: Mapping[str, Any], resolver: Resolver, *, as_text: bool = False,
              ) -> list[tuple[str, st.SearchStrategy[Any]]]:
    """Ways to break exactly one constraint: (what is broken, strategy of bad values).

    ``as_text`` is for query/path/header values, which arrive as strings: type breaks
    are then strings that do not parse, not JSON values of another type.
    """
    schema = resolver.resolve(schema)
    if _branches(schema) is not None or "allOf" in schema:
        return []  # a union: breaking one member may satisfy another
    if "enum" in schema:
        return [("a value outside the enum", st.just("not-a-member-of-the-enum"))]
    kind = schema.get("type")
    found: list[tuple[str, st.SearchStrategy[Any]]] = []
    if kind in _WRONG and not (as_text and kind == "string"):
        wrong = "not-a-" + kind if as_text else _WRONG[kind]
        found.append((f"a value that is not {kind}", st.just(wrong)))
    if kind in ("integer", "number"):
        found.extend(_number_breaks(schema, kind == "integer"))
    if kind == "string":
        found.extend(_string_breaks(schema))
    if kind == "object" or "properties" in schema:
        found.extend(_object_breaks(schema, resolver, as_text))
    return found


def _number_breaks(schema: Mapping[str, Any], integer: bool) -> list[Any]:
    found = []
    step = 1 if integer else 0.5
    for key, sign in (("minimum", -1), ("maximum", 1)):
        if key in schema:
            found.append((f"{key} {schema[key]} broken", st.just(schema[key] + sign * step)))
    for key in ("exclusiveMinimum", "exclusiveMaximum"):
        if key in schema:
            found.append((f"{key} {schema[key]} broken", st.just(schema[key])))
    return found


def _string_breaks(schema: Mapping[str, Any]) -> list[Any]:
    found = []
    if schema.get("minLength", 0) > 0:
        found.append(("minLength broken", st.just("a" * (schema["minLength"] - 1))))
    if "maxLength" in schema:
        found.append(("maxLength broken", st.just("a" * (schema["maxLength"] + 1))))
    return found


def _object_breaks(schema: Mapping[str, Any], resolver: Resolver, as_text: bool,
                   ) -> list[Any]:
    properties = schema.get("properties", {})
    required = list(schema.get("required", ()))
    base = _object({**schema, "required": required}, resolver, None)
    found = []
    for name in required:
        found.append((f"required property {name!r} missing", base.map(_dropping(name))))
    for name, sub in properties.items():
        for what, bad in breakages(sub, resolver, as_text=as_text):
            found.append((f"property {name!r}: {what}",
                          st.tuples(base, bad).map(_setting(name))))
    return found


def _dropping(name: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda body: {k: v for k, v in body.items() if k != name}


def _setting(name: str) -> Callable[[tuple[dict[str, Any], Any]], dict[str, Any]]:
    return lambda pair: {**pair[0], name: pair[1]}


def errors(schema: Mapping[str, Any], value: Any, resolver: Resolver, path: str = "$",
           ) -> list[str]:
    """Where ``value`` breaks ``schema`` (an empty list when it conforms)."""
    schema = resolver.resolve(schema)
    branches = _branches(schema)
    if branches is not None:
        if any(not errors(b, value, resolver, path) for b in branches):
            return []
        return [f"{path}: {value!r} matches none of {len(branches)} alternatives"]
    if "const" in schema and value != schema["const"]:
        return [f"{path}: {value!r} is not {schema['const']!r}"]
    if "enum" in schema and value not in schema["enum"]:
        return [f"{path}: {value!r} is not one of {schema['enum']!r}"]
    kind = schema.get("type")
    if kind is not None and not _is_type(kind, value):
        return [f"{path}: {value!r} is not of type {kind!r}"]
    if kind == "object":
        return _object_errors(schema, value, resolver, path)
    if kind == "array":
        return _array_errors(schema, value, resolver, path)
    return _scalar_errors(schema, value, path)


def _is_type(kind: str, value: Any) -> bool:
    if kind == "integer":
        return (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and value.is_integer())
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    types = {"string": str, "boolean": bool, "null": type(None), "array": list, "object": dict}
    return isinstance(value, types.get(kind, object))


def _scalar_errors(schema: Mapping[str, Any], value: Any, path: str) -> list[str]:
    found = []
    bounds: tuple[tuple[str, Callable[[Any, Any], bool]], ...] = (
        ("minimum", lambda v, b: v >= b), ("maximum", lambda v, b: v <= b),
        ("exclusiveMinimum", lambda v, b: v > b), ("exclusiveMaximum", lambda v, b: v < b))
    for key, ok in bounds:
        if key in schema and isinstance(value, (int, float)) and not ok(value, schema[key]):
            found.append(f"{path}: {value!r} breaks {key} {schema[key]}")
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0) or len(value) > schema.get("maxLength",
                                                                               len(value)):
            found.append(f"{path}: {value!r} breaks the length limits")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            found.append(f"{path}: {value!r} does not match {schema['pattern']!r}")
    return found


def _array_errors(schema: Mapping[str, Any], value: list[Any], resolver: Resolver,
                  path: str) -> list[str]:
    found = []
    for index, item in enumerate(value):
        found.extend(errors(schema.get("items", {}), item, resolver, f"{path}[{index}]"))
    return found


def _object_errors(schema: Mapping[str, Any], value: dict[str, Any], resolver: Resolver,
                   path: str) -> list[str]:
    found = [f"{path}: required property {name!r} missing"
             for name in schema.get("required", ()) if name not in value]
    for name, sub in schema.get("properties", {}).items():
        if name in value:
            found.extend(errors(sub, value[name], resolver, f"{path}.{name}"))
    return found
