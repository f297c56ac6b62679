"""Jinja2 templates with ``url_for`` and the static files they link to (the seed's program).

Run from this directory (``templates/`` and ``static/`` are relative paths, as in the seed).
``response_class=HTMLResponse`` tells the docs the answer is HTML. The template gets the
``request`` (so ``url_for`` works inside it) and the context values: ``url_for('read_item',
id=id)`` builds the URL the path operation ``read_item`` handles, and ``url_for('static',
path='/styles.css')`` the URL of the CSS served by the ``StaticFiles`` mounted as ``static``.
"""

from __future__ import annotations

from framework import App, Request
from framework.responses import HTMLResponse
from framework.staticfiles import StaticFiles
from framework.templating import Jinja2Templates

__all__ = ["app", "read_item", "templates"]

app = App()

app.mount("/static", StaticFiles(directory="static"), name="static")


templates = Jinja2Templates(directory="templates")


@app.get("/items/{id}", response_class=HTMLResponse)
async def read_item(request: Request, id: str):
    return templates.TemplateResponse(
        request=request, name="item.html", context={"id": id}
    )
