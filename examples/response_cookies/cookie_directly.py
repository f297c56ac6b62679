"""Set a cookie on a ``JSONResponse`` and return it directly."""

from __future__ import annotations

from framework import App
from framework.responses import JSONResponse

__all__ = ["app"]

app = App()


@app.post("/cookie/")
def create_cookie():
    content = {"message": "Come to the dark side, we have cookies"}
    response = JSONResponse(content=content)
    response.set_cookie(key="fakesession", value="fake-cookie-session-value")
    return response
