"""Cookies (and a header) set on the ``Response`` parameter of a dependency, with a model.

The seed: "You can also declare the Response parameter in dependencies, and set cookies
(and headers) in them" and "if you declared a response_model, it will still be used to
filter and convert the object you returned".
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel

from framework import App, Depends, Response

__all__ = ["app"]

app = App()


class Message(BaseModel):
    message: str


def remember_visit(response: Response) -> None:
    response.set_cookie(key="visited", value="yes", max_age=3600, httponly=True)
    response.headers["X-Visit"] = "recorded"


@app.post("/visit/", response_model=Message, dependencies=[Depends(remember_visit)])
def visit(response: Response, flavour: Annotated[str | None, Depends(lambda: "dark")]):
    response.set_cookie(key="flavour", value=flavour or "none")
    return {"message": "Welcome back", "secret": "filtered out by the response_model"}
