"""Path parameter convertors: the ``{name:type}`` vocabulary of route paths.

A convertor pairs a regex (what a path parameter may look like in a URL) with the two
directions of conversion: ``convert`` turns the matched text into a Python value and
``to_string`` turns a value back into URL text for ``url_path_for``. ``CONVERTOR_TYPES``
is the registry route paths are compiled against; ``register_url_convertor`` extends it.
Same names and behaviour as ``starlette.convertors``, except that invalid values given to
``to_string`` raise ``ValueError`` (Starlette uses ``assert``, which vanishes under ``-O``).
"""

from __future__ import annotations

import math
import uuid
from typing import Any, ClassVar, Generic, TypeVar

__all__ = [
    "CONVERTOR_TYPES",
    "Convertor",
    "FloatConvertor",
    "IntegerConvertor",
    "PathConvertor",
    "StringConvertor",
    "UUIDConvertor",
    "register_url_convertor",
]

T = TypeVar("T")


class Convertor(Generic[T]):
    """Base class: subclass it, set ``regex`` and implement both directions."""

    regex: ClassVar[str] = ""

    def convert(self, value: str) -> T:
        raise NotImplementedError()  # pragma: no cover - abstract

    def to_string(self, value: T) -> str:
        raise NotImplementedError()  # pragma: no cover - abstract


class StringConvertor(Convertor[str]):
    """One non-empty path segment (the default type of ``{name}``)."""

    regex = "[^/]+"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        value = str(value)
        if "/" in value:
            raise ValueError("May not contain path separators")
        if not value:
            raise ValueError("Must not be empty")
        return value


class PathConvertor(Convertor[str]):
    """The rest of the path, slashes included, possibly empty."""

    regex = ".*"

    def convert(self, value: str) -> str:
        return str(value)

    def to_string(self, value: str) -> str:
        return str(value)


class IntegerConvertor(Convertor[int]):
    """A non-negative decimal integer."""

    regex = "[0-9]+"

    def convert(self, value: str) -> int:
        return int(value)

    def to_string(self, value: int) -> str:
        value = int(value)
        if value < 0:
            raise ValueError("Negative integers are not supported")
        return str(value)


class FloatConvertor(Convertor[float]):
    """A non-negative decimal number, written without exponent."""

    regex = r"[0-9]+(\.[0-9]+)?"

    def convert(self, value: str) -> float:
        return float(value)

    def to_string(self, value: float) -> str:
        value = float(value)
        if value < 0.0:
            raise ValueError("Negative floats are not supported")
        if math.isnan(value):
            raise ValueError("NaN values are not supported")
        if math.isinf(value):
            raise ValueError("Infinite values are not supported")
        return (f"{value:0.20f}").rstrip("0").rstrip(".")


class UUIDConvertor(Convertor[uuid.UUID]):
    """A UUID in hex, with or without the dashes."""

    regex = "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"

    def convert(self, value: str) -> uuid.UUID:
        return uuid.UUID(value)

    def to_string(self, value: uuid.UUID) -> str:
        return str(value)


CONVERTOR_TYPES: dict[str, Convertor[Any]] = {
    "str": StringConvertor(),
    "path": PathConvertor(),
    "int": IntegerConvertor(),
    "float": FloatConvertor(),
    "uuid": UUIDConvertor(),
}


def register_url_convertor(key: str, convertor: Convertor[Any]) -> None:
    """Make ``{name:key}`` available in route paths compiled from now on."""
    CONVERTOR_TYPES[key] = convertor
