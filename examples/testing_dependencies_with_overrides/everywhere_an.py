"""An overridable dependency used everywhere: decorator, router, ``include_router``, app.

The seed: "You can set a dependency override for a dependency used anywhere in your
FastAPI application ... a path operation decorator (when you don't use the return value),
a .include_router() call, etc. FastAPI will still be able to override it." The original
calls an external provider (here: refuses every token); the tests swap in a fake user.
"""

from __future__ import annotations

from typing import Annotated

from framework import APIRouter, App, Depends, Header, HTTPException

__all__ = ["app", "calls", "get_current_user", "verify_token"]

calls: list[str] = []


async def verify_token(x_token: Annotated[str, Header()]):
    calls.append("verify_token")
    if x_token != "real-secret":
        raise HTTPException(status_code=400, detail="X-Token header invalid")


async def get_current_user(x_token: Annotated[str | None, Header()] = None):
    calls.append("external provider")
    raise HTTPException(status_code=401, detail="The external provider refused the token")


app = App(dependencies=[Depends(verify_token)])

router = APIRouter()


@router.get("/me")
async def read_me(user: Annotated[dict, Depends(get_current_user)]):
    return {"user": user}


@router.get("/audit", dependencies=[Depends(get_current_user)])
async def audit():
    return {"audit": "ok"}


admin = APIRouter()


@admin.get("/stats")
async def stats():
    return {"stats": "all good"}


app.include_router(router)
app.include_router(admin, prefix="/admin", dependencies=[Depends(get_current_user)])
