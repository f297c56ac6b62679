"""Schemes in the OpenAPI document exactly as FastAPI 0.165 puts them.

Whole documents compared with FastAPI's for: the seed's "HTTP Basic Auth" and "OAuth2
scopes" programs, the token forms, the 23-configuration scheme matrix (``securitySchemes``
keyed by ``scheme_name``, requirements per operation), and an app using every option
(descriptions, bearer format, realm, custom scheme names, refresh URL, scopes declared on
the scheme and merged from dependencies, parameterless ``dependencies=[...]``). The
recorded documents live in ``data/``.
"""

from __future__ import annotations

from typing import Annotated, Any

import pytest

from framework import App, Depends, Security
from security import (
    APIKeyHeader,
    HTTPBasic,
    HTTPBearer,
    OAuth2,
    OAuth2AuthorizationCodeBearer,
    OAuth2PasswordBearer,
    OAuth2PasswordRequestForm,
    OAuth2PasswordRequestFormStrict,
    OpenIdConnect,
)
from testing import TestClient
from tests.security import _matrix, seed_http_basic
from tests.security._matrix import load

DOCS = load("openapi_documents.json")

pw = OAuth2PasswordBearer(
    "token", scopes={"read": "Read", "write": "Write"}, description="pw", refreshUrl="/refresh"
)
ac = OAuth2AuthorizationCodeBearer("auth", "token", scopes={"x": "X"}, scheme_name="code")
oid = OpenIdConnect(openIdConnectUrl="https://id/.well-known/openid-configuration",
                    description="oidc")
bearer = HTTPBearer(bearerFormat="JWT", description="jwt")
basic = HTTPBasic(realm="r", scheme_name="basicAuth")
key = APIKeyHeader(name="X-API-Key", description="k", auto_error=False)
oauth = OAuth2(flows={"clientCredentials": {"tokenUrl": "t", "scopes": {"c": "C"}}})


def needs_read(token: str = Security(pw, scopes=["read"])) -> str:
    return token


# The endpoints below carry no return annotation, as in the recorded FastAPI programs: a
# return annotation is a response model and would change the documents.


def options_app() -> App:
    app = App()

    @app.get("/a")
    def a(t: str = Security(needs_read, scopes=["write"]), k: str | None = Depends(key)):
        return {}

    @app.get("/b", dependencies=[Depends(basic), Security(ac, scopes=["x"])])
    def b(c: Any = Depends(bearer), o: Any = Depends(oid),
          q: Any = Security(oauth, scopes=["c"])):
        return {}

    @app.get("/c")
    def c_(t: str = Depends(pw)):
        return {}

    return app


def forms_app() -> App:
    app = App()

    @app.post("/token")
    def token(form: Annotated[OAuth2PasswordRequestForm, Depends()]):
        return vars(form)

    @app.post("/strict")
    def strict(form: Annotated[OAuth2PasswordRequestFormStrict, Depends()]):
        return vars(form)

    return app


def seed_scopes_app() -> App:
    jwt_module = pytest.importorskip("jwt", reason="the OAuth2 scopes program needs pyjwt")
    del jwt_module
    from tests.security import seed_oauth2_scopes

    return seed_oauth2_scopes.app


CASES = [
    ("matrix", _matrix.build_app, lambda: DOCS["matrix"]),
    ("options", options_app, lambda: DOCS["options"]),
    ("forms", forms_app, lambda: DOCS["forms"]),
    ("seed_http_basic", lambda: seed_http_basic.app,
     lambda: load("seed_http_basic.json")["openapi"]),
    ("seed_oauth2_scopes", seed_scopes_app, lambda: load("seed_oauth2_scopes.json")["openapi"]),
]


@pytest.mark.parametrize(("name", "make_app", "expected"), CASES, ids=[c[0] for c in CASES])
def test_document_like_fastapi(name: str, make_app: Any, expected: Any) -> None:
    assert make_app().openapi() == expected()


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_served_document(backend: str) -> None:
    with TestClient(seed_http_basic.app, backend=backend) as client:
        response = client.get("/openapi.json")
    assert (response.status_code, response.json()) == (
        200, load("seed_http_basic.json")["openapi"]
    )
