"""Return a ``RedirectResponse`` directly (307 by default)."""

from __future__ import annotations

from framework import App
from framework.responses import RedirectResponse

__all__ = ["app"]

app = App()


@app.get("/typer")
async def redirect_typer():
    return RedirectResponse("https://typer.tiangolo.com")
