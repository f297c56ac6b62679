"""``Depends(common_parameters)`` as a default value; behaves as ``common_parameters_an``."""

from __future__ import annotations

from typing import Union

from framework import App, Depends

__all__ = ["app", "common_parameters"]

app = App()


async def common_parameters(q: Union[str, None] = None, skip: int = 0, limit: int = 100):
    return {"q": q, "skip": skip, "limit": limit}


@app.get("/items/")
async def read_items(commons: dict = Depends(common_parameters)):
    return commons


@app.get("/users/")
async def read_users(commons: dict = Depends(common_parameters)):
    return commons
