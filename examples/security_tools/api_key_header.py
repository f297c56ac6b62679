"""``APIKeyHeader``: the value of the ``x-key`` header is the dependency's result."""

from __future__ import annotations

from framework import App, Depends
from security import APIKeyHeader

__all__ = ["app", "header_scheme"]

app = App()

header_scheme = APIKeyHeader(name="x-key")


@app.get("/items/")
async def read_items(key: str = Depends(header_scheme)):
    return {"key": key}
