"""The ``Response`` parameter in dependencies: the last status set wins.

The seed: "You can also declare the Response parameter in dependencies, and set the status
code in them. But keep in mind that the last one to be set will win." ``first`` runs before
``second`` (its sub-dependency order), and the endpoint sets its own last when asked.
"""

from __future__ import annotations

from typing import Annotated

from framework import App, Depends, Response

__all__ = ["app"]

app = App()


def first(response: Response) -> str:
    response.status_code = 201
    return "first"


def second(response: Response, _first: Annotated[str, Depends(first)]) -> str:
    response.status_code = 202
    return "second"


@app.get("/last-wins/", status_code=200)
def last_wins(
    response: Response,
    seen: Annotated[str, Depends(second)],
    endpoint_status: int | None = None,
):
    if endpoint_status is not None:
        response.status_code = endpoint_status
    return {"dependency": seen}
