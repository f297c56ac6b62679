"""Including WSGI: a plain WSGI application mounted at ``/wsgi`` through WSGIMiddleware.

"Including WSGI - Flask, Django, others": the seed mounts Flask; any WSGI callable works the
same way, so this one is written against PEP 3333 directly (no Flask needed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape
from typing import Any
from urllib.parse import parse_qs

from framework.middleware.wsgi import WSGIMiddleware

__all__ = ["flask_like_app", "wsgi"]


def flask_like_app(
    environ: dict[str, Any], start_response: Callable[..., Any]
) -> Iterable[bytes]:
    """``GET /wsgi/?name=X`` -> ``Hello, X from WSGI!`` (HTML-escaped)."""
    query = parse_qs(environ.get("QUERY_STRING", ""))
    name = query.get("name", ["World"])[0]
    body = f"Hello, {escape(name)} from WSGI!".encode()
    start_response(
        "200 OK",
        [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
    )
    return [body]


wsgi = WSGIMiddleware(flask_like_app)
