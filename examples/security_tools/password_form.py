"""``OAuth2PasswordRequestForm`` and its strict variant as class dependencies (``Depends()``).

The form has ``username``, ``password``, ``scope`` (split on spaces into ``scopes``),
``grant_type`` (optional, and must be ``password`` if sent; required by the strict form),
``client_id`` and ``client_secret``. This program echoes what it received.
"""

from __future__ import annotations

from typing import Annotated

from framework import App, Depends
from security import OAuth2PasswordRequestForm, OAuth2PasswordRequestFormStrict

__all__ = ["app"]

app = App()


def _describe(form_data: OAuth2PasswordRequestForm) -> dict:
    data: dict = {}
    data["scopes"] = []
    for scope in form_data.scopes:
        data["scopes"].append(scope)
    if form_data.client_id:
        data["client_id"] = form_data.client_id
    if form_data.client_secret:
        data["client_secret"] = form_data.client_secret
    return data


@app.post("/login")
def login(form_data: Annotated[OAuth2PasswordRequestForm, Depends()]):
    return _describe(form_data)


@app.post("/login-strict")
def login_strict(form_data: Annotated[OAuth2PasswordRequestFormStrict, Depends()]):
    return {"grant_type": form_data.grant_type, **_describe(form_data)}
