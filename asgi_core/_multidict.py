"""Multi-value mappings: ``ImmutableMultiDict``, ``MultiDict`` and ``QueryParams``.

Each keeps the ordered list of ``(key, value)`` pairs (what ``getlist``/``multi_items`` and
re-encoding need) beside a plain dict of the last value per key (what ``[]``/``get`` need),
so a lookup is one dict access.
"""

from __future__ import annotations

from collections.abc import ItemsView, Iterable, Iterator, KeysView, Mapping, ValuesView
from operator import itemgetter
from typing import Any, TypeVar, Union
from urllib.parse import parse_qsl, urlencode

__all__ = ["ImmutableMultiDict", "MultiDict", "QueryParams"]

_KeyType = TypeVar("_KeyType")
_CovariantValueType = TypeVar("_CovariantValueType", covariant=True)

_MultiSource = Union[
    "ImmutableMultiDict[Any, Any]",
    Mapping[Any, Any],
    Iterable[tuple[Any, Any]],
]
_by_key = itemgetter(0)


def _pairs(value: Any) -> list[tuple[Any, Any]]:
    """The ``(key, value)`` pairs of a multidict, a mapping or an iterable of pairs."""
    if not value:
        return []
    if isinstance(value, ImmutableMultiDict):
        return list(value._list)
    if hasattr(value, "multi_items"):
        return list(value.multi_items())
    if hasattr(value, "items"):
        return list(value.items())
    return list(value)


def _collect(args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[tuple[Any, Any]]:
    if len(args) > 1:
        raise TypeError("Too many arguments.")
    pairs = _pairs(args[0]) if args else []
    if kwargs:
        pairs.extend(kwargs.items())
    return pairs


class ImmutableMultiDict(Mapping[_KeyType, _CovariantValueType]):
    """A read-only mapping that keeps every value of a repeated key, in order.

    ``d[key]`` and ``d.get(key)`` give the last value; ``d.getlist(key)`` gives them all.
    """

    __slots__ = ("_dict", "_list")

    _dict: dict[_KeyType, _CovariantValueType]
    _list: list[tuple[_KeyType, _CovariantValueType]]

    def __init__(
        self,
        *args: ImmutableMultiDict[_KeyType, _CovariantValueType]
        | Mapping[_KeyType, _CovariantValueType]
        | Iterable[tuple[_KeyType, _CovariantValueType]],
        **kwargs: Any,
    ) -> None:
        pairs = _collect(args, kwargs)
        self._list = pairs
        self._dict = dict(pairs)

    def getlist(self, key: Any) -> list[_CovariantValueType]:
        return [item_value for item_key, item_value in self._list if item_key == key]

    def keys(self) -> KeysView[_KeyType]:
        return self._dict.keys()

    def values(self) -> ValuesView[_CovariantValueType]:
        return self._dict.values()

    def items(self) -> ItemsView[_KeyType, _CovariantValueType]:
        return self._dict.items()

    def multi_items(self) -> list[tuple[_KeyType, _CovariantValueType]]:
        return list(self._list)

    def __getitem__(self, key: _KeyType) -> _CovariantValueType:
        return self._dict[key]

    def get(self, key: Any, default: Any = None) -> Any:
        # Mapping.get would go through __getitem__ and catch a KeyError: two Python calls
        # per query parameter read.
        return self._dict.get(key, default)

    def __contains__(self, key: Any) -> bool:
        return key in self._dict

    def __iter__(self) -> Iterator[_KeyType]:
        return iter(self._dict)

    def __len__(self) -> int:
        return len(self._dict)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, self.__class__):
            return False
        return sorted(self._list, key=_by_key) == sorted(other._list, key=_by_key)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.multi_items()!r})"


class MultiDict(ImmutableMultiDict[Any, Any]):
    """The mutable ``ImmutableMultiDict``: ``d[k] = v`` replaces every value of ``k``."""

    __slots__ = ()

    def __setitem__(self, key: Any, value: Any) -> None:
        self.setlist(key, [value])

    def __delitem__(self, key: Any) -> None:
        del self._dict[key]
        self._list = [(k, v) for k, v in self._list if k != key]

    def pop(self, key: Any, default: Any = None) -> Any:
        self._list = [(k, v) for k, v in self._list if k != key]
        return self._dict.pop(key, default)

    def popitem(self) -> tuple[Any, Any]:
        key, value = self._dict.popitem()
        self._list = [(k, v) for k, v in self._list if k != key]
        return key, value

    def poplist(self, key: Any) -> list[Any]:
        values = [v for k, v in self._list if k == key]
        self.pop(key)
        return values

    def clear(self) -> None:
        self._dict.clear()
        self._list.clear()

    def setdefault(self, key: Any, default: Any = None) -> Any:
        if key not in self._dict:
            self._dict[key] = default
            self._list.append((key, default))
        return self._dict[key]

    def setlist(self, key: Any, values: list[Any]) -> None:
        if not values:
            self.pop(key, None)
            return
        kept = [(k, v) for k, v in self._list if k != key]
        kept.extend((key, value) for value in values)
        self._list = kept
        self._dict[key] = values[-1]

    def append(self, key: Any, value: Any) -> None:
        self._list.append((key, value))
        self._dict[key] = value

    def update(
        self,
        *args: MultiDict | Mapping[Any, Any] | Iterable[tuple[Any, Any]],
        **kwargs: Any,
    ) -> None:
        """Replace every key present in the arguments by the arguments' values for it."""
        incoming = MultiDict(*args, **kwargs)
        kept = [(k, v) for k, v in self._list if k not in incoming._dict]
        kept.extend(incoming._list)
        self._list = kept
        self._dict.update(incoming._dict)


def _parse_query(query: str) -> list[tuple[str, str]]:
    """``parse_qsl(query, keep_blank_values=True)``, with a fast path for plain text."""
    if not query:
        return []
    if "%" in query or "+" in query:
        return parse_qsl(query, keep_blank_values=True)
    # Nothing to unquote: split on "&" (empty parts dropped) and on the first "=".
    pairs = []
    for part in query.split("&"):
        if part:
            key, _, value = part.partition("=")
            pairs.append((key, value))
    return pairs


class QueryParams(ImmutableMultiDict[str, str]):
    """The parsed query string (blank values kept); ``str()`` re-encodes it."""

    __slots__ = ()

    def __init__(
        self,
        *args: ImmutableMultiDict[Any, Any]
        | Mapping[Any, Any]
        | list[tuple[Any, Any]]
        | str
        | bytes,
        **kwargs: Any,
    ) -> None:
        if len(args) > 1:
            raise TypeError("Too many arguments.")
        source = args[0] if args else None
        if isinstance(source, bytes):
            source = source.decode("latin-1")
        if isinstance(source, str):
            pairs: list[tuple[Any, Any]] = _parse_query(source)
            if kwargs:
                pairs.extend(kwargs.items())
            else:
                self._list = pairs
                self._dict = dict(pairs)
                return
        else:
            pairs = _collect(args, kwargs)
        self._list = [(str(k), str(v)) for k, v in pairs]
        self._dict = dict(self._list)

    def __str__(self) -> str:
        return urlencode(self._list)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"
