"""Check the username and password with ``secrets.compare_digest`` (``= Depends()`` form).

Same behaviour as ``check_an``; the credentials are encoded to UTF-8 bytes before the
constant-time comparison so non-ASCII input (``Sebastián``) is compared, not rejected.
"""

from __future__ import annotations

import secrets

from framework import App, Depends, HTTPException, status
from security import HTTPBasic, HTTPBasicCredentials

__all__ = ["app", "get_current_username", "read_current_user", "security"]

app = App()

security = HTTPBasic()


def get_current_username(credentials: HTTPBasicCredentials = Depends(security)):
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
def read_current_user(username: str = Depends(get_current_username)):
    return {"username": username}
