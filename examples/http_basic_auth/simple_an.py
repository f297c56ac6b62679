"""Simple HTTP Basic Auth (``Annotated`` form): the endpoint returns the credentials it got.

Without an ``Authorization: Basic ...`` header the client gets 401 with
``WWW-Authenticate: Basic``, which makes a browser show its username/password prompt.
"""

from __future__ import annotations

from typing import Annotated

from framework import App, Depends
from security import HTTPBasic, HTTPBasicCredentials

__all__ = ["app", "read_current_user", "security"]

app = App()

security = HTTPBasic()


@app.get("/users/me")
def read_current_user(credentials: Annotated[HTTPBasicCredentials, Depends(security)]):
    return {"username": credentials.username, "password": credentials.password}
