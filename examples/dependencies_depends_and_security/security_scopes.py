"""``Security(dependency, scopes=[...])``: a dependency that also declares OAuth2 scopes.

``SecurityScopes`` in a dependency's signature lists the scopes declared by every
``Security`` above it in the chain (outermost first). The scopes also go into each path
operation's OpenAPI ``security`` entry for the OAuth2 scheme the chain uses. A plain
``Depends`` adds no scopes.
"""

from __future__ import annotations

from typing import Annotated

from framework import App, Depends, Security
from security import OAuth2PasswordBearer, SecurityScopes

__all__ = ["app", "oauth2_scheme"]

app = App()

oauth2_scheme = OAuth2PasswordBearer(
    tokenUrl="token", scopes={"me": "Read yourself.", "items": "Read items."}
)


def get_token_scopes(
    security_scopes: SecurityScopes, token: Annotated[str, Depends(oauth2_scheme)]
) -> dict:
    scopes = security_scopes.scopes
    return {"token": token, "scopes": scopes, "scope_str": security_scopes.scope_str}


def get_user(info: Annotated[dict, Security(get_token_scopes, scopes=["me"])]) -> dict:
    return info


@app.get("/users/me")
def read_me(user: Annotated[dict, Security(get_user)]):
    return user


@app.get("/items/")
def read_items(user: Annotated[dict, Security(get_user, scopes=["items"])]):
    return user


@app.get("/plain")
def read_plain(info: Annotated[dict, Depends(get_token_scopes)]):
    return info


@app.get("/both")
def read_both(
    plain: Annotated[dict, Depends(get_token_scopes)],
    scoped: Annotated[dict, Security(get_token_scopes, scopes=["items"])],
):
    return {"plain": plain, "scoped": scoped}
