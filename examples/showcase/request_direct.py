"""Using the Request directly, and what an app behind a proxy sees.

"Using the Request Directly": declare ``request: Request`` next to validated parameters to
read what has no parameter of its own (the client address, the raw URL, headers).
"Behind a Proxy": ``root_path`` (``--root-path`` or the proxy's prefix) shows in the scope
and in every URL the app generates.
"""

from __future__ import annotations

from typing import Any

from framework import APIRouter, Request

__all__ = ["router"]

router = APIRouter(prefix="/request", tags=["request"])


@router.get("/items/{item_id}")
def read_root(item_id: str, request: Request) -> dict[str, Any]:
    client_host = request.client.host if request.client else None
    return {"client_host": client_host, "item_id": item_id}


@router.get("/echo")
async def echo(request: Request) -> dict[str, Any]:
    """Method, URL pieces, query and one header, straight from the Request."""
    return {
        "method": request.method,
        "path": request.url.path,
        "query": dict(request.query_params),
        "user_agent": request.headers.get("user-agent"),
    }


@router.post("/raw-body")
async def raw_body(request: Request) -> dict[str, Any]:
    """The body bytes, unparsed, whatever the content type."""
    body = await request.body()
    return {"length": len(body), "content_type": request.headers.get("content-type")}


@router.get("/proxy")
def read_main(request: Request) -> dict[str, Any]:
    """The seed's "Behind a Proxy" endpoint, plus the URL the app builds for itself."""
    return {
        "message": "Hello World",
        "root_path": request.scope.get("root_path"),
        "self": str(request.url_for("read_main")),
    }
