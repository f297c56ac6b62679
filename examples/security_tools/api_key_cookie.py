"""``APIKeyCookie``: the value of the ``session`` cookie is the dependency's result.

The scheme only reads the cookie (and documents it in OpenAPI); setting it is up to the app.
Without the cookie the request is refused with 401 before the endpoint runs.
"""

from __future__ import annotations

from framework import App, Depends
from security import APIKeyCookie

__all__ = ["app", "cookie_scheme"]

app = App()

cookie_scheme = APIKeyCookie(name="session")


@app.get("/items/")
async def read_items(session: str = Depends(cookie_scheme)):
    return {"session": session}
