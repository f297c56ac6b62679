"""Set a cookie on the temporal ``Response`` parameter and return a plain dict."""

from __future__ import annotations

from framework import App, Response

__all__ = ["app"]

app = App()


@app.post("/cookie-and-object/")
def create_cookie(response: Response):
    response.set_cookie(key="fakesession", value="fake-cookie-session-value")
    return {"message": "Come to the dark side, we have cookies"}
