"""Server-Sent Events example: ``response_class=EventSourceResponse`` on generator endpoints.

Serve it with ``python -m framework run examples.streaming.sse_app:app`` and open
http://127.0.0.1:8000/ in a browser (an ``EventSource`` page), or
``curl -N http://127.0.0.1:8000/notifications -H 'Last-Event-ID: 1'``.

- ``/items``: plain items become ``data:`` events holding their JSON (``Item``-validated).
- ``/notifications``: ``ServerSentEvent`` for full control (event name, id, retry); a
  reconnecting browser sends back the last ``id`` as ``Last-Event-ID`` and the stream
  resumes after it.
- ``/logs``: ``raw_data`` for text that is not JSON; several lines become several ``data:``.
- ``POST /chat``: SSE over POST (as MCP and chat APIs use it): tokens, then a ``done`` event.
While a stream is idle, a ``: ping`` comment goes out every 15 s so proxies keep it open.
"""

from __future__ import annotations

from collections.abc import AsyncIterable
from typing import Annotated

import anyio
from pydantic import BaseModel

from framework import App, Header
from framework.responses import HTMLResponse
from framework.sse import EventSourceResponse, ServerSentEvent

__all__ = ["ChatRequest", "Item", "app"]

app = App(title="Keel Server-Sent Events example")


class Item(BaseModel):
    name: str
    price: float


class ChatRequest(BaseModel):
    prompt: str
    delay: float = 0.0


NOTIFICATIONS = ["build started", "tests passed", "deployed to staging", "deployed"]

PAGE = """<!doctype html>
<title>Keel SSE</title>
<ul id="log"></ul>
<script>
  const log = document.getElementById("log");
  const source = new EventSource("/notifications");
  source.addEventListener("notification", (e) => {
    const li = document.createElement("li");
    li.textContent = `#${e.lastEventId}: ${JSON.parse(e.data).text}`;
    log.appendChild(li);
  });
</script>
"""


@app.get("/", response_class=HTMLResponse)
async def page() -> str:
    return PAGE


@app.get("/items", response_class=EventSourceResponse)
async def stream_items() -> AsyncIterable[Item]:
    yield Item(name="Portal Gun", price=999.9)
    yield {"name": "Plumbus", "price": 32}  # type: ignore[misc]  # validated into an Item


@app.get("/notifications", response_class=EventSourceResponse)
async def notifications(
    last_event_id: Annotated[int | None, Header()] = None,
) -> AsyncIterable[ServerSentEvent]:
    start = 0 if last_event_id is None else last_event_id + 1
    for number in range(start, len(NOTIFICATIONS)):
        yield ServerSentEvent(
            data={"text": NOTIFICATIONS[number]},
            event="notification",
            id=str(number),
            retry=5000,
        )


@app.get("/logs", response_class=EventSourceResponse)
async def logs() -> AsyncIterable[ServerSentEvent]:
    yield ServerSentEvent(comment="tail of app.log")
    yield ServerSentEvent(raw_data="GET / 200\nGET /items 200", event="log")


@app.post("/chat", response_class=EventSourceResponse)
async def chat(request: ChatRequest) -> AsyncIterable[ServerSentEvent]:
    words = request.prompt.split()
    for word in words:
        if request.delay:
            await anyio.sleep(request.delay)
        yield ServerSentEvent(data=word, event="token")
    yield ServerSentEvent(data={"tokens": len(words)}, event="done")
