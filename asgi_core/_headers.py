"""``Headers`` and ``MutableHeaders``: case-insensitive views over an ASGI raw header list.

``Headers`` keeps the raw ``[(name, value), ...]`` list it is given (ASGI names are already
lower-case bytes) and decodes nothing until asked; the first single-value lookup builds a
small dict that later lookups share. ``MutableHeaders`` edits the very list it was built on
(responses hand it their ``raw_headers``), so it never caches: every lookup scans the list.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from asgi_core.types import Scope

__all__ = ["Headers", "MutableHeaders"]

RawHeaders = list[tuple[bytes, bytes]]


def _raw_list(
    headers: Mapping[str, str] | None, raw: RawHeaders | None, scope: Scope | None
) -> RawHeaders:
    if headers is not None:
        if raw is not None:
            raise ValueError('Cannot set both "headers" and "raw".')
        if scope is not None:
            raise ValueError('Cannot set both "headers" and "scope".')
        return [
            (key.lower().encode("latin-1"), value.encode("latin-1"))
            for key, value in headers.items()
        ]
    if raw is not None:
        if scope is not None:
            raise ValueError('Cannot set both "raw" and "scope".')
        return raw
    if scope is not None:
        return list(scope["headers"])
    return []


class Headers(Mapping[str, str]):
    """An immutable, case-insensitive, multi-valued mapping of request or response headers."""

    __slots__ = ("_list", "_lookup")

    def __init__(
        self,
        headers: Mapping[str, str] | None = None,
        raw: RawHeaders | None = None,
        scope: Scope | None = None,
    ) -> None:
        if raw is not None and headers is None and scope is None:
            self._list: RawHeaders = raw
        else:
            self._list = _raw_list(headers, raw, scope)
        self._lookup: dict[bytes, bytes] | None = None

    @property
    def raw(self) -> RawHeaders:
        return self._list

    def keys(self) -> list[str]:  # type: ignore[override]
        return [key.decode("latin-1") for key, _ in self._list]

    def values(self) -> list[str]:  # type: ignore[override]
        return [value.decode("latin-1") for _, value in self._list]

    def items(self) -> list[tuple[str, str]]:  # type: ignore[override]
        return [(key.decode("latin-1"), value.decode("latin-1")) for key, value in self._list]

    def getlist(self, key: str) -> list[str]:
        """Every value of ``key``, in order."""
        wanted = key.lower().encode("latin-1")
        return [value.decode("latin-1") for name, value in self._list if name == wanted]

    def mutablecopy(self) -> MutableHeaders:
        return MutableHeaders(raw=self._list[:])

    def _first(self, key: str) -> str | None:
        lookup = self._lookup
        if lookup is None:
            # First occurrence wins: later pairs are inserted first and then overwritten.
            lookup = self._lookup = dict(reversed(self._list))
        value = lookup.get(key.lower().encode("latin-1"))
        return None if value is None else value.decode("latin-1")

    def __getitem__(self, key: str) -> str:
        value = self._first(key)
        if value is None:
            raise KeyError(key)
        return value

    def get(self, key: str, default: Any = None) -> Any:
        value = self._first(key)
        return default if value is None else value

    def __contains__(self, key: Any) -> bool:
        return self._first(key) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def __len__(self) -> int:
        return len(self._list)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Headers):
            return False
        return sorted(self._list) == sorted(other._list)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        as_dict = dict(self.items())
        if len(as_dict) == len(self):
            return f"{type(self).__name__}({as_dict!r})"
        return f"{type(self).__name__}(raw={self._list!r})"


class MutableHeaders(Headers):
    """Headers that edit their raw list in place (the list a response will send)."""

    __slots__ = ()

    def __init__(
        self,
        headers: Mapping[str, str] | None = None,
        raw: RawHeaders | None = None,
        scope: Scope | None = None,
    ) -> None:
        if scope is not None and headers is None and raw is None:
            # Edit a private copy and point the scope at it, so the caller's list is untouched.
            raw = scope["headers"] = list(scope["headers"])
            scope = None
        super().__init__(headers, raw, scope)

    def _first(self, key: str) -> str | None:
        wanted = key.lower().encode("latin-1")
        for name, value in self._list:
            if name == wanted:
                return value.decode("latin-1")
        return None

    def __setitem__(self, key: str, value: str) -> None:
        """Set ``key`` to one value: the first occurrence is replaced, the others dropped."""
        name = key.lower().encode("latin-1")
        encoded = value.encode("latin-1")
        raw = self._list
        found = [index for index, (item_name, _) in enumerate(raw) if item_name == name]
        if not found:
            raw.append((name, encoded))
            return
        raw[found[0]] = (name, encoded)
        for index in reversed(found[1:]):
            del raw[index]

    def __delitem__(self, key: str) -> None:
        name = key.lower().encode("latin-1")
        raw = self._list
        for index in range(len(raw) - 1, -1, -1):
            if raw[index][0] == name:
                del raw[index]

    def __ior__(self, other: Mapping[str, str]) -> MutableHeaders:
        if not isinstance(other, Mapping):
            raise TypeError(f"Expected a mapping but got {type(other).__name__}")
        self.update(other)
        return self

    def __or__(self, other: Mapping[str, str]) -> MutableHeaders:
        if not isinstance(other, Mapping):
            raise TypeError(f"Expected a mapping but got {type(other).__name__}")
        new = self.mutablecopy()
        new.update(other)
        return new

    def setdefault(self, key: str, value: str) -> str:
        """The first value of ``key``; when it has none, append ``value`` and return it."""
        existing = self._first(key)
        if existing is not None:
            return existing
        self._list.append((key.lower().encode("latin-1"), value.encode("latin-1")))
        return value

    def update(self, other: Mapping[str, str]) -> None:
        for key, value in other.items():
            self[key] = value

    def append(self, key: str, value: str) -> None:
        """Add one more value for ``key``, keeping the ones it has."""
        self._list.append((key.lower().encode("latin-1"), value.encode("latin-1")))

    def add_vary_header(self, vary: str) -> None:
        """Add ``vary`` to the ``Vary`` header, joined to what it already lists."""
        existing = self.getlist("vary")
        if existing:
            vary = ", ".join([*existing, vary])
        self["vary"] = vary
