"""Which pydantic error types are worded differently for JSON input than for Python input.

pydantic words an error by the input type of the call that raised it: ``validate_json``
says "Input should be an object" where ``validate_python`` says "Input should be a valid
dictionary or instance of Order". FastAPI validates parsed JSON as Python, and so does
Keel's plan model; a body validated straight from its bytes (``Plan.lone_body``) may only
report its errors itself when none of them is of a type listed here.

The list is read off the installed pydantic-core (each known type rendered both ways), so a
new version's wording is followed; a type that cannot be rendered without a real input is
listed, to be safe.
"""

from __future__ import annotations

import functools
from typing import Any, get_args

from pydantic_core import ValidationError, core_schema

__all__ = ["json_worded_types"]

# Enough context for any known error type's message template.
_CTX: dict[str, Any] = {
    "class_name": "X", "expected": "'a'", "error": "e", "pattern": "p", "min_length": 1,
    "max_length": 1, "actual_length": 2, "field_type": "Value", "gt": 1, "ge": 1, "lt": 1,
    "le": 1, "multiple_of": 1, "max_digits": 1, "decimal_places": 1, "whole_digits": 1,
    "tag": "t", "discriminator": "d", "expected_tags": "a", "expected_plural": "x",
    "reason": "r", "attribute": "a", "class": "c", "unit": "u", "given": 1,
    "function_name": "f",
}  # fmt: skip


def _message(error_type: str, ctx: dict[str, Any] | None, input_type: Any) -> str:
    detail: Any = {"type": error_type, "loc": ("a",), "input": 1}
    if ctx is not None:
        detail["ctx"] = ctx
    error = ValidationError.from_exception_data("T", [detail], input_type=input_type)
    return str(error.errors(include_url=False)[0]["msg"])


def _worded_for_json(error_type: str) -> bool:
    for ctx in (None, _CTX):
        try:
            return _message(error_type, ctx, "python") != _message(error_type, ctx, "json")
        except (KeyError, TypeError, ValueError):
            continue
    return True  # cannot tell: assume it is


@functools.cache
def json_worded_types() -> frozenset[str]:
    """The error types whose message differs between JSON and Python input (plus the JSON
    parse errors themselves)."""
    known = get_args(core_schema.ErrorType)
    return frozenset(
        {"json_invalid", "json_type", *(kind for kind in known if _worded_for_json(kind))}
    )
