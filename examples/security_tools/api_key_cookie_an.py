"""``APIKeyCookie`` (``Annotated`` form), with the scheme's name and description for OpenAPI."""

from __future__ import annotations

from typing import Annotated

from framework import App, Depends
from security import APIKeyCookie

__all__ = ["app", "cookie_scheme"]

app = App()

cookie_scheme = APIKeyCookie(
    name="session", scheme_name="SessionCookie", description="The session set at login."
)


@app.get("/items/")
async def read_items(session: Annotated[str, Depends(cookie_scheme)]):
    return {"session": session}
