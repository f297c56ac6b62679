"""A parameterized dependency: a callable instance checks for fixed content in ``q``.

The ``Annotated`` form of the seed's program.
"""

from __future__ import annotations

from typing import Annotated

from framework import App, Depends

__all__ = ["FixedContentQueryChecker", "app", "checker"]

app = App()


class FixedContentQueryChecker:
    def __init__(self, fixed_content: str):
        self.fixed_content = fixed_content

    def __call__(self, q: str = ""):
        if q:
            return self.fixed_content in q
        return False


checker = FixedContentQueryChecker("bar")


@app.get("/query-checker/")
async def read_query_check(fixed_content_included: Annotated[bool, Depends(checker)]):
    return {"fixed_content_in_query": fixed_content_included}
