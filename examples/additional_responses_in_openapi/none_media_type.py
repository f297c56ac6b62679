"""A response class whose ``media_type`` is ``None``: additional responses with a model
are documented as ``application/json`` (the seed: "FastAPI will use application/json for
any additional response that has an associated model").
"""

from __future__ import annotations

from pydantic import BaseModel

from framework import App
from framework.responses import JSONResponse, Response

__all__ = ["Message", "app"]


class Message(BaseModel):
    message: str


app = App()


@app.get("/raw/{name}", response_class=Response, responses={404: {"model": Message}})
async def read_raw(name: str):
    if name == "foo":
        return Response(content=b"raw foo")
    return JSONResponse(status_code=404, content={"message": "Not here"})
