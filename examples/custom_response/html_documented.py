"""Document HTML in OpenAPI with ``response_class``, and return an ``HTMLResponse`` anyway.

"Document in OpenAPI and override Response": the returned response wins at run time, the
declared class documents the media type.
"""

from __future__ import annotations

from framework import App
from framework.responses import HTMLResponse

__all__ = ["app"]

app = App()


def generate_html_response():
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


@app.get("/items/", response_class=HTMLResponse)
async def read_items():
    return generate_html_response()
