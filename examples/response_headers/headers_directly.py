"""Pass headers to a ``JSONResponse`` returned directly."""

from __future__ import annotations

from framework import App
from framework.responses import JSONResponse

__all__ = ["app"]

app = App()


@app.get("/headers/")
def get_headers():
    content = {"message": "Hello World"}
    headers = {"X-Cat-Dog": "alone in the world", "Content-Language": "en-US"}
    return JSONResponse(content=content, headers=headers)
