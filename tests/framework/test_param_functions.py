"""``from framework import Query, Depends, ...`` are FastAPI's typed-``Any`` functions that
build ``framework.params`` markers, so both styles work at run time and under mypy."""

import inspect
from typing import Annotated

import pytest

from framework import App, Body, Cookie, Depends, File, Form, Header, Path, Query, Security, params
from testing import TestClient


def test_functions_build_the_marker_classes() -> None:
    q = Query("d", min_length=2, alias="qq")
    assert type(q) is params.Query and (q.default, q.alias) == ("d", "qq")
    h = Header(convert_underscores=False)
    assert type(h) is params.Header and h.convert_underscores is False
    b = Body(embed=True)
    assert type(b) is params.Body and (b.embed, b.media_type) == (True, "application/json")
    assert type(Form()) is params.Form and Form().media_type == "application/x-www-form-urlencoded"
    assert type(File()) is params.File and File().media_type == "multipart/form-data"
    assert type(Cookie()) is params.Cookie and type(Path()) is params.Path
    d = Depends(len, use_cache=False)
    assert type(d) is params.Depends and (d.dependency, d.use_cache) == (len, False)
    s = Security(len, scopes=["a"])
    assert type(s) is params.Security and list(s.scopes) == ["a"]
    assert inspect.signature(Query).return_annotation == "Any"


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_default_value_style_runs(backend: str) -> None:
    def dep() -> bool:
        return True

    app = App()

    @app.get("/")
    async def read(flag: bool = Depends(dep), q: str = Query("x", max_length=3), n: Annotated[int, Query()] = 1):
        return {"flag": flag, "q": q, "n": n}

    client = TestClient(app, backend=backend)
    assert client.get("/?n=2").json() == {"flag": True, "q": "x", "n": 2}
    assert client.get("/?q=long").status_code == 422
