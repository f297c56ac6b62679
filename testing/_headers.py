"""Case-insensitive, multi-valued HTTP headers for test requests and responses.

Behaves like httpx's ``Headers`` because tests are written against that calling convention:
lookups ignore case, ``get``/``[]`` join repeated fields with ``", "``, ``get_list`` and
``multi_items`` keep every field, and ``raw`` gives the byte pairs an ASGI scope carries.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from typing import Any, Union

__all__ = ["Headers", "HeaderTypes"]

HeaderTypes = Union[
    "Headers",
    Mapping[str, str],
    Mapping[bytes, bytes],
    Iterable[tuple[str, str]],
    Iterable[tuple[bytes, bytes]],
]


def _text(value: str | bytes) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value


def _pairs(headers: Any) -> Iterator[tuple[str, str]]:
    if headers is None:
        return
    if isinstance(headers, Headers):
        yield from headers._items
        return
    items = headers.items() if isinstance(headers, Mapping) else headers
    for key, value in items:
        yield _text(key), _text(value)


class Headers(MutableMapping[str, str]):
    """An ordered list of ``(name, value)`` fields with case-insensitive lookups."""

    __slots__ = ("_items",)

    def __init__(self, headers: HeaderTypes | None = None) -> None:
        self._items: list[tuple[str, str]] = list(_pairs(headers))

    # -- read access ---------------------------------------------------------------------
    @property
    def raw(self) -> list[tuple[bytes, bytes]]:
        """The fields as ``(lower-case name, value)`` byte pairs, as in an ASGI scope."""
        return [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in self._items]

    def get_list(self, key: str, split_commas: bool = False) -> list[str]:
        """Every value of ``key`` in order (optionally splitting comma-joined values)."""
        lower = key.lower()
        values = [v for k, v in self._items if k.lower() == lower]
        if not split_commas:
            return values
        return [part.strip() for value in values for part in value.split(",")]

    def multi_items(self) -> list[tuple[str, str]]:
        """Every field as ``(lower-case name, value)``, repeats included."""
        return [(k.lower(), v) for k, v in self._items]

    def __getitem__(self, key: str) -> str:
        values = self.get_list(key)
        if not values:
            raise KeyError(key)
        return ", ".join(values)

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        lower = key.lower()
        return any(k.lower() == lower for k, _ in self._items)

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def keys(self) -> Any:
        return {k.lower(): None for k, _ in self._items}.keys()

    def values(self) -> Any:
        return {k: self[k] for k in self.keys()}.values()

    def items(self) -> Any:
        return {k: self[k] for k in self.keys()}.items()

    def __len__(self) -> int:
        return len(self.keys())

    # -- write access --------------------------------------------------------------------
    def __setitem__(self, key: str, value: str) -> None:
        """Replace every ``key`` field by one holding ``value`` (at the first's position)."""
        lower = key.lower()
        out: list[tuple[str, str]] = []
        placed = False
        for k, v in self._items:
            if k.lower() != lower:
                out.append((k, v))
            elif not placed:
                out.append((key, value))
                placed = True
        if not placed:
            out.append((key, value))
        self._items = out

    def __delitem__(self, key: str) -> None:
        lower = key.lower()
        kept = [(k, v) for k, v in self._items if k.lower() != lower]
        if len(kept) == len(self._items):
            raise KeyError(key)
        self._items = kept

    def add(self, key: str, value: str) -> None:
        """Append a field without touching existing ones with the same name."""
        self._items.append((key, value))

    def update(self, headers: Any = None, /, **kwargs: str) -> None:
        """Drop every field named in ``headers``, then append all of ``headers`` (httpx)."""
        new = [*_pairs(headers), *kwargs.items()]
        names = {k.lower() for k, _ in new}
        self._items = [(k, v) for k, v in self._items if k.lower() not in names] + new

    def copy(self) -> Headers:
        return Headers(self)

    # -- dunder helpers ------------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        try:
            other_headers = Headers(other)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return False
        return sorted(self.multi_items()) == sorted(other_headers.multi_items())

    __hash__ = None  # type: ignore[assignment,unused-ignore]

    def __repr__(self) -> str:
        if len(self.keys()) == len(self._items):
            return f"Headers({dict(self.multi_items())!r})"
        return f"Headers({self.multi_items()!r})"
