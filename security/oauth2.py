"""OAuth2 schemes and the password-flow form.

``OAuth2`` publishes any set of flows and hands over the raw ``Authorization`` header;
``OAuth2PasswordBearer`` and ``OAuth2AuthorizationCodeBearer`` publish one flow (with its
``tokenUrl``, ``scopes`` and ``refreshUrl``) and give the token of a ``Bearer`` header. A
missing header (or, for the bearers, another scheme) answers
``401 {"detail": "Not authenticated"}`` with ``WWW-Authenticate: Bearer``, or gives ``None``
when ``auto_error=False``.

``OAuth2PasswordRequestForm`` / ``...Strict`` are dependency classes (``Depends()``) whose
``__init__`` parameters are ``Form()`` fields: the token endpoint's request body.
``SecurityScopes`` is the DI container's own class, re-exported here where FastAPI has it.
"""

from __future__ import annotations

from typing import Annotated, Any

from framework.dependencies.models import SecurityScopes
from framework.exceptions import HTTPException
from framework.params import Form
from framework.requests import HTTPConnection
from openapi.models import OAuth2 as OAuth2Model
from openapi.models import OAuthFlows as OAuthFlowsModel
from security.base import SecurityBase
from security.utils import get_authorization_scheme_param

__all__ = [
    "OAuth2",
    "OAuth2AuthorizationCodeBearer",
    "OAuth2PasswordBearer",
    "OAuth2PasswordRequestForm",
    "OAuth2PasswordRequestFormStrict",
    "SecurityScopes",
]

_NOT_AUTHENTICATED = "Not authenticated"
_SECRET = {"format": "password"}


class OAuth2PasswordRequestForm:
    """The OAuth2 password flow's form: ``username``, ``password``, optional ``scope``
    (space-separated, read as the list ``scopes``), ``grant_type`` (``"password"`` if
    given), ``client_id`` and ``client_secret``. Use as ``Depends()``."""

    def __init__(
        self,
        *,
        grant_type: Annotated[str | None, Form(pattern="^password$")] = None,
        username: Annotated[str, Form()],
        password: Annotated[str, Form(json_schema_extra=_SECRET)],
        scope: Annotated[str, Form()] = "",
        client_id: Annotated[str | None, Form()] = None,
        client_secret: Annotated[str | None, Form(json_schema_extra=_SECRET)] = None,
    ) -> None:
        self.grant_type = grant_type
        self.username = username
        self.password = password
        self.scopes = scope.split()
        self.client_id = client_id
        self.client_secret = client_secret


class OAuth2PasswordRequestFormStrict(OAuth2PasswordRequestForm):
    """As ``OAuth2PasswordRequestForm``, but ``grant_type=password`` is required, as the
    OAuth2 specification says."""

    def __init__(
        self,
        grant_type: Annotated[str, Form(pattern="^password$")],
        username: Annotated[str, Form()],
        password: Annotated[str, Form()],
        scope: Annotated[str, Form()] = "",
        client_id: Annotated[str | None, Form()] = None,
        client_secret: Annotated[str | None, Form()] = None,
    ) -> None:
        super().__init__(
            grant_type=grant_type,
            username=username,
            password=password,
            scope=scope,
            client_id=client_id,
            client_secret=client_secret,
        )


class OAuth2(SecurityBase):
    """OAuth2 with the given ``flows``; the value is the whole ``Authorization`` header."""

    def __init__(
        self,
        *,
        flows: OAuthFlowsModel | dict[str, dict[str, Any]] = OAuthFlowsModel(),
        scheme_name: str | None = None,
        description: str | None = None,
        auto_error: bool = True,
    ) -> None:
        self.model: OAuth2Model = OAuth2Model.model_validate(
            {"flows": flows, "description": description}
        )
        self.scheme_name = scheme_name or self.__class__.__name__
        self.auto_error = auto_error

    def make_not_authenticated_error(self) -> HTTPException:
        """The exception raised for a missing token (override to answer differently)."""
        return HTTPException(
            status_code=401,
            detail=_NOT_AUTHENTICATED,
            headers={"WWW-Authenticate": "Bearer"},
        )

    def _missing(self) -> None:
        if self.auto_error:
            raise self.make_not_authenticated_error()

    async def __call__(self, request: HTTPConnection) -> str | None:
        authorization: str | None = request.headers.get("Authorization")
        if not authorization:
            self._missing()
            return None
        return authorization

    def _bearer_token(self, request: HTTPConnection) -> str | None:
        authorization: str | None = request.headers.get("Authorization")
        scheme, param = get_authorization_scheme_param(authorization)
        if not authorization or scheme.lower() != "bearer":
            self._missing()
            return None
        return param


class OAuth2PasswordBearer(OAuth2):
    """OAuth2 password flow: clients get a token at ``tokenUrl`` and send it as
    ``Authorization: Bearer <token>``; the value is the token."""

    def __init__(
        self,
        tokenUrl: str,
        scheme_name: str | None = None,
        scopes: dict[str, str] | None = None,
        description: str | None = None,
        auto_error: bool = True,
        refreshUrl: str | None = None,
    ) -> None:
        flows = OAuthFlowsModel.model_validate(
            {"password": {"tokenUrl": tokenUrl, "refreshUrl": refreshUrl, "scopes": scopes or {}}}
        )
        super().__init__(
            flows=flows, scheme_name=scheme_name, description=description, auto_error=auto_error
        )

    async def __call__(self, request: HTTPConnection) -> str | None:
        return self._bearer_token(request)


class OAuth2AuthorizationCodeBearer(OAuth2):
    """OAuth2 authorization code flow; the value is the ``Bearer`` token."""

    def __init__(
        self,
        authorizationUrl: str,
        tokenUrl: str,
        refreshUrl: str | None = None,
        scheme_name: str | None = None,
        scopes: dict[str, str] | None = None,
        description: str | None = None,
        auto_error: bool = True,
    ) -> None:
        flows = OAuthFlowsModel.model_validate(
            {
                "authorizationCode": {
                    "authorizationUrl": authorizationUrl,
                    "tokenUrl": tokenUrl,
                    "refreshUrl": refreshUrl,
                    "scopes": scopes or {},
                }
            }
        )
        super().__init__(
            flows=flows, scheme_name=scheme_name, description=description, auto_error=auto_error
        )

    async def __call__(self, request: HTTPConnection) -> str | None:
        return self._bearer_token(request)
