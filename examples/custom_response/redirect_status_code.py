"""``response_class=RedirectResponse`` with ``status_code=302`` instead of the default 307."""

from __future__ import annotations

from framework import App
from framework.responses import RedirectResponse

__all__ = ["app"]

app = App()


@app.get("/pydantic", response_class=RedirectResponse, status_code=302)
async def redirect_pydantic():
    return "https://docs.pydantic.dev/"
