"""``StreamingResponse`` from an async generator."""

from __future__ import annotations

from framework import App
from framework.responses import StreamingResponse

__all__ = ["app"]

app = App()


async def fake_video_streamer():
    for _ in range(10):
        yield b"some fake video bytes"


@app.get("/")
async def main():
    return StreamingResponse(fake_video_streamer())
