"""Return an ``HTMLResponse`` directly."""

from __future__ import annotations

from framework import App
from framework.responses import HTMLResponse

__all__ = ["app"]

app = App()


@app.get("/items/")
async def read_items():
    html_content = """
    <html>
        <head>
            <title>Some HTML in here</title>
        </head>
        <body>
            <h1>Look ma! HTML!</h1>
        </body>
    </html>
    """
    return HTMLResponse(content=html_content, status_code=200)
