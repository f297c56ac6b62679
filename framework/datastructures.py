"""``fastapi.datastructures``: ``UploadFile`` usable as a pydantic type, and ``Default``.

``UploadFile`` here is asgi_core's with a pydantic schema, so ``file: UploadFile`` validates
the uploads the form parser produced and appears in OpenAPI as a binary string.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import core_schema

from asgi_core.datastructures import URL, Address, FormData, Headers, QueryParams, State
from asgi_core.datastructures import UploadFile as CoreUploadFile

__all__ = [
    "URL",
    "Address",
    "Default",
    "DefaultPlaceholder",
    "FormData",
    "Headers",
    "QueryParams",
    "State",
    "UploadFile",
]

_T = TypeVar("_T")


class UploadFile(CoreUploadFile):
    """An uploaded file; as a parameter annotation it marks a multipart file field."""

    __slots__ = ()

    @classmethod
    def _validate(cls, value: Any) -> Any:
        if not isinstance(value, CoreUploadFile):
            raise ValueError(f"Expected UploadFile, received: {type(value)}")
        return value

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(cls._validate)

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        return {"type": "string", "format": "binary"}


class DefaultPlaceholder(Generic[_T]):
    """Marks a keyword left at its default, so router/app-level values can fill it in."""

    __slots__ = ("value",)

    def __init__(self, value: _T) -> None:
        self.value = value

    def __bool__(self) -> bool:
        return bool(self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DefaultPlaceholder) and other.value == self.value

    def __hash__(self) -> int:
        return hash(("DefaultPlaceholder", repr(self.value)))

    def __repr__(self) -> str:
        return f"Default({self.value!r})"


def Default(value: _T) -> Any:
    """Wrap a default so code can tell "left alone" from "set to the same value"."""
    return DefaultPlaceholder(value)
