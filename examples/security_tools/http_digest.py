"""``HTTPDigest``: ``Authorization: Digest ...`` gives ``HTTPAuthorizationCredentials``.

The scheme hands over the raw parameters; checking the digest is the app's job.
"""

from __future__ import annotations

from typing import Annotated

from framework import App, Depends
from security import HTTPAuthorizationCredentials, HTTPDigest

__all__ = ["app", "security"]

app = App()

security = HTTPDigest()


@app.get("/users/me")
def read_current_user(
    credentials: Annotated[HTTPAuthorizationCredentials, Depends(security)],
):
    return {"scheme": credentials.scheme, "credentials": credentials.credentials}
