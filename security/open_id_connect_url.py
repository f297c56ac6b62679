"""``OpenIdConnect``: an OpenID Connect scheme published with its discovery URL.

The value is the whole ``Authorization`` header (verifying it is the program's job); a
missing header answers ``401 {"detail": "Not authenticated"}`` with
``WWW-Authenticate: Bearer``, or gives ``None`` when ``auto_error=False`` (FastAPI 0.165).
"""

from __future__ import annotations

from framework.exceptions import HTTPException
from framework.requests import HTTPConnection
from openapi.models import OpenIdConnect as OpenIdConnectModel
from security.base import SecurityBase

__all__ = ["OpenIdConnect"]


class OpenIdConnect(SecurityBase):
    """OpenID Connect discovery at ``openIdConnectUrl``."""

    def __init__(
        self,
        *,
        openIdConnectUrl: str,
        scheme_name: str | None = None,
        description: str | None = None,
        auto_error: bool = True,
    ) -> None:
        self.model: OpenIdConnectModel = OpenIdConnectModel(
            openIdConnectUrl=openIdConnectUrl, description=description
        )
        self.scheme_name = scheme_name or self.__class__.__name__
        self.auto_error = auto_error

    def make_not_authenticated_error(self) -> HTTPException:
        """The exception raised for a missing header (override to answer differently)."""
        return HTTPException(
            status_code=401,
            detail="Not authenticated",
            headers={"WWW-Authenticate": "Bearer"},
        )

    async def __call__(self, request: HTTPConnection) -> str | None:
        authorization: str | None = request.headers.get("Authorization")
        if not authorization:
            if self.auto_error:
                raise self.make_not_authenticated_error()
            return None
        return authorization
