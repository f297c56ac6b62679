"""API key schemes: a key read from a query parameter, a header or a cookie.

The dependency's value is the key string. A missing or empty key answers
``401 {"detail": "Not authenticated"}`` with ``WWW-Authenticate: APIKey`` (FastAPI 0.165),
or gives ``None`` when ``auto_error=False``. Comparing the key with the expected one is
the program's job: use ``secrets.compare_digest`` on bytes.
"""

from __future__ import annotations

from framework.exceptions import HTTPException
from framework.requests import HTTPConnection
from openapi.models import APIKey, APIKeyIn
from security.base import SecurityBase

__all__ = ["APIKeyBase", "APIKeyCookie", "APIKeyHeader", "APIKeyQuery"]

_NOT_AUTHENTICATED = "Not authenticated"


class APIKeyBase(SecurityBase):
    """What the three API key schemes share: the OpenAPI model and the 401 answer."""

    def __init__(
        self,
        location: APIKeyIn,
        name: str,
        description: str | None,
        scheme_name: str | None,
        auto_error: bool,
    ) -> None:
        self.auto_error = auto_error
        self.model: APIKey = APIKey.model_validate(
            {"in": location, "name": name, "description": description}
        )
        self.scheme_name = scheme_name or self.__class__.__name__

    def make_not_authenticated_error(self) -> HTTPException:
        """The exception raised for a missing key (override to answer differently)."""
        return HTTPException(
            status_code=401,
            detail=_NOT_AUTHENTICATED,
            headers={"WWW-Authenticate": "APIKey"},
        )

    def check_api_key(self, api_key: str | None) -> str | None:
        """The key if there is one; else raise, or ``None`` when ``auto_error`` is off."""
        if not api_key:
            if self.auto_error:
                raise self.make_not_authenticated_error()
            return None
        return api_key


class APIKeyQuery(APIKeyBase):
    """An API key in the query parameter ``name``: ``GET /items?api_key=...``."""

    def __init__(
        self,
        *,
        name: str,
        scheme_name: str | None = None,
        description: str | None = None,
        auto_error: bool = True,
    ) -> None:
        super().__init__(APIKeyIn.query, name, description, scheme_name, auto_error)

    async def __call__(self, request: HTTPConnection) -> str | None:
        return self.check_api_key(request.query_params.get(self.model.name))


class APIKeyHeader(APIKeyBase):
    """An API key in the request header ``name`` (matched case-insensitively)."""

    def __init__(
        self,
        *,
        name: str,
        scheme_name: str | None = None,
        description: str | None = None,
        auto_error: bool = True,
    ) -> None:
        super().__init__(APIKeyIn.header, name, description, scheme_name, auto_error)

    async def __call__(self, request: HTTPConnection) -> str | None:
        return self.check_api_key(request.headers.get(self.model.name))


class APIKeyCookie(APIKeyBase):
    """An API key in the cookie ``name``."""

    def __init__(
        self,
        *,
        name: str,
        scheme_name: str | None = None,
        description: str | None = None,
        auto_error: bool = True,
    ) -> None:
        super().__init__(APIKeyIn.cookie, name, description, scheme_name, auto_error)

    async def __call__(self, request: HTTPConnection) -> str | None:
        return self.check_api_key(request.cookies.get(self.model.name))
