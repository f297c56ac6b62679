"""``GZipMiddleware``: gzip responses for clients whose ``Accept-Encoding`` includes gzip.

``minimum_size`` (default 500): smaller responses are sent as they are.
``compresslevel`` (1-9, default 9): this app trades some size for speed with 5.
Streaming responses are compressed too, chunk by chunk. Responses that already carry a
``Content-Encoding`` and server-sent events (``text/event-stream``) are left alone.
"""

from __future__ import annotations

import gzip

from framework import App
from framework.middleware.gzip import GZipMiddleware
from framework.responses import Response, StreamingResponse

__all__ = ["app"]

app = App()

app.add_middleware(GZipMiddleware, minimum_size=1000, compresslevel=5)


@app.get("/")
async def main():
    return "somebigcontent"


@app.get("/big")
async def big():
    return {"items": [f"item-{n}" for n in range(200)]}


@app.get("/stream")
async def stream():
    async def lines():
        for n in range(100):
            yield f"line {n}: {'x' * 40}\n"

    return StreamingResponse(lines(), media_type="text/plain")


@app.get("/precompressed")
async def precompressed():
    body = gzip.compress(b"already compressed " * 100, mtime=0)
    return Response(body, media_type="text/plain", headers={"Content-Encoding": "gzip"})


@app.get("/events")
async def events():
    async def stream():
        for n in range(30):
            yield f"data: {'event ' * 10}{n}\n\n"

    return StreamingResponse(stream(), media_type="text/event-stream")
