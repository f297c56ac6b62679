"""Split an ``Authorization`` header value into its scheme and its parameter.

``"Bearer abc"`` -> ``("Bearer", "abc")``: the scheme is everything before the first space,
the parameter the rest with surrounding whitespace removed. A missing or empty header gives
``("", "")``; a header with no space gives ``(header, "")``.
"""

from __future__ import annotations

__all__ = ["get_authorization_scheme_param"]


def get_authorization_scheme_param(authorization_header_value: str | None) -> tuple[str, str]:
    """``(scheme, param)`` of an ``Authorization`` header value (FastAPI's helper)."""
    if not authorization_header_value:
        return "", ""
    scheme, _, param = authorization_header_value.partition(" ")
    return scheme, param.strip()
