"""JSON Lines example: path operations that are generators stream one JSON document a line.

Serve it with ``python -m framework run examples.streaming.jsonl_app:app`` and watch the
lines arrive with ``curl -N 'http://127.0.0.1:8000/completions?prompt=hello+there&delay=0.2'``.

- ``/items``: an async generator annotated ``AsyncIterable[Item]``; every item is validated
  and serialized with ``Item`` (a dict is fine, a bad one raises mid-stream).
- ``/items/report``: a *sync* generator doing blocking work; Keel iterates it in a worker
  thread, so the event loop keeps serving other requests meanwhile.
- ``/completions``: an LLM-style token stream with a pace set by the client.
- ``/export``: an untyped generator; items go out through ``jsonable_encoder``.
Each line is sent as soon as it is yielded; a client that hangs up closes the generator.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import AsyncIterable, Iterable
from typing import Annotated, Any

import anyio
from pydantic import BaseModel

from framework import App, Query

__all__ = ["Item", "Token", "app"]

app = App(title="Keel JSON Lines example")


class Item(BaseModel):
    name: str
    price: float
    tags: list[str] = []


class Token(BaseModel):
    index: int
    text: str
    final: bool = False


CATALOGUE: list[dict[str, Any]] = [
    {"name": "Portal Gun", "price": 999.9, "tags": ["science"]},
    {"name": "Plumbus", "price": 32.0},
    {"name": "Meeseeks Box", "price": 150.5, "tags": ["magic", "helpers"]},
]


@app.get("/items")
async def stream_items(
    limit: Annotated[int, Query(ge=0)] = len(CATALOGUE),
) -> AsyncIterable[Item]:
    for entry in CATALOGUE[:limit]:
        yield Item.model_validate(entry)


@app.get("/items/report")
def stream_report(pause: Annotated[float, Query(ge=0, le=2)] = 0.0) -> Iterable[Item]:
    for entry in CATALOGUE:
        time.sleep(pause)  # blocking work is fine: this runs in a worker thread
        yield Item(name=entry["name"].upper(), price=round(entry["price"] * 1.2, 2))


@app.get("/completions")
async def complete(
    prompt: str, delay: Annotated[float, Query(ge=0, le=2)] = 0.0
) -> AsyncIterable[Token]:
    words = prompt.split()
    for index, word in enumerate(words):
        if delay:
            await anyio.sleep(delay)
        yield Token(index=index, text=word, final=index == len(words) - 1)


@app.get("/export")
async def export():  # type: ignore[no-untyped-def]
    yield {"exported_at": datetime.date(2024, 1, 2), "count": len(CATALOGUE)}
    for entry in CATALOGUE:
        yield entry
