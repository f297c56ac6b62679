"""Turn an endpoint's return value into response content, through its response model.

With a response model, the value is validated by a ``TypeAdapter`` built once per route and
serialized by pydantic's own ``dump_json`` straight to bytes (no dict-then-encode round
trip). Instances of other models are read by attribute (``from_attributes``), as FastAPI
reads them, so every field of the response model counts as set. Without a model,
``jsonable_encoder`` gives what FastAPI's ``JSONResponse`` would render.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from pydantic import TypeAdapter, ValidationError
from pydantic_core import SchemaSerializer, SchemaValidator

from framework.exceptions import ResponseValidationError

__all__ = ["ResponseSerializer"]


class ResponseSerializer:
    """Validates and dumps return values for one route's ``response_model`` and flags."""

    __slots__ = ("_alias_only", "_dump_kwargs", "_to_json", "_validate", "adapter", "model")

    _to_json: Callable[..., bytes]
    _validate: Callable[..., Any]

    def __init__(
        self,
        model: Any,
        *,
        include: Any = None,
        exclude: Any = None,
        by_alias: bool = True,
        exclude_unset: bool = False,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
    ) -> None:
        self.model = model
        self.adapter: TypeAdapter[Any] = TypeAdapter(model)
        self._dump_kwargs: dict[str, Any] = {
            "include": include,
            "exclude": exclude,
            "by_alias": by_alias,
            "exclude_unset": exclude_unset,
            "exclude_defaults": exclude_defaults,
            "exclude_none": exclude_none,
        }
        # pydantic-core's own entry points, bound once (TypeAdapter's methods only
        # forward to them), with only the options that differ from their defaults.
        # A type still waiting for a forward reference has placeholders there that build
        # on first use: the adapter's methods handle that.
        adapter = self.adapter
        validator, serializer = adapter.validator, adapter.serializer
        # Called with their keywords spelled out: a partial holding keywords merges them
        # into a new dict on every call. FastAPI's default options are only by_alias=True.
        self._alias_only = False
        if isinstance(validator, SchemaValidator) and isinstance(serializer, SchemaSerializer):
            options = {k: v for k, v in self._dump_kwargs.items() if v not in (None, False)}
            self._validate = validator.validate_python
            if options == {"by_alias": True}:
                self._alias_only = True
                self._to_json = serializer.to_json
            else:
                self._to_json = functools.partial(serializer.to_json, **options)
        else:
            self._to_json = functools.partial(adapter.dump_json, **self._dump_kwargs)
            self._validate = adapter.validate_python

    def validate(self, value: Any) -> Any:
        try:
            return self._validate(value, from_attributes=True)
        except ValidationError as exc:
            raise _response_error(exc, value) from None

    def dump_json(self, value: Any) -> bytes:
        """Validated and serialized to JSON bytes in one go."""
        try:
            validated = self._validate(value, from_attributes=True)  # ``validate``, inlined
        except ValidationError as exc:
            raise _response_error(exc, value) from None
        if self._alias_only:
            return self._to_json(validated, by_alias=True)
        return self._to_json(validated)

    def dump_jsonable(self, value: Any) -> Any:
        """Validated and dumped to JSON-ready Python data (for custom response classes)."""
        return self.adapter.dump_python(self.validate(value), mode="json", **self._dump_kwargs)


def _response_error(exc: ValidationError, value: Any) -> ResponseValidationError:
    """The 500's error: pydantic's errors under ``response``."""
    errors = []
    for err in exc.errors(include_url=False):
        err["loc"] = ("response", *err["loc"])
        errors.append(err)
    return ResponseValidationError(errors, body=value)
