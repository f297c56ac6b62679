"""HTTP Basic Auth with the optional ``realm``: the 401 says ``Basic realm="simple"``."""

from __future__ import annotations

from typing import Annotated

from framework import App, Depends
from security import HTTPBasic, HTTPBasicCredentials

__all__ = ["app", "read_current_user", "security"]

app = App()

security = HTTPBasic(realm="simple")


@app.get("/users/me")
def read_current_user(credentials: Annotated[HTTPBasicCredentials, Depends(security)]):
    return {"username": credentials.username, "password": credentials.password}
