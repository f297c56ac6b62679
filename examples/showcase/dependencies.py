"""Advanced dependencies, dependencies with ``yield``, and overrides-friendly dependencies.

"Advanced Dependencies": a callable instance parameterized at creation
(``FixedContentQueryChecker("bar")``); ``yield`` dependencies whose exit code runs after the
endpoint (``scope="function"``) or after the response is sent (the default), and one that
turns an exception raised in the endpoint into an HTTP error at its ``yield``.
"Testing Dependencies with Overrides": ``common_parameters`` is a plain dependency that a
test replaces with ``app.dependency_overrides[common_parameters] = ...``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from framework import APIRouter, Depends, HTTPException

__all__ = ["CLEANUP_LOG", "FixedContentQueryChecker", "checker", "common_parameters", "router"]

CLEANUP_LOG: list[str] = []

router = APIRouter(prefix="/deps", tags=["dependencies"])


class FixedContentQueryChecker:
    """A parameterized dependency: the instance is the dependency, ``__call__`` its signature."""

    def __init__(self, fixed_content: str) -> None:
        self.fixed_content = fixed_content

    def __call__(self, q: str = "") -> bool:
        if q:
            return self.fixed_content in q
        return False


checker = FixedContentQueryChecker("bar")


@router.get("/query-checker/")
async def read_query_check(
    fixed_content_included: Annotated[bool, Depends(checker)],
) -> dict[str, bool]:
    return {"fixed_content_in_query": fixed_content_included}


async def common_parameters(
    q: str | None = None, skip: int = 0, limit: int = 100
) -> dict[str, Any]:
    return {"q": q, "skip": skip, "limit": limit}


CommonsDep = Annotated[dict[str, Any], Depends(common_parameters)]


@router.get("/items/")
async def read_items(commons: CommonsDep) -> dict[str, Any]:
    return {"message": "Hello Items!", "params": commons}


@router.get("/users/")
async def read_users(commons: CommonsDep) -> dict[str, Any]:
    return {"message": "Hello Users!", "params": commons}


def function_scoped() -> Iterator[str]:
    CLEANUP_LOG.append("function: enter")
    yield "function"
    CLEANUP_LOG.append("function: exit")


def request_scoped() -> Iterator[str]:
    CLEANUP_LOG.append("request: enter")
    yield "request"
    CLEANUP_LOG.append("request: exit")


@router.get("/scopes")
def read_scopes(
    inner: Annotated[str, Depends(function_scoped, scope="function")],
    outer: Annotated[str, Depends(request_scoped)],
) -> dict[str, Any]:
    """Both exits run; the function-scoped one before the response is sent."""
    CLEANUP_LOG.append("endpoint")
    return {"scopes": [inner, outer]}


@router.get("/cleanup-log")
def read_cleanup_log() -> dict[str, list[str]]:
    return {"log": list(CLEANUP_LOG)}


DATA = {
    "plumbus": {"description": "Freshly pickled plumbus", "owner": "Morty"},
    "portal-gun": {"description": "Gun to create portals", "owner": "Rick"},
}


class OwnerError(Exception):
    pass


def get_username() -> Iterator[str]:
    """An exception raised in the endpoint arrives here, at the ``yield``."""
    try:
        yield "Rick"
    except OwnerError as e:
        raise HTTPException(status_code=400, detail=f"Owner error: {e}") from e


@router.get("/owned/{item_id}")
def get_owned_item(
    item_id: str, username: Annotated[str, Depends(get_username)]
) -> dict[str, str]:
    if item_id not in DATA:
        raise HTTPException(status_code=404, detail="Item not found")
    item = DATA[item_id]
    if item["owner"] != username:
        raise OwnerError(username)
    return item
