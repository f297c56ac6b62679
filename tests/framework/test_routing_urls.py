"""``url_path_for``: names, params, mounts, hosts, errors, and round trips through dispatch."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asgi_core.datastructures import URLPath
from framework.routing import Host, Mount, NoMatchFound, Route, Router, WebSocketRoute


class App:
    def __init__(self, name: str) -> None:
        self.__name__ = name

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        scope["handled_by"] = self.__name__


def drive(coro: Any) -> None:
    try:
        coro.send(None)
    except StopIteration:
        return
    raise AssertionError("coroutine suspended")


router = Router(
    [
        Route("/", App("home")),
        Route("/users/{user_id:int}", App("user"), methods=["GET"]),
        Route("/files/{rest:path}", App("files")),
        WebSocketRoute("/ws/{room}", App("room")),
        Mount(
            "/admin",
            name="admin",
            routes=[
                Route("/", App("index")),
                Route("/{page}", App("page")),
                Mount("/deep", name="deep", routes=[Route("/{x:float}", App("x"))]),
            ],
        ),
        Mount("/static", app=App("static"), name="static"),
        Mount("/{lang}/docs", routes=[Route("/{doc}", App("doc"))]),
        Host("{sub}.example.org", name="subs", app=Router([Route("/h", App("hosted"))])),
    ]
)


@pytest.mark.parametrize(
    ("name", "params", "expected", "protocol", "host"),
    [
        ("home", {}, "/", "http", ""),
        ("user", {"user_id": 7}, "/users/7", "http", ""),
        ("files", {"rest": "a/b.txt"}, "/files/a/b.txt", "http", ""),
        ("room", {"room": "lobby"}, "/ws/lobby", "websocket", ""),
        ("admin:index", {}, "/admin/", "http", ""),
        ("admin:page", {"page": "p1"}, "/admin/p1", "http", ""),
        ("admin:deep:x", {"x": 1.5}, "/admin/deep/1.5", "http", ""),
        ("static", {"path": "/css/site.css"}, "/static/css/site.css", "", ""),
        ("admin", {"path": "raw"}, "/admin/raw", "", ""),
        ("doc", {"lang": "en", "doc": "intro"}, "/en/docs/intro", "http", ""),
        ("subs:hosted", {"sub": "api"}, "/h", "http", "api.example.org"),
        ("subs", {"sub": "api", "path": "/any"}, "/any", "", "api.example.org"),
    ],
)
def test_url_path_for(name, params, expected, protocol, host):
    url = router.url_path_for(name, **params)
    assert isinstance(url, URLPath)
    assert (str(url), url.protocol, url.host) == (expected, protocol, host)


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("nope", {}, 'No route exists for name "nope" and params "".'),
        ("user", {}, 'No route exists for name "user" and params "".'),
        (
            "user",
            {"user_id": 1, "x": 2},
            'No route exists for name "user" and params "user_id, x".',
        ),
        ("admin:nope", {"a": 1}, 'No route exists for name "admin:nope" and params "a".'),
        ("page", {"page": "p"}, 'No route exists for name "page" and params "page".'),
    ],
)
def test_no_match_found_message(name, params, message):
    with pytest.raises(NoMatchFound) as info:
        router.url_path_for(name, **params)
    assert str(info.value) == message


def test_convertor_refusals_surface_as_value_errors():
    with pytest.raises(ValueError, match="Negative integers are not supported"):
        router.url_path_for("user", user_id=-1)
    with pytest.raises(ValueError, match="May not contain path separators"):
        router.url_path_for("admin:page", page="a/b")


def test_url_path_makes_absolute_urls():
    url = router.url_path_for("room", room="r")
    assert str(url.make_absolute_url("https://example.org/base/")) == "wss://example.org/base/ws/r"


def dispatch(path: str, kind: str = "http", host: bytes = b"testserver") -> dict[str, Any]:
    scope = {
        "type": kind,
        "path": path,
        "root_path": "",
        "method": "GET",
        "headers": [(b"host", host)],
    }
    drive(router(scope, None, None))
    return scope


segment_text = st.text(alphabet="abcXYZ019-_.~", min_size=1, max_size=8).filter(
    lambda s: s not in (".", "..")
)


@settings(max_examples=150, deadline=None)
@given(
    user_id=st.integers(min_value=0, max_value=10**12),
    rest=st.lists(segment_text, max_size=4).map("/".join),
    page=segment_text,
    x=st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False),
    lang=segment_text,
    doc=segment_text,
)
def test_url_path_for_round_trips_through_dispatch(user_id, rest, page, x, lang, doc):
    cases = [
        ("user", {"user_id": user_id}),
        ("files", {"rest": rest}),
        ("admin:page", {"page": page}),
        ("admin:deep:x", {"x": x}),
        ("doc", {"lang": lang, "doc": doc}),
    ]
    for name, params in cases:
        path = str(router.url_path_for(name, **params))
        scope = dispatch(path)
        assert scope["handled_by"] == name.rsplit(":", 1)[-1]
        got = scope["path_params"]
        if name == "admin:deep:x":
            assert got["x"] == pytest.approx(x, rel=1e-12, abs=1e-19)
        else:
            assert got == params


def test_round_trip_websocket_and_host():
    scope = dispatch(str(router.url_path_for("room", room="r1")), kind="websocket")
    assert (scope["handled_by"], scope["path_params"]) == ("room", {"room": "r1"})
    url = router.url_path_for("subs:hosted", sub="api")
    scope = dispatch(str(url), host=url.host.encode())
    assert (scope["handled_by"], scope["path_params"]) == ("hosted", {"sub": "api"})


def test_uuid_round_trip():
    r = Router([Route("/o/{oid:uuid}", App("o"))])
    oid = uuid.uuid4()
    path = r.url_path_for("o", oid=oid)
    scope = {"type": "http", "path": str(path), "root_path": "", "method": "GET", "headers": []}
    drive(r(scope, None, None))
    assert scope["path_params"] == {"oid": oid}
