"""Keel's OpenAPI package: the document emitter, the docs pages and the document models.

``get_openapi`` is loaded on first use, so ``import openapi.models`` (which imports nothing
else from Keel) never pulls the framework in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openapi.document import get_openapi

__all__ = ["get_openapi"]


def __getattr__(name: str) -> Any:
    if name == "get_openapi":
        from openapi.document import get_openapi

        return get_openapi
    raise AttributeError(f"module 'openapi' has no attribute {name!r}")
