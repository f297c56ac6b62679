"""``Depends(..., use_cache=...)``: one call per request by default, a fresh call when asked.

``get_counter`` is needed three times per request: by two sub-dependencies and by the
endpoint. With the default ``use_cache=True`` all three get the value of its first call;
the ``use_cache=False`` declaration calls it again. The cache lives for one request only.
"""

from __future__ import annotations

import itertools
from typing import Annotated

from framework import App, Depends

__all__ = ["app", "get_counter"]

app = App()

_calls = itertools.count(1)


def get_counter() -> int:
    return next(_calls)


def first(value: Annotated[int, Depends(get_counter)]) -> int:
    return value


def second(value: Annotated[int, Depends(get_counter)]) -> int:
    return value


@app.get("/cached")
def cached(
    a: Annotated[int, Depends(first)],
    b: Annotated[int, Depends(second)],
    c: Annotated[int, Depends(get_counter)],
):
    return {"first": a, "second": b, "endpoint": c}


@app.get("/uncached")
def uncached(
    a: Annotated[int, Depends(first)],
    b: Annotated[int, Depends(second)],
    c: Annotated[int, Depends(get_counter, use_cache=False)],
):
    return {"first": a, "second": b, "endpoint": c}
