"""The data types requests and responses speak in (``starlette.datastructures``'s API).

``URL``/``URLPath`` live in ``_url``, the multidicts and ``QueryParams`` in ``_multidict``,
``Headers``/``MutableHeaders`` in ``_headers``, ``UploadFile``/``FormData`` in ``_upload``;
this module re-exports them with the small value types defined here.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

from asgi_core._headers import Headers, MutableHeaders
from asgi_core._multidict import ImmutableMultiDict, MultiDict, QueryParams
from asgi_core._upload import FormData, UploadFile
from asgi_core._url import URL, URLPath

__all__ = [
    "URL",
    "Address",
    "CommaSeparatedStrings",
    "FormData",
    "Headers",
    "ImmutableMultiDict",
    "MultiDict",
    "MutableHeaders",
    "QueryParams",
    "Secret",
    "State",
    "URLPath",
    "UploadFile",
]


class Address(NamedTuple):
    """A peer's ``(host, port)``: ``request.client``."""

    host: str
    port: int


class Secret:
    """A string that hides itself in ``repr`` (and so in logs and tracebacks)."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def __repr__(self) -> str:
        return f"{type(self).__name__}('**********')"

    def __str__(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)


class CommaSeparatedStrings(Sequence[str]):
    """A comma-separated setting (``"a, b, 'c,d'"``) as a sequence of stripped strings."""

    __slots__ = ("_items",)

    def __init__(self, value: str | Sequence[str]) -> None:
        if isinstance(value, str):
            splitter = shlex.shlex(value, posix=True)
            splitter.whitespace = ","
            splitter.whitespace_split = True
            self._items = [item.strip() for item in splitter]
        else:
            self._items = list(value)

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index: int | slice) -> Any:
        return self._items[index]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._items!r})"

    def __str__(self) -> str:
        return ", ".join(repr(item) for item in self)


class State:
    """Attribute access over a dict (``app.state``, ``request.state``); the dict is shared."""

    __slots__ = ("_state",)

    _state: dict[str, Any]

    def __init__(self, state: dict[str, Any] | None = None) -> None:
        object.__setattr__(self, "_state", {} if state is None else state)

    def __setattr__(self, key: str, value: Any) -> None:
        self._state[key] = value

    def __getattr__(self, key: str) -> Any:
        if key == "_state":
            raise AttributeError(key)
        try:
            return self._state[key]
        except KeyError:
            message = f"'{type(self).__name__}' object has no attribute '{key}'"
            raise AttributeError(message) from None

    def __delattr__(self, key: str) -> None:
        del self._state[key]

    def __reduce__(self) -> tuple[type[State], tuple[dict[str, Any]]]:
        # copy/pickle rebuild through __init__: __setattr__ writes into the dict, not slots.
        return (type(self), (self._state,))
