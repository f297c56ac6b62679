"""``auto_error=False``: optional authentication, and one of several ways to authenticate.

A missing credential gives ``None`` instead of an error, so the endpoint decides: here a
session cookie or a bearer token is accepted, and anonymous callers are told so.
"""

from __future__ import annotations

from typing import Annotated

from framework import App, Depends, HTTPException, status
from security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer

__all__ = ["app", "bearer_scheme", "cookie_scheme"]

app = App()

cookie_scheme = APIKeyCookie(name="session", auto_error=False)
bearer_scheme = HTTPBearer(auto_error=False)


def get_identity(
    session: Annotated[str | None, Depends(cookie_scheme)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> str | None:
    if session is not None:
        return f"session:{session}"
    if bearer is not None:
        return f"token:{bearer.credentials}"
    return None


@app.get("/whoami")
def whoami(identity: Annotated[str | None, Depends(get_identity)]):
    return {"identity": identity}


@app.get("/private")
def private(identity: Annotated[str | None, Depends(get_identity)]):
    if identity is None:
        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED, detail="Log in first")
    return {"identity": identity}
