"""``SecurityBase``: what every security scheme dependency carries for the OpenAPI document.

A scheme is a callable dependency (``Depends(scheme)`` / ``Security(scheme, scopes=...)``).
The OpenAPI emitter walks each route's dependency tree and, for every callable that is a
``SecurityBase``, puts ``scheme.model`` under ``components.securitySchemes[scheme.scheme_name]``
and a requirement naming ``scheme_name`` (with the scopes asked for) on the operation.
"""

from __future__ import annotations

from openapi.models import SecurityBase as SecurityBaseModel

__all__ = ["SecurityBase"]


class SecurityBase:
    """Base of every scheme: ``model`` is the OpenAPI security scheme object, ``scheme_name``
    the key it is published under (the class name unless ``scheme_name=`` was given)."""

    model: SecurityBaseModel
    scheme_name: str
