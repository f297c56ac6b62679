"""Simple HTTP Basic Auth (``= Depends(security)`` form); behaves as ``simple_an``."""

from __future__ import annotations

from framework import App, Depends
from security import HTTPBasic, HTTPBasicCredentials

__all__ = ["app", "read_current_user", "security"]

app = App()

security = HTTPBasic()


@app.get("/users/me")
def read_current_user(credentials: HTTPBasicCredentials = Depends(security)):
    return {"username": credentials.username, "password": credentials.password}
