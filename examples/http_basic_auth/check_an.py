"""Check the username and password in a dependency, safe against timing attacks (``Annotated``).

``secrets.compare_digest`` takes the same time whatever prefix matches, so an attacker cannot
learn the credentials letter by letter from response times. It needs bytes (or ASCII-only
``str``), so both sides are encoded with UTF-8 first: a username like ``Sebastián`` works too.
Wrong credentials raise a 401 with ``WWW-Authenticate: Basic`` so the browser asks again.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from framework import App, Depends, HTTPException, status
from security import HTTPBasic, HTTPBasicCredentials

__all__ = ["app", "get_current_username", "read_current_user", "security"]

app = App()

security = HTTPBasic()


def get_current_username(
    credentials: Annotated[HTTPBasicCredentials, Depends(security)],
):
    current_username_bytes = credentials.username.encode("utf8")
    correct_username_bytes = b"stanleyjobson"
    is_correct_username = secrets.compare_digest(
        current_username_bytes, correct_username_bytes
    )
    current_password_bytes = credentials.password.encode("utf8")
    correct_password_bytes = b"swordfish"
    is_correct_password = secrets.compare_digest(
        current_password_bytes, correct_password_bytes
    )
    if not (is_correct_username and is_correct_password):
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="Incorrect username or password",
            headers={"WWW-Authenticate": "Basic"},
        )
    return credentials.username


@app.get("/users/me")
def read_current_user(username: Annotated[str, Depends(get_current_username)]):
    return {"username": username}
