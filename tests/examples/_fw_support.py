"""Shared helpers for the tests of the framework-layer seed sections' examples.

``load`` imports an example module afresh, so module-level state (the ``items`` and
``tasks`` dicts the seed's programs mutate) starts clean in every test; ``parts`` turns a
response into the ``(status, headers, body)`` triple the tests compare whole.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import Any, Literal

__all__ = ["Backend", "load", "parts"]

Backend = Literal["asyncio", "trio"]


def load(name: str) -> ModuleType:
    """Import ``examples.<name>`` as a new module object (dropping any cached one)."""
    full = f"examples.{name}"
    sys.modules.pop(full, None)
    return importlib.import_module(full)


def parts(response: Any) -> tuple[int, list[tuple[str, str]], bytes]:
    """The whole response: status code, every header (lower-cased names, in order), body."""
    return response.status_code, list(response.headers.multi_items()), response.content
