"""httpx's own ``AsyncClient(transport=ASGITransport(app=app))`` drives Keel apps.

The only test in the suite that imports httpx: it proves the promise in API.md that
httpx's transport works on Keel apps, and is skipped where httpx is not installed.
"""

from __future__ import annotations

import pytest

from framework import App, HTTPException
from framework.responses import StreamingResponse
from testing import check_asgi

httpx = pytest.importorskip("httpx")


def build_app() -> App:
    app = App()

    @app.get("/")
    async def root():
        return {"message": "Tomato"}

    @app.get("/items/{item_id}")
    async def item(item_id: int):
        if item_id == 0:
            raise HTTPException(status_code=404, detail="Item not found")
        return {"item_id": item_id}

    @app.get("/stream")
    async def stream():
        async def chunks():
            for n in range(3):
                yield f"{n}\n"

        return StreamingResponse(chunks(), media_type="text/plain")

    return app


@pytest.mark.anyio
async def test_httpx_async_client_on_a_keel_app():
    transport = httpx.ASGITransport(app=check_asgi(build_app()))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as ac:
        root = await ac.get("/")
        found = await ac.get("/items/3")
        missing = await ac.get("/items/0")
        invalid = await ac.get("/items/x")
        streamed = await ac.get("/stream")
    assert (root.status_code, root.json()) == (200, {"message": "Tomato"})
    assert list(root.headers.items()) == [
        ("content-length", "20"), ("content-type", "application/json")
    ]
    assert (found.status_code, found.json()) == (200, {"item_id": 3})
    assert (missing.status_code, missing.json()) == (404, {"detail": "Item not found"})
    assert invalid.status_code == 422
    assert invalid.json()["detail"][0]["loc"] == ["path", "item_id"]
    assert (streamed.status_code, streamed.text) == (200, "0\n1\n2\n")
    assert streamed.headers["content-type"] == "text/plain; charset=utf-8"
