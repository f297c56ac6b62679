"""Return a ``FileResponse`` directly."""

from __future__ import annotations

from framework import App
from framework.responses import FileResponse

__all__ = ["app", "some_file_path"]

some_file_path = "large-video-file.mp4"
app = App()


@app.get("/")
async def main():
    return FileResponse(some_file_path)
