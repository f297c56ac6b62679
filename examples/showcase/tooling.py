"""Streaming and the tooling sections, as endpoints: JSON Lines, SSE, async calls, mounts, SDKs.

"Async Tests": an ``async def`` endpoint that awaits an async store (its test is an
``anyio`` test using ``testing.AsyncClient``). "Generating SDKs": the operation ids a client
generator would name its methods after, read from the app's own OpenAPI document.
"FastAPI in Containers - Docker": the command an image runs. "Sub Applications - Mounts" and
"Including WSGI": what is mounted. Beyond the seed: generator endpoints streaming JSON Lines
and Server-Sent Events (``framework.sse``).
"""

from __future__ import annotations

from collections.abc import AsyncIterable
from typing import Any

import anyio
from pydantic import BaseModel

from framework import APIRouter, Request
from framework.routing import Mount
from framework.sse import EventSourceResponse, ServerSentEvent

__all__ = ["CONTAINER_CMD", "STORE", "Note", "router"]

router = APIRouter(prefix="/tooling")

CONTAINER_CMD = [
    "python", "-m", "framework", "run", "examples.showcase:app", "--host", "0.0.0.0",
    "--port", "80", "--proxy-headers",
]


class Note(BaseModel):
    index: int
    text: str


NOTES = ["lifespan ran", "routes included", "serving"]


class AsyncStore:
    """A stand-in for an async database client: every call awaits."""

    def __init__(self) -> None:
        self.rows: list[str] = []

    async def add(self, row: str) -> int:
        await anyio.sleep(0)
        self.rows.append(row)
        return len(self.rows)

    async def count(self) -> int:
        await anyio.sleep(0)
        return len(self.rows)


STORE = AsyncStore()


@router.post("/async-store")
async def add_row(row: str) -> dict[str, int]:
    """Await the store; a test can await it too, in the same ``anyio`` test."""
    return {"rows": await STORE.add(row)}


@router.get("/notes.jsonl")
async def stream_notes() -> AsyncIterable[Note]:
    """A generator endpoint: one JSON document a line (``application/jsonl``)."""
    for index, text in enumerate(NOTES):
        yield Note(index=index, text=text)


@router.get("/notes.sse", response_class=EventSourceResponse)
async def stream_note_events() -> AsyncIterable[ServerSentEvent]:
    """The same notes as Server-Sent Events, with ids a browser resends to resume."""
    for index, text in enumerate(NOTES):
        yield ServerSentEvent(data={"text": text}, event="note", id=str(index))


@router.get("/sdk-operations")
def sdk_operations(request: Request) -> dict[str, str]:
    """operationId -> "METHOD path": what a generated client's methods would be named."""
    document: dict[str, Any] = request.app.openapi()
    return {
        operation["operationId"]: f"{method.upper()} {path}"
        for path, item in document["paths"].items()
        for method, operation in item.items()
    }


@router.get("/container")
def container() -> dict[str, list[str]]:
    """The ``CMD`` a Dockerfile uses to serve this app with the built-in server."""
    return {"cmd": CONTAINER_CMD}


@router.get("/mounts")
def mounts(request: Request) -> list[dict[str, str]]:
    """The applications mounted next to the path operations (an App, a WSGI app, files)."""
    return [
        {"path": route.path, "name": route.name or "", "app": type(route.app).__name__}
        for route in request.app.routes
        if isinstance(route, Mount)
    ]
