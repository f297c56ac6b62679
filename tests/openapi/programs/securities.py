"""Security schemes of every kind, collected from the dependency tree; OAuth2 scopes merged."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel

from framework import App, Depends, Security
from security import (
    APIKeyCookie,
    APIKeyHeader,
    APIKeyQuery,
    HTTPBasic,
    HTTPBearer,
    HTTPDigest,
    OAuth2AuthorizationCodeBearer,
    OAuth2PasswordBearer,
    OAuth2PasswordRequestForm,
    OpenIdConnect,
    SecurityScopes,
)

app = App()

oauth2_scheme = OAuth2PasswordBearer(
    tokenUrl="token",
    scopes={"me": "Read information about the current user.", "items": "Read items."},
)
code_scheme = OAuth2AuthorizationCodeBearer(
    authorizationUrl="https://auth.example.com/authorize",
    tokenUrl="https://auth.example.com/token",
    refreshUrl="https://auth.example.com/refresh",
    scopes={"admin": "Administer"},
    scheme_name="Code",
    description="Authorization code flow",
)
basic = HTTPBasic(realm="simple")
bearer = HTTPBearer(bearerFormat="JWT", description="A JWT")
digest = HTTPDigest()
header_key = APIKeyHeader(name="X-API-Key", auto_error=False)
query_key = APIKeyQuery(name="api_key", description="In the query")
cookie_key = APIKeyCookie(name="session")
oidc = OpenIdConnect(openIdConnectUrl="https://id.example.com/.well-known/openid-configuration")


class User(BaseModel):
    username: str


async def get_current_user(
    security_scopes: SecurityScopes, token: Annotated[str, Depends(oauth2_scheme)]
) -> User:
    return User(username=token)


async def get_current_active_user(
    current_user: Annotated[User, Security(get_current_user, scopes=["me"])],
) -> User:
    return current_user


@app.post("/token")
async def login(form_data: Annotated[OAuth2PasswordRequestForm, Depends()]):
    return {"access_token": form_data.username, "token_type": "bearer"}


@app.get("/users/me/", response_model=User)
async def read_users_me(current_user: Annotated[User, Depends(get_current_active_user)]):
    return current_user


@app.get("/users/me/items/")
async def read_own_items(
    current_user: Annotated[User, Security(get_current_active_user, scopes=["items"])],
):
    return [{"item_id": "Foo", "owner": current_user.username}]


@app.get("/status/")
async def read_system_status(current_user: Annotated[User, Depends(get_current_user)]):
    return {"status": "ok"}


@app.get("/everything/", dependencies=[Depends(basic), Security(code_scheme, scopes=["admin"])])
async def everything(
    b: Annotated[object, Depends(bearer)],
    d: Annotated[object, Depends(digest)],
    h: Annotated[str | None, Depends(header_key)],
    h2: Annotated[str | None, Depends(header_key)],
    q: Annotated[str, Depends(query_key)],
    c: Annotated[str, Depends(cookie_key)],
    o: Annotated[str, Security(oidc, scopes=["openid"])],
):
    return {}


@app.get("/merged/")
async def merged(
    a: Annotated[User, Security(get_current_active_user, scopes=["items"])],
    b: Annotated[str, Security(oauth2_scheme, scopes=["extra"])],
):
    return {}
