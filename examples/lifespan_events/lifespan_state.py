"""Lifespan state: what the lifespan yields reaches every request as ``request.state``.

The ASGI lifespan "state" extension, as Starlette gives it: a mapping yielded by the
lifespan is copied into each request's state.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TypedDict

from framework import App, Request

__all__ = ["app", "events"]

events: list[str] = []


class State(TypedDict):
    model_name: str


@asynccontextmanager
async def lifespan(app: App) -> AsyncIterator[State]:
    events.append("startup")
    yield {"model_name": "answer_to_everything"}
    events.append("shutdown")


app = App(lifespan=lifespan)


@app.get("/model")
async def model(request: Request):
    return {"model_name": request.state.model_name}
