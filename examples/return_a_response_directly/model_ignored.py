"""A returned Response passes untouched: no ``response_model`` conversion or filtering.

The seed: "when you return a Response, FastAPI will pass it directly. It won't do any data
conversion with Pydantic models".
"""

from __future__ import annotations

from pydantic import BaseModel

from framework import App
from framework.responses import JSONResponse

__all__ = ["app"]

app = App()


class Public(BaseModel):
    name: str


@app.get("/direct/", response_model=Public)
def direct():
    return JSONResponse(content={"name": "Foo", "password": "not filtered"}, status_code=202)


@app.get("/converted/", response_model=Public)
def converted():
    return {"name": "Foo", "password": "filtered"}
