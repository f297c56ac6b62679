"""A ``yield`` dependency that catches the endpoint's exception and raises an HTTPException.

"Dependencies with yield, HTTPException, except": an exception raised in the path operation
is thrown into the dependency at its ``yield``; the dependency may turn it into an
``HTTPException`` (handled: the client gets that response) or re-raise it.
"""

from __future__ import annotations

from typing import Annotated

from framework import App, Depends, HTTPException

__all__ = ["OwnerError", "app", "data"]

app = App()


data = {
    "plumbus": {"description": "Freshly pickled plumbus", "owner": "Morty"},
    "portal-gun": {"description": "Gun to create portals", "owner": "Rick"},
}


class OwnerError(Exception):
    pass


def get_username():
    try:
        yield "Rick"
    except OwnerError as e:
        raise HTTPException(status_code=400, detail=f"Owner error: {e}") from e


@app.get("/items/{item_id}")
def get_item(item_id: str, username: Annotated[str, Depends(get_username)]):
    if item_id not in data:
        raise HTTPException(status_code=404, detail="Item not found")
    item = data[item_id]
    if item["owner"] != username:
        raise OwnerError(username)
    return item
