"""Resolve ``"package.module:attr"`` (optionally a factory) into an ASGI app."""

from __future__ import annotations

import importlib
from typing import Any, cast

from asgi_core.types import ASGIApp

__all__ = ["ImportFromStringError", "import_from_string", "load_app"]


class ImportFromStringError(Exception):
    """The import string is malformed or names nothing."""


def import_from_string(target: str) -> Any:
    module_name, sep, attrs = target.partition(":")
    if not sep or not module_name or not attrs:
        raise ImportFromStringError(
            f'import string {target!r} must be in the format "<module>:<attribute>"'
        )
    try:
        obj: Any = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name and not module_name.startswith(f"{exc.name}."):
            raise
        raise ImportFromStringError(f"could not import module {module_name!r}") from None
    for attr in attrs.split("."):
        try:
            obj = getattr(obj, attr)
        except AttributeError:
            raise ImportFromStringError(
                f"attribute {attrs!r} not found in module {module_name!r}"
            ) from None
    return obj


def load_app(app: Any, *, factory: bool = False) -> ASGIApp:
    """``app`` itself, or what its import string names; called first when ``factory``."""
    obj = import_from_string(app) if isinstance(app, str) else app
    if factory:
        if not callable(obj):
            raise ImportFromStringError(f"app factory {app!r} is not callable")
        obj = obj()
    if not callable(obj):
        raise ImportFromStringError(f"{app!r} is not an ASGI callable")
    return cast(ASGIApp, obj)
