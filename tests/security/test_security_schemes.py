"""Every scheme answers every request exactly as FastAPI 0.165 does.

The matrix: 23 scheme configurations (each class, ``auto_error`` on and off, a realm, a
custom ``HTTPBase`` scheme) x 32 ``Authorization`` headers (missing, empty, scheme only,
valid and broken Basic credentials, bearer tokens with odd spacing, other schemes) or 7
API-key placements -- whole responses compared with the recorded FastAPI answers, on
asyncio and trio. Plus the published OpenAPI scheme objects, names, defaults and
signatures, and the helpers FastAPI programs override or call.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

import pytest

import security
from framework.exceptions import HTTPException
from security import (
    APIKeyCookie,
    APIKeyHeader,
    APIKeyQuery,
    HTTPAuthorizationCredentials,
    HTTPBasic,
    HTTPBasicCredentials,
    HTTPBearer,
    HTTPDigest,
    OAuth2,
    OAuth2AuthorizationCodeBearer,
    OAuth2PasswordBearer,
    OAuth2PasswordRequestForm,
    OAuth2PasswordRequestFormStrict,
    OpenIdConnect,
    SecurityScopes,
)
from security.base import SecurityBase
from security.http import HTTPBase
from security.utils import get_authorization_scheme_param
from testing import TestClient
from tests.security._matrix import build_app, load, request_kwargs

MATRIX = load("schemes_matrix.json")


@pytest.fixture(scope="module", params=["asyncio", "trio"])
def client(request: pytest.FixtureRequest) -> Iterator[TestClient]:
    with TestClient(build_app(), backend=request.param) as client:
        yield client


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_scheme_answers_like_fastapi(client: TestClient, name: str) -> None:
    expected = []
    got = []
    for spec, status, headers, body in MATRIX[name]:
        expected.append([spec, status, headers, body])
        response = client.get(f"/{name}", **request_kwargs(name, spec))
        got.append([spec, response.status_code, [list(h) for h in response.headers.items()],
                    response.text])
    assert got == expected


# -- the OpenAPI scheme objects, names and flags (recorded from FastAPI 0.165) ----------------


class MyBearer(HTTPBearer):
    pass


SCHEME_OBJECTS: list[tuple[str, Any, list[Any]]] = [
    ("APIKeyQuery(name='k', description='d', scheme_name='q')",
     lambda: APIKeyQuery(name="k", description="d", scheme_name="q"),
     ["q", True, {"type": "apiKey", "description": "d", "in": "query", "name": "k"}, "-"]),
    ("APIKeyHeader(name='X-Key')", lambda: APIKeyHeader(name="X-Key"),
     ["APIKeyHeader", True, {"type": "apiKey", "in": "header", "name": "X-Key"}, "-"]),
    ("APIKeyCookie(name='session')", lambda: APIKeyCookie(name="session"),
     ["APIKeyCookie", True, {"type": "apiKey", "in": "cookie", "name": "session"}, "-"]),
    ("HTTPBasic()", lambda: HTTPBasic(),
     ["HTTPBasic", True, {"type": "http", "scheme": "basic"}, None]),
    ("HTTPBasic(realm='r', description='d', scheme_name='b')",
     lambda: HTTPBasic(realm="r", description="d", scheme_name="b"),
     ["b", True, {"type": "http", "description": "d", "scheme": "basic"}, "r"]),
    ("HTTPBearer(bearerFormat='JWT', description='d')",
     lambda: HTTPBearer(bearerFormat="JWT", description="d"),
     ["HTTPBearer", True,
      {"type": "http", "description": "d", "scheme": "bearer", "bearerFormat": "JWT"}, "-"]),
    ("HTTPBearer()", lambda: HTTPBearer(),
     ["HTTPBearer", True, {"type": "http", "scheme": "bearer"}, "-"]),
    ("HTTPDigest(description='d')", lambda: HTTPDigest(description="d"),
     ["HTTPDigest", True, {"type": "http", "description": "d", "scheme": "digest"}, "-"]),
    ("HTTPBase(scheme='hoba')", lambda: HTTPBase(scheme="hoba"),
     ["HTTPBase", True, {"type": "http", "scheme": "hoba"}, "-"]),
    ("MyBearer()", lambda: MyBearer(),
     ["MyBearer", True, {"type": "http", "scheme": "bearer"}, "-"]),
    ("OAuth2()", lambda: OAuth2(), ["OAuth2", True, {"type": "oauth2", "flows": {}}, "-"]),
    ("OAuth2(flows={...}, description='d')",
     lambda: OAuth2(
         flows={"implicit": {"authorizationUrl": "a", "scopes": {"x": "y"}},
                "clientCredentials": {"tokenUrl": "t"}},
         description="d",
     ),
     ["OAuth2", True,
      {"type": "oauth2", "description": "d",
       "flows": {"implicit": {"scopes": {"x": "y"}, "authorizationUrl": "a"},
                 "clientCredentials": {"scopes": {}, "tokenUrl": "t"}}}, "-"]),
    ("OAuth2PasswordBearer('token')", lambda: OAuth2PasswordBearer("token"),
     ["OAuth2PasswordBearer", True,
      {"type": "oauth2", "flows": {"password": {"scopes": {}, "tokenUrl": "token"}}}, "-"]),
    ("OAuth2PasswordBearer('token', 'pw', {'me': 'Me'}, 'd', False, 'refresh')",
     lambda: OAuth2PasswordBearer("token", "pw", {"me": "Me"}, "d", False, "refresh"),
     ["pw", False,
      {"type": "oauth2", "description": "d",
       "flows": {"password": {"refreshUrl": "refresh", "scopes": {"me": "Me"},
                              "tokenUrl": "token"}}}, "-"]),
    ("OAuth2AuthorizationCodeBearer('auth', 'token')",
     lambda: OAuth2AuthorizationCodeBearer("auth", "token"),
     ["OAuth2AuthorizationCodeBearer", True,
      {"type": "oauth2", "flows": {"authorizationCode": {
          "scopes": {}, "authorizationUrl": "auth", "tokenUrl": "token"}}}, "-"]),
    ("OAuth2AuthorizationCodeBearer('auth', 'token', 'refresh', 'ac', {'a': 'A'}, 'd', False)",
     lambda: OAuth2AuthorizationCodeBearer(
         "auth", "token", "refresh", "ac", {"a": "A"}, "d", False
     ),
     ["ac", False,
      {"type": "oauth2", "description": "d", "flows": {"authorizationCode": {
          "refreshUrl": "refresh", "scopes": {"a": "A"}, "authorizationUrl": "auth",
          "tokenUrl": "token"}}}, "-"]),
    ("OpenIdConnect(openIdConnectUrl='https://id/.well-known')",
     lambda: OpenIdConnect(openIdConnectUrl="https://id/.well-known"),
     ["OpenIdConnect", True,
      {"type": "openIdConnect", "openIdConnectUrl": "https://id/.well-known"}, "-"]),
    ("OpenIdConnect(openIdConnectUrl='u', scheme_name='oidc', description='d', auto_error=False)",
     lambda: OpenIdConnect(
         openIdConnectUrl="u", scheme_name="oidc", description="d", auto_error=False
     ),
     ["oidc", False, {"type": "openIdConnect", "description": "d", "openIdConnectUrl": "u"},
      "-"]),
]


@pytest.mark.parametrize(("label", "make", "expected"), SCHEME_OBJECTS,
                         ids=[s[0] for s in SCHEME_OBJECTS])
def test_scheme_objects_like_fastapi(label: str, make: Any, expected: list[Any]) -> None:
    scheme = make()
    assert isinstance(scheme, SecurityBase)
    got = [
        scheme.scheme_name,
        scheme.auto_error,
        scheme.model.model_dump(mode="json", by_alias=True, exclude_none=True),
        getattr(scheme, "realm", "-"),
    ]
    assert got == expected


def test_scheme_models_are_openapi_models() -> None:
    from openapi import models

    assert type(APIKeyQuery(name="k").model) is models.APIKey
    assert type(HTTPBasic().model) is models.HTTPBase
    assert type(HTTPBearer().model) is models.HTTPBearer
    assert type(HTTPDigest().model) is models.HTTPBase
    assert type(OAuth2().model) is models.OAuth2
    assert type(OAuth2PasswordBearer("t").model.flows) is models.OAuthFlows
    assert type(OpenIdConnect(openIdConnectUrl="u").model) is models.OpenIdConnect


# -- signatures: FastAPI 0.165's parameter names, kinds and defaults --------------------------

KW = inspect.Parameter.KEYWORD_ONLY
POS = inspect.Parameter.POSITIONAL_OR_KEYWORD
E = inspect.Parameter.empty

SIGNATURES: list[tuple[Any, list[tuple[str, Any, Any]]]] = [
    (APIKeyQuery, [("name", KW, E), ("scheme_name", KW, None), ("description", KW, None),
                   ("auto_error", KW, True)]),
    (APIKeyHeader, [("name", KW, E), ("scheme_name", KW, None), ("description", KW, None),
                    ("auto_error", KW, True)]),
    (APIKeyCookie, [("name", KW, E), ("scheme_name", KW, None), ("description", KW, None),
                    ("auto_error", KW, True)]),
    (HTTPBase, [("scheme", KW, E), ("scheme_name", KW, None), ("description", KW, None),
                ("auto_error", KW, True)]),
    (HTTPBasic, [("scheme_name", KW, None), ("realm", KW, None), ("description", KW, None),
                 ("auto_error", KW, True)]),
    (HTTPBearer, [("bearerFormat", KW, None), ("scheme_name", KW, None),
                  ("description", KW, None), ("auto_error", KW, True)]),
    (HTTPDigest, [("scheme_name", KW, None), ("description", KW, None),
                  ("auto_error", KW, True)]),
    (OAuth2PasswordBearer, [("tokenUrl", POS, E), ("scheme_name", POS, None),
                            ("scopes", POS, None), ("description", POS, None),
                            ("auto_error", POS, True), ("refreshUrl", POS, None)]),
    (OAuth2AuthorizationCodeBearer, [("authorizationUrl", POS, E), ("tokenUrl", POS, E),
                                     ("refreshUrl", POS, None), ("scheme_name", POS, None),
                                     ("scopes", POS, None), ("description", POS, None),
                                     ("auto_error", POS, True)]),
    (OpenIdConnect, [("openIdConnectUrl", KW, E), ("scheme_name", KW, None),
                     ("description", KW, None), ("auto_error", KW, True)]),
    (OAuth2PasswordRequestForm, [("grant_type", KW, None), ("username", KW, E),
                                 ("password", KW, E), ("scope", KW, ""),
                                 ("client_id", KW, None), ("client_secret", KW, None)]),
    (OAuth2PasswordRequestFormStrict, [("grant_type", POS, E), ("username", POS, E),
                                       ("password", POS, E), ("scope", POS, ""),
                                       ("client_id", POS, None), ("client_secret", POS, None)]),
    (SecurityScopes, [("scopes", POS, None)]),
]


@pytest.mark.parametrize(("cls", "expected"), SIGNATURES, ids=[c.__name__ for c, _ in SIGNATURES])
def test_signatures_like_fastapi(cls: Any, expected: list[tuple[str, Any, Any]]) -> None:
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    assert [(p.name, p.kind, p.default) for p in params] == expected


def test_oauth2_signature_and_default_flows() -> None:
    params = list(inspect.signature(OAuth2.__init__).parameters.values())[1:]
    assert [(p.name, p.kind) for p in params] == [
        ("flows", KW), ("scheme_name", KW), ("description", KW), ("auto_error", KW)
    ]
    assert params[0].default.model_dump(exclude_none=True) == {}
    assert [p.default for p in params[1:]] == [None, None, True]


def test_calls_are_async_and_take_the_connection() -> None:
    for scheme in (APIKeyQuery(name="k"), APIKeyHeader(name="k"), APIKeyCookie(name="k"),
                   HTTPBase(scheme="x"), HTTPBasic(), HTTPBearer(), HTTPDigest(), OAuth2(),
                   OAuth2PasswordBearer("t"), OAuth2AuthorizationCodeBearer("a", "t"),
                   OpenIdConnect(openIdConnectUrl="u")):
        call = type(scheme).__call__
        assert inspect.iscoroutinefunction(call)
        assert list(inspect.signature(call).parameters) == ["self", "request"]


def test_public_names() -> None:
    assert sorted(security.__all__) == [
        "APIKeyCookie", "APIKeyHeader", "APIKeyQuery", "HTTPAuthorizationCredentials",
        "HTTPBasic", "HTTPBasicCredentials", "HTTPBearer", "HTTPDigest", "OAuth2",
        "OAuth2AuthorizationCodeBearer", "OAuth2PasswordBearer", "OAuth2PasswordRequestForm",
        "OAuth2PasswordRequestFormStrict", "OpenIdConnect", "SecurityScopes",
    ]
    from framework.dependencies import SecurityScopes as container_scopes
    from security.oauth2 import SecurityScopes as oauth2_scopes

    assert SecurityScopes is container_scopes is oauth2_scopes


# -- helpers: header splitting, WWW-Authenticate values, the errors ---------------------------

SPLITS = [
    (None, ("", "")), ("", ("", "")), (" ", ("", "")), ("  ", ("", "")),
    ("Bearer", ("Bearer", "")), ("Bearer ", ("Bearer", "")), ("Bearer  tok", ("Bearer", "tok")),
    ("Bearer tok ", ("Bearer", "tok")), ("Bearer\ttok", ("Bearer\ttok", "")),
    (" Bearer tok", ("", "Bearer tok")), ("a b c", ("a", "b c")),
    ("Bearer tok\t", ("Bearer", "tok")), ("x  ", ("x", "")),
]


@pytest.mark.parametrize(("value", "expected"), SPLITS)
def test_get_authorization_scheme_param(value: str | None, expected: tuple[str, str]) -> None:
    assert get_authorization_scheme_param(value) == expected


@pytest.mark.parametrize(("scheme", "header"), [
    ("other", "Other"), ("my-scheme", "My-Scheme"), ("mY scheme", "My Scheme"),
    ("BEARER", "Bearer"), ("x_y", "X_Y"),
])
def test_http_base_authenticate_header(scheme: str, header: str) -> None:
    assert HTTPBase(scheme=scheme).make_authenticate_headers() == {"WWW-Authenticate": header}


@pytest.mark.parametrize(("realm", "header"), [
    (None, "Basic"), ("", "Basic"), ("simple", 'Basic realm="simple"'),
    ('a"b', 'Basic realm="a"b"'),
])
def test_basic_realm_header(realm: str | None, header: str) -> None:
    assert HTTPBasic(realm=realm).make_authenticate_headers() == {"WWW-Authenticate": header}


@pytest.mark.parametrize(("scheme", "header"), [
    (APIKeyQuery(name="k"), "APIKey"), (APIKeyHeader(name="k"), "APIKey"),
    (APIKeyCookie(name="k"), "APIKey"), (HTTPBasic(realm="r"), 'Basic realm="r"'),
    (HTTPBearer(), "Bearer"), (HTTPDigest(), "Digest"), (OAuth2(), "Bearer"),
    (OAuth2PasswordBearer("t"), "Bearer"), (OAuth2AuthorizationCodeBearer("a", "t"), "Bearer"),
    (OpenIdConnect(openIdConnectUrl="u"), "Bearer"),
])
def test_not_authenticated_error(scheme: Any, header: str) -> None:
    error = scheme.make_not_authenticated_error()
    assert type(error) is HTTPException
    assert (error.status_code, error.detail, dict(error.headers)) == (
        401, "Not authenticated", {"WWW-Authenticate": header}
    )
    assert scheme.make_not_authenticated_error() is not error  # a fresh one per raise


def test_api_key_check() -> None:
    strict, lenient = APIKeyHeader(name="k"), APIKeyHeader(name="k", auto_error=False)
    assert strict.check_api_key("v") == lenient.check_api_key("v") == "v"
    assert lenient.check_api_key("") is None
    assert lenient.check_api_key(None) is None
    with pytest.raises(HTTPException) as caught:
        strict.check_api_key("")
    assert caught.value.status_code == 401


def test_credentials_models() -> None:
    assert HTTPBasicCredentials(username="u", password="p").model_dump() == {
        "username": "u", "password": "p"
    }
    assert HTTPAuthorizationCredentials(scheme="Bearer", credentials="t").model_dump() == {
        "scheme": "Bearer", "credentials": "t"
    }
    assert list(HTTPBasicCredentials.model_fields) == ["username", "password"]
    assert list(HTTPAuthorizationCredentials.model_fields) == ["scheme", "credentials"]
