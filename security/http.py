"""HTTP authentication schemes: ``Basic``, ``Bearer``, ``Digest`` and any other (``HTTPBase``).

Each reads the ``Authorization`` header. ``HTTPBasic`` gives ``HTTPBasicCredentials``
(username and password decoded from base64); the others give
``HTTPAuthorizationCredentials`` (the scheme as sent and the rest of the header). A missing
header or a wrong scheme answers ``401 {"detail": "Not authenticated"}`` with
``WWW-Authenticate`` naming the scheme (``Basic realm="..."`` when a realm is set), or gives
``None`` when ``auto_error=False`` -- exactly FastAPI 0.165's answers.

``HTTPBasic`` decodes defensively: a parameter that is not base64, does not decode to ASCII
(FastAPI 0.165 decodes Basic credentials as ASCII) or has no ``:`` is always a 401 -- even
with ``auto_error=False``, as in FastAPI, because the client did try Basic and got it
wrong. No input reaches the program as a 500. Compare the credentials with
``secrets.compare_digest`` on UTF-8 bytes, never with ``==``.
"""

from __future__ import annotations

import binascii
from base64 import b64decode

from pydantic import BaseModel

from framework.exceptions import HTTPException
from framework.requests import HTTPConnection
from openapi.models import HTTPBase as HTTPBaseModel
from openapi.models import HTTPBearer as HTTPBearerModel
from security.base import SecurityBase
from security.utils import get_authorization_scheme_param

__all__ = [
    "HTTPAuthorizationCredentials",
    "HTTPBase",
    "HTTPBasic",
    "HTTPBasicCredentials",
    "HTTPBearer",
    "HTTPDigest",
]

_NOT_AUTHENTICATED = "Not authenticated"


class HTTPBasicCredentials(BaseModel):
    """The username and password of an ``Authorization: Basic ...`` header."""

    username: str
    password: str


class HTTPAuthorizationCredentials(BaseModel):
    """An ``Authorization`` header split into ``scheme`` and ``credentials``."""

    scheme: str
    credentials: str


class HTTPBase(SecurityBase):
    """Any HTTP authentication scheme; accepts any ``<scheme> <credentials>`` header."""

    def __init__(
        self,
        *,
        scheme: str,
        scheme_name: str | None = None,
        description: str | None = None,
        auto_error: bool = True,
    ) -> None:
        self.model: HTTPBaseModel = HTTPBaseModel(scheme=scheme, description=description)
        self.scheme_name = scheme_name or self.__class__.__name__
        self.auto_error = auto_error

    def make_authenticate_headers(self) -> dict[str, str]:
        """The ``WWW-Authenticate`` header of the 401 answer."""
        return {"WWW-Authenticate": self.model.scheme.title()}

    def make_not_authenticated_error(self) -> HTTPException:
        """The exception raised for missing or bad credentials (override to change it)."""
        return HTTPException(
            status_code=401,
            detail=_NOT_AUTHENTICATED,
            headers=self.make_authenticate_headers(),
        )

    def _missing(self) -> None:
        if self.auto_error:
            raise self.make_not_authenticated_error()

    async def __call__(self, request: HTTPConnection) -> HTTPAuthorizationCredentials | None:
        authorization: str | None = request.headers.get("Authorization")
        scheme, credentials = get_authorization_scheme_param(authorization)
        if not (authorization and scheme and credentials):
            self._missing()
            return None
        return HTTPAuthorizationCredentials(scheme=scheme, credentials=credentials)


class HTTPBasic(HTTPBase):
    """HTTP Basic authentication; the value is ``HTTPBasicCredentials``."""

    def __init__(
        self,
        *,
        scheme_name: str | None = None,
        realm: str | None = None,
        description: str | None = None,
        auto_error: bool = True,
    ) -> None:
        self.model = HTTPBaseModel(scheme="basic", description=description)
        self.scheme_name = scheme_name or self.__class__.__name__
        self.realm = realm
        self.auto_error = auto_error

    def make_authenticate_headers(self) -> dict[str, str]:
        if self.realm:
            return {"WWW-Authenticate": f'Basic realm="{self.realm}"'}
        return {"WWW-Authenticate": "Basic"}

    async def __call__(  # type: ignore[override]
        self, request: HTTPConnection
    ) -> HTTPBasicCredentials | None:
        authorization: str | None = request.headers.get("Authorization")
        scheme, param = get_authorization_scheme_param(authorization)
        if not authorization or scheme.lower() != "basic":
            self._missing()
            return None
        credentials = _decode_basic(param)
        if credentials is None:
            raise self.make_not_authenticated_error()
        return credentials


def _decode_basic(param: str) -> HTTPBasicCredentials | None:
    """``user:password`` from base64, or ``None`` for anything malformed."""
    try:
        data = b64decode(param).decode("ascii")
    except (ValueError, binascii.Error):  # UnicodeDecodeError is a ValueError
        return None
    username, separator, password = data.partition(":")
    if not separator:
        return None
    return HTTPBasicCredentials(username=username, password=password)


class HTTPBearer(HTTPBase):
    """HTTP Bearer authentication; the value is ``HTTPAuthorizationCredentials``."""

    def __init__(
        self,
        *,
        bearerFormat: str | None = None,
        scheme_name: str | None = None,
        description: str | None = None,
        auto_error: bool = True,
    ) -> None:
        self.model = HTTPBearerModel(bearerFormat=bearerFormat, description=description)
        self.scheme_name = scheme_name or self.__class__.__name__
        self.auto_error = auto_error

    async def __call__(self, request: HTTPConnection) -> HTTPAuthorizationCredentials | None:
        return _checked(self, request, "bearer")


class HTTPDigest(HTTPBase):
    """HTTP Digest authentication: hands over the header; verifying it is the program's job."""

    def __init__(
        self,
        *,
        scheme_name: str | None = None,
        description: str | None = None,
        auto_error: bool = True,
    ) -> None:
        self.model = HTTPBaseModel(scheme="digest", description=description)
        self.scheme_name = scheme_name or self.__class__.__name__
        self.auto_error = auto_error

    async def __call__(self, request: HTTPConnection) -> HTTPAuthorizationCredentials | None:
        return _checked(self, request, "digest")


def _checked(
    scheme_obj: HTTPBase, request: HTTPConnection, expected: str
) -> HTTPAuthorizationCredentials | None:
    """The header's credentials when its scheme is ``expected`` (any case), else 401/None."""
    authorization: str | None = request.headers.get("Authorization")
    scheme, credentials = get_authorization_scheme_param(authorization)
    if not (authorization and scheme and credentials) or scheme.lower() != expected:
        scheme_obj._missing()
        return None
    return HTTPAuthorizationCredentials(scheme=scheme, credentials=credentials)
