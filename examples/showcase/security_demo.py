"""Security on the showcase: HTTP Basic, OAuth2 scopes, the other tools, ``Security()``.

"HTTP Basic Auth": ``HTTPBasic`` plus a timing-safe check. "OAuth2 scopes": a password-form
login issues a token that carries the granted scopes; ``Security(..., scopes=[...])`` and
``SecurityScopes`` check them. "Security Tools": an API key header and an optional bearer
token. "Dependencies - Depends() and Security()": ``use_cache`` seen from one request.
Tokens are HMACs kept in memory (no JWT library needed to serve the showcase); the users
and passwords are the seed's demo ones, for a demo only.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Annotated

from framework import APIRouter, Depends, HTTPException, Security, status
from security import (
    APIKeyHeader,
    HTTPAuthorizationCredentials,
    HTTPBasic,
    HTTPBasicCredentials,
    HTTPBearer,
    OAuth2PasswordBearer,
    OAuth2PasswordRequestForm,
    SecurityScopes,
)

__all__ = ["API_KEY", "SCOPES", "TOKENS", "USERS", "router", "token_for"]

router = APIRouter(prefix="/security")

SCOPES = {"me": "Read information about the current user.", "items": "Read items."}
USERS = {"johndoe": "secret", "alice": "secret2"}
API_KEY = "showcase-key"
_SECRET = b"showcase-demo-secret"
TOKENS: dict[str, tuple[str, list[str]]] = {}

basic = HTTPBasic(realm="showcase")
oauth2 = OAuth2PasswordBearer(tokenUrl="security/token", scopes=SCOPES)
api_key = APIKeyHeader(name="x-key", description="try `showcase-key`")
bearer = HTTPBearer(auto_error=False)


def basic_username(credentials: Annotated[HTTPBasicCredentials, Depends(basic)]) -> str:
    """Compare both parts in constant time, so timing reveals nothing about a guess."""
    good_user = secrets.compare_digest(credentials.username.encode(), b"stanleyjobson")
    good_password = secrets.compare_digest(credentials.password.encode(), b"swordfish")
    if not (good_user and good_password):
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="Incorrect username or password",
            headers={"WWW-Authenticate": 'Basic realm="showcase"'},
        )
    return credentials.username


@router.get("/basic/users/me")
def read_basic_user(username: Annotated[str, Depends(basic_username)]) -> dict[str, str]:
    return {"username": username}


def token_for(username: str, scopes: list[str]) -> str:
    message = f"{username}|{' '.join(scopes)}".encode()
    return hmac.new(_SECRET, message, hashlib.sha256).hexdigest()


@router.post("/token")
def login(form: Annotated[OAuth2PasswordRequestForm, Depends()]) -> dict[str, str]:
    """Trade username and password for a token holding the requested, known scopes."""
    password = USERS.get(form.username, "")
    if not (password and secrets.compare_digest(password.encode(), form.password.encode())):
        raise HTTPException(status_code=400, detail="Incorrect username or password")
    scopes = [scope for scope in form.scopes if scope in SCOPES]
    token = token_for(form.username, scopes)
    TOKENS[token] = (form.username, scopes)
    return {"access_token": token, "token_type": "bearer"}


def current_user(security_scopes: SecurityScopes, token: Annotated[str, Depends(oauth2)]) -> str:
    """The token's user, if the token holds every scope the whole dependency chain asks for."""
    authenticate = (
        f'Bearer scope="{security_scopes.scope_str}"' if security_scopes.scopes else "Bearer"
    )
    found = TOKENS.get(token)
    if found is None:
        raise HTTPException(
            status_code=401,
            detail="Could not validate credentials",
            headers={"WWW-Authenticate": authenticate},
        )
    username, granted = found
    missing = [scope for scope in security_scopes.scopes if scope not in granted]
    if missing:
        raise HTTPException(
            status_code=401,
            detail="Not enough permissions",
            headers={"WWW-Authenticate": authenticate},
        )
    return username


@router.get("/users/me")
def read_me(username: Annotated[str, Security(current_user, scopes=["me"])]) -> dict[str, str]:
    return {"username": username}


@router.get("/users/me/items")
def read_my_items(
    username: Annotated[str, Security(current_user, scopes=["me", "items"])],
) -> list[dict[str, str]]:
    return [{"item_id": "Foo", "owner": username}]


@router.get("/api-key")
def read_with_api_key(key: Annotated[str, Depends(api_key)]) -> dict[str, bool]:
    """``APIKeyHeader``: the header's value is the dependency's result; we check it."""
    if not secrets.compare_digest(key.encode(), API_KEY.encode()):
        raise HTTPException(status_code=403, detail="Wrong API key")
    return {"authorized": True}


@router.get("/optional-bearer")
def optional_bearer(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> dict[str, str | None]:
    """``auto_error=False``: no token is not an error, the dependency gives ``None``."""
    if credentials is None:
        return {"scheme": None, "token": None}
    return {"scheme": credentials.scheme, "token": credentials.credentials}


class Counter:
    """A dependency that counts its calls, so ``use_cache`` is visible in the answer."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> int:
        self.calls += 1
        return self.calls


_counter = Counter()


@router.get("/use-cache")
def use_cache(
    first: Annotated[int, Depends(_counter)],
    cached: Annotated[int, Depends(_counter)],
    fresh: Annotated[int, Depends(_counter, use_cache=False)],
) -> dict[str, int]:
    """Two ``Depends`` of one callable share one call per request; ``use_cache=False`` doesn't."""
    return {"first": first - first, "cached": cached - first, "fresh": fresh - first}
