"""Constants of the OpenAPI document shared by the emitter and the docs pages."""

from __future__ import annotations

__all__ = ["METHODS_WITH_BODY", "REF_PREFIX", "REF_TEMPLATE"]

METHODS_WITH_BODY = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"}
"""Methods whose operations may document a request body (as FastAPI: GET and HEAD too)."""

REF_PREFIX = "#/components/schemas/"
"""Where component schemas live; a ``$ref`` to a model is ``REF_PREFIX + name``."""

REF_TEMPLATE = "#/components/schemas/{model}"
"""The ``ref_template`` handed to pydantic's JSON-schema generation."""
