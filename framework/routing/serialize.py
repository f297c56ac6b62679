"""Turn an endpoint's return value into response content, through its response model.

With a response model, the value is validated by a ``TypeAdapter`` built once per route and
serialized by pydantic's own ``dump_json`` straight to bytes (no dict-then-encode round
trip). Instances of other models are read by attribute (``from_attributes``), as FastAPI
reads them, so every field of the response model counts as set. Without a model,
``jsonable_encoder`` gives what FastAPI's ``JSONResponse`` would render.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter, ValidationError

from framework.exceptions import ResponseValidationError

__all__ = ["ResponseSerializer"]


class ResponseSerializer:
    """Validates and dumps return values for one route's ``response_model`` and flags."""

    __slots__ = ("_dump_kwargs", "adapter", "model")

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

    def validate(self, value: Any) -> Any:
        try:
            return self.adapter.validate_python(value, from_attributes=True)
        except ValidationError as exc:
            errors = []
            for err in exc.errors(include_url=False):
                err["loc"] = ("response", *err["loc"])
                errors.append(err)
            raise ResponseValidationError(errors, body=value) from None

    def dump_json(self, value: Any) -> bytes:
        """Validated and serialized to JSON bytes in one go."""
        return self.adapter.dump_json(self.validate(value), **self._dump_kwargs)

    def dump_jsonable(self, value: Any) -> Any:
        """Validated and dumped to JSON-ready Python data (for custom response classes)."""
        return self.adapter.dump_python(self.validate(value), mode="json", **self._dump_kwargs)
