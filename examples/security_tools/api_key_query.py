"""``APIKeyQuery``: the value of the ``api_key`` query parameter is the dependency's result."""

from __future__ import annotations

from framework import App, Depends
from security import APIKeyQuery

__all__ = ["app", "query_scheme"]

app = App()

query_scheme = APIKeyQuery(name="api_key")


@app.get("/items/")
async def read_items(api_key: str = Depends(query_scheme)):
    return {"api_key": api_key}
