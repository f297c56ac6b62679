"""Set a header on the temporal ``Response`` parameter and return a plain dict."""

from __future__ import annotations

from framework import App, Response

__all__ = ["app"]

app = App()


@app.get("/headers-and-object/")
def get_headers(response: Response):
    response.headers["X-Cat-Dog"] = "alone in the world"
    return {"message": "Hello World"}
