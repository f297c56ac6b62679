"""Declare ``response_class=HTMLResponse`` and return the HTML as a string."""

from __future__ import annotations

from framework import App
from framework.responses import HTMLResponse

__all__ = ["app"]

app = App()


@app.get("/items/", response_class=HTMLResponse)
async def read_items():
    return """
    <html>
        <head>
            <title>Some HTML in here</title>
        </head>
        <body>
            <h1>Look ma! HTML!</h1>
        </body>
    </html>
    """
