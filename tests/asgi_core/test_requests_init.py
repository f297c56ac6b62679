"""``Request`` sets ``HTTPConnection``'s fields itself (one call less per request).

This pins that it sets every one of them, to what ``HTTPConnection.__init__`` would, so
a field added there cannot be forgotten here.
"""

from __future__ import annotations

from typing import Any

from asgi_core.requests import HTTPConnection, Request, empty_receive


def _scope() -> dict[str, Any]:
    return {"type": "http", "method": "GET", "path": "/", "headers": [], "query_string": b""}


async def _receive() -> dict[str, Any]:
    return {"type": "http.request"}


def test_request_sets_every_connection_field_like_the_base_class() -> None:
    for receive in (None, _receive):
        scope = _scope()
        base = HTTPConnection(scope, receive)
        request = Request(scope, receive)  # type: ignore[arg-type]
        for name in HTTPConnection.__slots__:
            assert getattr(request, name) == getattr(base, name), name
    assert Request(_scope()).receive is empty_receive
