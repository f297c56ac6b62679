"""``HTTPBearer``: ``Authorization: Bearer <token>`` gives ``HTTPAuthorizationCredentials``."""

from __future__ import annotations

from typing import Annotated

from framework import App, Depends
from security import HTTPAuthorizationCredentials, HTTPBearer

__all__ = ["app", "security"]

app = App()

security = HTTPBearer()


@app.get("/users/me")
def read_current_user(
    credentials: Annotated[HTTPAuthorizationCredentials, Depends(security)],
):
    return {"scheme": credentials.scheme, "credentials": credentials.credentials}
