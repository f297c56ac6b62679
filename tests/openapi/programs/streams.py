"""Generator endpoints: JSON Lines and Server-Sent Events described with ``itemSchema``."""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Iterable

from pydantic import BaseModel

from framework import App
from framework.responses import StreamingResponse
from framework.sse import EventSourceResponse, ServerSentEvent

app = App()


class Item(BaseModel):
    name: str
    price: float


class Message(BaseModel):
    message: str


@app.get("/items/stream")
async def stream_items() -> AsyncIterable[Item]:
    yield Item(name="a", price=1)


@app.get("/numbers/{count}")
def numbers(count: int) -> Iterable[int]:
    yield from range(count)


@app.get("/untyped")
async def untyped():
    yield {"a": 1}


@app.get("/events", response_class=EventSourceResponse)
async def events() -> AsyncIterator[Item]:
    yield Item(name="a", price=1)


@app.get("/raw-events", response_class=EventSourceResponse)
async def raw_events() -> AsyncIterable[ServerSentEvent]:
    yield ServerSentEvent(data="x")


@app.get(
    "/events/{room}",
    response_class=EventSourceResponse,
    status_code=201,
    responses={404: {"model": Message}},
)
async def room_events(room: str) -> AsyncIterable[Item | Message]:
    yield Message(message=room)


@app.get("/untyped-events", response_class=EventSourceResponse)
async def untyped_events():
    yield 1


@app.get("/bytes", response_class=StreamingResponse)
async def raw_bytes() -> AsyncIterable[bytes]:
    yield b"x"
