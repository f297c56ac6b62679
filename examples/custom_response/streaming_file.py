"""``StreamingResponse`` from a file-like object, read by a sync generator."""

from __future__ import annotations

from framework import App
from framework.responses import StreamingResponse

__all__ = ["app", "some_file_path"]

some_file_path = "large-video-file.mp4"
app = App()


@app.get("/")
def main():
    def iterfile():
        with open(some_file_path, mode="rb") as file_like:
            yield from file_like

    return StreamingResponse(iterfile(), media_type="video/mp4")
