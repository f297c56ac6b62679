"""``response_class=RedirectResponse``: return just the URL."""

from __future__ import annotations

from framework import App
from framework.responses import RedirectResponse

__all__ = ["app"]

app = App()


@app.get("/fastapi", response_class=RedirectResponse)
async def redirect_fastapi():
    return "https://fastapi.tiangolo.com"
