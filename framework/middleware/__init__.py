"""Middleware: pure ASGI classes ``Cls(app, **options)``, listed with ``Middleware(...)``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

__all__ = ["Middleware"]


class Middleware:
    """One entry of an app's middleware list: the class and the options to build it with."""

    __slots__ = ("args", "cls", "kwargs")

    def __init__(self, cls: Any, *args: Any, **kwargs: Any) -> None:
        self.cls = cls
        self.args = args
        self.kwargs = kwargs

    def __iter__(self) -> Iterator[Any]:
        return iter((self.cls, self.args, self.kwargs))

    def __repr__(self) -> str:
        name = getattr(self.cls, "__name__", repr(self.cls))
        options = [repr(a) for a in self.args] + [f"{k}={v!r}" for k, v in self.kwargs.items()]
        return f"Middleware({', '.join([name, *options])})"
