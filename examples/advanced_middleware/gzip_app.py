"""``GZipMiddleware``: gzip responses for clients whose ``Accept-Encoding`` includes gzip.

``minimum_size`` (default 500): smaller responses are sent as they are.
``compresslevel`` (1-9, default 9): this app trades some size for speed with 5.
Streaming responses are compressed too, chunk by chunk.
"""

from __future__ import annotations

from framework import App
from framework.middleware.gzip import GZipMiddleware
from framework.responses import StreamingResponse

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
