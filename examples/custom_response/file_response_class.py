"""``response_class=FileResponse``: return just the path."""

from __future__ import annotations

from framework import App
from framework.responses import FileResponse

__all__ = ["app", "some_file_path"]

some_file_path = "large-video-file.mp4"
app = App()


@app.get("/", response_class=FileResponse)
async def main():
    return some_file_path
