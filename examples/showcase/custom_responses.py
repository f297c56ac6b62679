"""Custom responses and returning a Response directly.

"Custom Response - HTML, Stream, File, others": ``response_class`` for HTML, plain text and
redirects; ``StreamingResponse`` from an async generator; ``FileResponse`` for a file on
disk; a ``Response`` subclass with its own ``render``.
"Return a Response Directly": a ``JSONResponse`` built from ``jsonable_encoder`` data, and
a raw ``Response`` carrying XML that the framework passes through untouched.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from framework import APIRouter, Response
from framework.encoders import jsonable_encoder
from framework.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    StreamingResponse,
)

__all__ = ["HERE", "IndentedJSONResponse", "router"]

HERE = Path(__file__).parent
DOWNLOAD = HERE / "static" / "keel.txt"

router = APIRouter(prefix="/responses", tags=["custom responses"])


class TimestampedItem(BaseModel):
    title: str
    timestamp: datetime
    description: str | None = None


class IndentedJSONResponse(JSONResponse):
    """A custom response class: pretty-printed JSON."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, indent=4, ensure_ascii=False).encode("utf-8")


@router.get("/html", response_class=HTMLResponse)
async def read_html() -> str:
    """HTML declared with ``response_class`` (and shown as HTML in the docs)."""
    return """
    <html>
        <head>
            <title>Some HTML in here</title>
        </head>
        <body>
            <h1>Look ma! HTML!</h1>
        </body>
    </html>
    """


@router.get("/html-direct")
async def read_html_direct() -> HTMLResponse:
    """The same, returned directly."""
    return HTMLResponse(content="<h1>Look ma! HTML!</h1>", status_code=200)


@router.get("/plain", response_class=PlainTextResponse)
async def read_plain() -> str:
    return "Hello World"


@router.get("/redirect")
async def redirect_typer() -> RedirectResponse:
    """A ``RedirectResponse`` returned directly (307 by default)."""
    return RedirectResponse("https://typer.tiangolo.com")


@router.get("/redirect-class", response_class=RedirectResponse, status_code=302)
async def redirect_by_class() -> str:
    """Return just the URL; ``response_class`` and ``status_code`` make it a 302."""
    return "/responses/plain"


async def fake_video_streamer() -> AsyncIterator[bytes]:
    for i in range(10):
        yield b"some fake video bytes %d\n" % i


@router.get("/stream")
async def stream() -> StreamingResponse:
    return StreamingResponse(fake_video_streamer(), media_type="text/plain")


@router.get("/file", response_class=FileResponse)
async def download() -> str:
    """A path returned with ``response_class=FileResponse``."""
    return str(DOWNLOAD)


@router.get("/file-direct")
async def download_direct() -> FileResponse:
    """A ``FileResponse`` returned directly, downloaded under another name."""
    return FileResponse(DOWNLOAD, filename="keel-notes.txt")


@router.get("/indented", response_class=IndentedJSONResponse)
async def indented() -> dict[str, Any]:
    return {"message": "Hello World", "nested": {"ok": True}}


@router.put("/items/{item_id}")
def update_item(item_id: str, item: TimestampedItem) -> JSONResponse:
    """jsonable_encoder turns the datetime into a string before JSONResponse serializes."""
    json_compatible_item_data = jsonable_encoder(item)
    return JSONResponse(content={"id": item_id, **json_compatible_item_data})


@router.get("/legacy")
def get_legacy_data() -> Response:
    """XML in a plain ``Response``: the framework passes it through as is."""
    data = """<?xml version="1.0"?>
    <shampoo>
    <Header>
        Apply shampoo here.
    </Header>
    <Body>
        You'll have to use soap here.
    </Body>
    </shampoo>
    """
    return Response(content=data, media_type="application/xml")
