"""The scheme matrix shared by the conformance tests: one endpoint per scheme configuration.

``data/schemes_matrix.json`` holds FastAPI 0.165's answers (status, full header list, body)
for every configuration below and every request in it; it was recorded by building this
same app with ``fastapi``/``fastapi.security`` names in a throwaway venv (``/tmp/fa``) and
replaying the same requests through its TestClient.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from framework import App, Depends
from security import (
    APIKeyCookie,
    APIKeyHeader,
    APIKeyQuery,
    HTTPBasic,
    HTTPBearer,
    HTTPDigest,
    OAuth2,
    OAuth2AuthorizationCodeBearer,
    OAuth2PasswordBearer,
    OpenIdConnect,
)
from security.http import HTTPBase

DATA = Path(__file__).parent / "data"


def load(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def schemes() -> dict[str, Any]:
    return {
        "apikey_header": APIKeyHeader(name="key"),
        "apikey_header_noerr": APIKeyHeader(name="key", auto_error=False),
        "apikey_query": APIKeyQuery(name="key"),
        "apikey_query_noerr": APIKeyQuery(name="key", auto_error=False),
        "apikey_cookie": APIKeyCookie(name="key"),
        "apikey_cookie_noerr": APIKeyCookie(name="key", auto_error=False),
        "basic": HTTPBasic(),
        "basic_realm": HTTPBasic(realm="simple"),
        "basic_noerr": HTTPBasic(auto_error=False),
        "bearer": HTTPBearer(),
        "bearer_noerr": HTTPBearer(auto_error=False),
        "digest": HTTPDigest(),
        "digest_noerr": HTTPDigest(auto_error=False),
        "base_other": HTTPBase(scheme="other"),
        "base_other_noerr": HTTPBase(scheme="other", auto_error=False),
        "oauth2": OAuth2(),
        "oauth2_noerr": OAuth2(auto_error=False),
        "password": OAuth2PasswordBearer(tokenUrl="token"),
        "password_noerr": OAuth2PasswordBearer(tokenUrl="token", auto_error=False),
        "authcode": OAuth2AuthorizationCodeBearer(authorizationUrl="authorize", tokenUrl="token"),
        "authcode_noerr": OAuth2AuthorizationCodeBearer(
            authorizationUrl="authorize", tokenUrl="token", auto_error=False
        ),
        "oidc": OpenIdConnect(openIdConnectUrl="/oidc"),
        "oidc_noerr": OpenIdConnect(openIdConnectUrl="/oidc", auto_error=False),
    }


def build_app() -> App:
    app = App()
    for name, scheme in schemes().items():

        def endpoint_for(scheme: Any) -> Any:
            # No return annotation and this name: the recorded FastAPI program's exactly,
            # so the OpenAPI documents (summary, operationId, response schema) compare.
            async def ep(value: Any = Depends(scheme)):
                return {"value": value}

            return ep

        app.get(f"/{name}")(endpoint_for(scheme))
    return app


def request_kwargs(name: str, spec: Any) -> dict[str, Any]:
    """The TestClient keyword arguments for one recorded request spec."""
    if name.startswith("apikey"):
        kwargs: dict[str, Any] = {}
        if "header" in spec:
            kwargs["headers"] = {"key": spec["header"]}
        if "query" in spec:
            kwargs["params"] = {"key": spec["query"]}
        if "cookie" in spec:
            kwargs["cookies"] = {"key": spec["cookie"]}
        return kwargs
    return {} if spec is None else {"headers": {"Authorization": spec}}
