"""The DI container: sub-dependencies, caching, yield semantics, scopes, overrides, order.

Expected responses and call logs were observed from FastAPI 0.165 on the same program.
"""


from typing import Annotated

import pytest

from framework import App, Depends, Header, HTTPException, Security
from framework.dependencies import SecurityScopes
from testing import TestClient

BACKENDS = ["asyncio", "trio"]


def build_app(log: list[str]) -> App:
    app = App()

    def auth(x_key: Annotated[str | None, Header()] = None):
        log.append("auth")
        if x_key != "k":
            raise HTTPException(401, "no", headers={"WWW-Authenticate": "Key"})
        return x_key

    @app.get("/a", dependencies=[Depends(auth)])
    def a(n: int):
        return n

    def counter():
        log.append("counter")
        return len(log)

    def dep2(c: Annotated[int, Depends(counter)]):
        return c

    @app.get("/cache")
    def cache(
        a: Annotated[int, Depends(counter)],
        b: Annotated[int, Depends(dep2)],
        c: Annotated[int, Depends(counter, use_cache=False)],
    ):
        return [a, b, c]

    async def gen():
        log.append("enter")
        try:
            yield "v"
        except ValueError as e:
            log.append(f"caught {e}")
            raise HTTPException(400, "from dep") from None
        finally:
            log.append("exit")

    @app.get("/y")
    def y(v: Annotated[str, Depends(gen)], fail: bool = False):
        log.append("endpoint")
        if fail:
            raise ValueError("boom")
        return v

    def s1(sec: SecurityScopes):
        return sec.scopes

    def s2(a: Annotated[list, Security(s1, scopes=["b"])], sec: SecurityScopes):
        return [a, sec.scopes, sec.scope_str]

    @app.get("/sec")
    def sec(v: Annotated[list, Security(s2, scopes=["a"])]):
        return v

    def q_dep(q: int):
        log.append("qdep")
        return q

    @app.get("/order")
    def order(x: Annotated[int, Depends(q_dep)], z: int):
        return [x, z]

    return app


@pytest.fixture(params=BACKENDS)
def setup(request: pytest.FixtureRequest) -> tuple[TestClient, list[str]]:
    log: list[str] = []
    return TestClient(build_app(log), backend=request.param), log


def call(setup, path: str, **kw):
    client, log = setup
    log.clear()
    r = client.get(path, **kw)
    return r, list(log)


def test_route_dependency_answers_before_validation(setup) -> None:
    r, log = call(setup, "/a")
    assert (r.status_code, r.headers["www-authenticate"], r.json(), log) == (
        401, "Key", {"detail": "no"}, ["auth"]
    )
    r, log = call(setup, "/a?n=1", headers={"x-key": "k"})
    assert (r.status_code, r.json(), log) == (200, 1, ["auth"])
    r, log = call(setup, "/a?n=x", headers={"x-key": "k"})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["query", "n"]
    assert log == ["auth"]


def test_cache_shares_one_call_unless_disabled(setup) -> None:
    r, log = call(setup, "/cache")
    assert (r.json(), log) == ([1, 1, 2], ["counter", "counter"])


def test_yield_cleanup_and_exception_thrown_in(setup) -> None:
    r, log = call(setup, "/y")
    assert (r.status_code, r.json(), log) == (200, "v", ["enter", "endpoint", "exit"])
    r, log = call(setup, "/y?fail=true")
    assert (r.status_code, r.json()) == (400, {"detail": "from dep"})
    assert log == ["enter", "endpoint", "caught boom", "exit"]


def test_security_scopes_accumulate_down_the_tree(setup) -> None:
    r, _ = call(setup, "/sec")
    assert r.json() == [["a", "b"], ["a"], "a"]


def test_errors_collected_and_valid_dependencies_still_run(setup) -> None:
    r, log = call(setup, "/order?q=x")
    assert r.json() == {
        "detail": [
            {
                "type": "int_parsing",
                "loc": ["query", "q"],
                "msg": "Input should be a valid integer, unable to parse string as an integer",
                "input": "x",
            },
            {"type": "missing", "loc": ["query", "z"], "msg": "Field required", "input": None},
        ]
    }
    assert log == []
    r, log = call(setup, "/order?q=1")
    assert r.json() == {
        "detail": [{"type": "missing", "loc": ["query", "z"], "msg": "Field required", "input": None}]
    }
    assert log == ["qdep"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_dependency_overrides_take_effect_on_next_request(backend: str) -> None:
    app = App()

    def real(q: str | None = None):
        return {"real": q}

    @app.get("/")
    def root(v: Annotated[dict, Depends(real)]):
        return v

    client = TestClient(app, backend=backend)
    assert client.get("/?q=1").json() == {"real": "1"}

    def fake(skip: int = 0):
        return {"fake": skip}

    app.dependency_overrides[real] = fake
    assert client.get("/?skip=5").json() == {"fake": 5}
    app.dependency_overrides = {}
    assert client.get("/?q=2").json() == {"real": "2"}
