"""A JSON ``response_class`` still filters through the ``response_model``.

The seed: "if that Response has a JSON media type (application/json) ... the data you
return will be automatically converted (and filtered) with any Pydantic response_model".
A class with no JSON media type (``HTMLResponse``) gets the returned value as it is.
"""

from __future__ import annotations

from pydantic import BaseModel

from framework import App
from framework.responses import HTMLResponse, JSONResponse

__all__ = ["app"]

app = App()


class Item(BaseModel):
    name: str


@app.get("/json/", response_class=JSONResponse, response_model=Item)
async def read_json():
    return {"name": "Foo", "secret": "filtered"}


@app.get("/empty/", response_class=HTMLResponse, status_code=200)
async def read_empty():
    return ""
