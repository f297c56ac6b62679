"""``RouteList``: the list behind ``Router.routes``, telling its router when it changes.

FastAPI-style code appends to ``router.routes`` directly (``include_router``,
``add_api_route``) and programs may insert, remove or reorder routes at any time; the
router's dispatch index must then be rebuilt. Every mutating list method is overridden to
call ``on_change`` after doing its work, so the router stays a plain ``list`` to its users.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, SupportsIndex

__all__ = ["RouteList"]


class RouteList(list):  # type: ignore[type-arg]
    """A ``list`` of routes calling ``on_change()`` after every mutation."""

    def __init__(self, routes: Iterable[Any] = (), on_change: Callable[[], None] = lambda: None):
        super().__init__(routes)
        self._on_change = on_change

    def append(self, route: Any) -> None:
        super().append(route)
        self._on_change()

    def extend(self, routes: Iterable[Any]) -> None:
        super().extend(routes)
        self._on_change()

    def insert(self, index: SupportsIndex, route: Any) -> None:
        super().insert(index, route)
        self._on_change()

    def remove(self, route: Any) -> None:
        super().remove(route)
        self._on_change()

    def pop(self, index: SupportsIndex = -1) -> Any:
        route = super().pop(index)
        self._on_change()
        return route

    def clear(self) -> None:
        super().clear()
        self._on_change()

    def sort(self, *, key: Any = None, reverse: bool = False) -> None:
        super().sort(key=key, reverse=reverse)
        self._on_change()

    def reverse(self) -> None:
        super().reverse()
        self._on_change()

    def __setitem__(self, index: Any, value: Any) -> None:
        super().__setitem__(index, value)
        self._on_change()

    def __delitem__(self, index: Any) -> None:
        super().__delitem__(index)
        self._on_change()

    def __iadd__(self, routes: Iterable[Any]) -> RouteList:  # type: ignore[misc]
        super().__iadd__(routes)
        self._on_change()
        return self

    def __imul__(self, count: SupportsIndex) -> RouteList:
        super().__imul__(count)
        self._on_change()
        return self
