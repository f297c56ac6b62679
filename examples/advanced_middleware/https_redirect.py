"""``HTTPSRedirectMiddleware``: every ``http``/``ws`` request is redirected to ``https``/``wss``."""

from __future__ import annotations

from framework import App
from framework.middleware.httpsredirect import HTTPSRedirectMiddleware

__all__ = ["app"]

app = App()

app.add_middleware(HTTPSRedirectMiddleware)


@app.get("/")
async def main():
    return {"message": "Hello World"}
