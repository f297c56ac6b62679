"""The seed's ``app/main.py``: one async path operation, tested asynchronously.

``tests/examples/test_async_tests.py`` plays the seed's ``app/test_main.py``: it awaits
requests through ``testing.AsyncClient`` inside ``@pytest.mark.anyio`` tests.
"""

from __future__ import annotations

from framework import App

__all__ = ["app"]

app = App()


@app.get("/")
async def root():
    return {"message": "Tomato"}
