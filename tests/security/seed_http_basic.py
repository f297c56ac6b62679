"""The seed's "HTTP Basic Auth" program (its complete example), on Keel.

Credentials are compared with ``secrets.compare_digest`` on UTF-8 bytes, as the seed
explains: a plain ``==`` returns faster the earlier the first wrong character is, which
lets an attacker guess a secret one character at a time.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from framework import App, Depends, HTTPException, status
from security import HTTPBasic, HTTPBasicCredentials

__all__ = ["app"]

app = App()

security = HTTPBasic()


def get_current_username(
    credentials: Annotated[HTTPBasicCredentials, Depends(security)],
) -> str:
    current_username_bytes = credentials.username.encode("utf8")
    correct_username_bytes = b"stanleyjobson"
    is_correct_username = secrets.compare_digest(current_username_bytes, correct_username_bytes)
    current_password_bytes = credentials.password.encode("utf8")
    correct_password_bytes = b"swordfish"
    is_correct_password = secrets.compare_digest(current_password_bytes, correct_password_bytes)
    if not (is_correct_username and is_correct_password):
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="Incorrect username or password",
            headers={"WWW-Authenticate": "Basic"},
        )
    return credentials.username


@app.get("/users/me")
def read_current_user(username: Annotated[str, Depends(get_current_username)]) -> dict[str, str]:
    return {"username": username}
