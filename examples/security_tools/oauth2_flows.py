"""The other OAuth2 tools: the generic ``OAuth2`` scheme, ``OAuth2AuthorizationCodeBearer``
and ``OpenIdConnect``.

All three read ``Authorization: Bearer <token>`` (``OpenIdConnect`` returns the whole header
value) and describe their flows to OpenAPI; ``SecurityScopes`` lists the scopes asked for.
"""

from __future__ import annotations

from typing import Annotated

from framework import App, Depends, Security
from openapi.models import OAuthFlowImplicit, OAuthFlows
from security import (
    OAuth2,
    OAuth2AuthorizationCodeBearer,
    OpenIdConnect,
    SecurityScopes,
)

__all__ = ["app", "code_scheme", "implicit_scheme", "oidc_scheme"]

app = App()

implicit_scheme = OAuth2(
    flows=OAuthFlows(
        implicit=OAuthFlowImplicit(
            authorizationUrl="https://example.com/authorize",
            scopes={"read": "Read things."},
        )
    ),
    description="An implicit flow.",
)
code_scheme = OAuth2AuthorizationCodeBearer(
    authorizationUrl="https://example.com/authorize",
    tokenUrl="https://example.com/token",
    refreshUrl="https://example.com/refresh",
    scopes={"read": "Read things.", "write": "Write things."},
)
oidc_scheme = OpenIdConnect(openIdConnectUrl="https://example.com/.well-known/openid-configuration")


def code_token(
    security_scopes: SecurityScopes, token: Annotated[str, Depends(code_scheme)]
) -> dict:
    return {"token": token, "scopes": security_scopes.scopes}


@app.get("/implicit")
def read_implicit(authorization: Annotated[str, Depends(implicit_scheme)]):
    return {"authorization": authorization}


@app.get("/code")
def read_code(info: Annotated[dict, Security(code_token, scopes=["read", "write"])]):
    return info


@app.get("/oidc")
def read_oidc(authorization: Annotated[str, Depends(oidc_scheme)]):
    return {"authorization": authorization}
