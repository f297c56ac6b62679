"""``Depends(common_parameters)`` (``Annotated`` form): shared query parameters as a dependency.

The dependable's own parameters (``q``, ``skip``, ``limit``) become the path operation's
query parameters, validated as if declared on the endpoint itself.
"""

from __future__ import annotations

from typing import Annotated

from framework import App, Depends

__all__ = ["app", "common_parameters"]

app = App()


async def common_parameters(q: str | None = None, skip: int = 0, limit: int = 100):
    return {"q": q, "skip": skip, "limit": limit}


@app.get("/items/")
async def read_items(commons: Annotated[dict, Depends(common_parameters)]):
    return commons
