"""The dispatch index against a naive linear scan: same route, same params, same outcome.

Dispatch here never awaits anything real, so coroutines are driven by hand (no event loop
needed, which keeps the hypothesis properties fast).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asgi_core.convertors import CONVERTOR_TYPES, Convertor, register_url_convertor
from asgi_core.exceptions import HTTPException
from framework.routing import BaseRoute, Host, Match, Mount, Route, Router, WebSocketRoute
from framework.routing.index import RouteIndex


class HexConvertor(Convertor[int]):
    regex = "[0-9a-f]+"

    def convert(self, value: str) -> int:
        return int(value, 16)

    def to_string(self, value: int) -> str:
        return format(value, "x")


@pytest.fixture(autouse=True, scope="module")
def testhex_convertor():
    """A custom convertor the index must treat as possibly spanning slashes."""
    register_url_convertor("testhex", HexConvertor())
    yield
    del CONVERTOR_TYPES["testhex"]


def drive(coro: Any) -> Any:
    """Run a coroutine that never suspends."""
    try:
        coro.send(None)
    except StopIteration as stop:
        return stop.value
    raise AssertionError("coroutine suspended")


class Recorder:
    """An ASGI app noting that it was the one called, and with which params."""

    def __init__(self, label: str) -> None:
        self.label = label

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        scope["handled_by"] = self.label


class AnyPathRoute(BaseRoute):
    """A custom route the index cannot see into: matches paths containing 'z'."""

    def __init__(self, label: str) -> None:
        self.app = Recorder(label)

    def matches(self, scope: Any) -> tuple[Match, Any]:
        if scope["type"] == "http" and "z" in scope["path"]:
            return Match.FULL, {"endpoint": self.app}
        return Match.NONE, {}

    async def handle(self, scope: Any, receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)


def outcome(router: Router, path: str, method: str = "GET", kind: str = "http") -> tuple:
    scope: dict[str, Any] = {
        "type": kind,
        "path": path,
        "root_path": "",
        "method": method,
        "headers": [(b"host", b"api.example.org")],
        "app": object(),  # 404 and 405 raise HTTPException instead of rendering
    }
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    try:
        drive(router(scope, None, send))
    except HTTPException as exc:
        return ("http", exc.status_code, scope.get("path_params"), scope.get("endpoint"))
    if sent == [{"type": "websocket.close", "code": 1000, "reason": ""}]:
        return ("closed",)
    if sent and sent[0]["type"] == "http.response.start":
        return ("redirect", sent[0]["status"], dict(sent[0]["headers"])[b"location"])
    return ("ok", scope["handled_by"], scope.get("path_params"))


def reference_outcome(
    routes: list[BaseRoute], path: str, method: str, kind: str, redirect_slashes: bool = False
) -> tuple:
    """Starlette's documented rule: first FULL match, else the first PARTIAL."""
    scope: dict[str, Any] = {
        "type": kind,
        "path": path,
        "root_path": "",
        "method": method,
        "headers": [(b"host", b"api.example.org")],
    }
    partial = None
    for route in routes:
        match, child = route.matches(dict(scope))
        if match is Match.FULL:
            return ("ok", route.app.label, child.get("path_params"))
        if match is Match.PARTIAL and partial is None:
            partial = child
    if partial is not None:
        return ("http", 405, partial["path_params"], partial["endpoint"])
    if kind == "websocket":
        return ("closed",)
    if redirect_slashes and path != "/":
        other = path.rstrip("/") if path.endswith("/") else path + "/"
        if not other.startswith("//"):
            other_scope = {**scope, "path": other}
            if any(r.matches(dict(other_scope))[0] is not Match.NONE for r in routes):
                return ("redirect", 307, b"http://api.example.org" + other.encode())
    return ("http", 404, None, None)


# -- strategies ----------------------------------------------------------------------

LITERALS = ["a", "b", "users", "me", "1", "x.json", ""]
PARAMS = [
    "{p}", "{p:int}", "{p:float}", "{p:uuid}", "{p:path}", "{p:testhex}", "v{p}.json", "{p}-{q}",
]  # fmt: skip
PATH_SEGMENTS = [
    "a", "b", "users", "me", "1", "42", "1.5", "x.json", "", "v1.json", "ab-cd", "ff", "z",
    "12345678-1234-1234-1234-123456789abc", "a\n", "ME",
]  # fmt: skip


@st.composite
def templates(draw: Any) -> str:
    segments = draw(st.lists(st.sampled_from(LITERALS + PARAMS), min_size=0, max_size=4))
    used: set[str] = set()
    out = []
    for i, seg in enumerate(segments):
        # Rename params so each template has distinct names.
        seg = seg.replace("{p", f"{{p{i}").replace("{q", f"{{q{i}")
        out.append(seg)
        used.add(seg)
    return "/" + "/".join(out)


ALL_KINDS = ("route", "route", "route", "ws", "mount", "host", "custom")


@st.composite
def route_tables(draw: Any, kinds: tuple[str, ...] = ALL_KINDS) -> list[BaseRoute]:
    routes: list[BaseRoute] = []
    for n in range(draw(st.integers(min_value=0, max_value=12))):
        label = f"r{n}"
        kind = draw(st.sampled_from(kinds))
        path = draw(templates())
        if kind == "route":
            methods = draw(st.sampled_from([None, ["GET"], ["POST"], ["GET", "PUT"]]))
            routes.append(Route(path, Recorder(label), methods=methods))
        elif kind == "ws":
            routes.append(WebSocketRoute(path, Recorder(label)))
        elif kind == "mount":
            mount_path = draw(st.sampled_from(["", path.rstrip("/")]))
            if "{" in mount_path and ":path}" in mount_path:
                mount_path = ""
            routes.append(Mount(mount_path, app=Recorder(label)))
        elif kind == "host":
            host = draw(st.sampled_from(["api.example.org", "{sub}.example.org", "other.org"]))
            routes.append(Host(host, app=Recorder(label)))
        else:
            routes.append(AnyPathRoute(label))
    return routes


paths = st.lists(st.sampled_from(PATH_SEGMENTS), min_size=0, max_size=5).map(
    lambda segs: "/" + "/".join(segs)
)


@settings(max_examples=250, deadline=None)
@given(
    routes=route_tables(),
    path=paths,
    method=st.sampled_from(["GET", "POST", "HEAD", "DELETE"]),
    kind=st.sampled_from(["http", "http", "websocket"]),
)
def test_index_dispatches_like_a_linear_scan(routes, path, method, kind):
    router = Router(routes, redirect_slashes=False)
    assert outcome(router, path, method, kind) == reference_outcome(routes, path, method, kind)


SAMPLES = {"str": "v", "int": "7", "float": "1.5", "path": "a/b", "testhex": "ff",
           "uuid": "12345678-1234-1234-1234-123456789abc"}  # fmt: skip


def near_path(route: BaseRoute, toggle: bool) -> str:
    """A path the route matches (params filled with samples), trailing slash toggled."""
    fmt = getattr(route, "path_format", "/")
    for name, conv in getattr(route, "param_convertors", {}).items():
        sample = next(v for k, v in SAMPLES.items() if CONVERTOR_TYPES[k] is conv)
        fmt = fmt.replace("{" + name + "}", "" if name == "path" else sample)
    if toggle:
        fmt = fmt.rstrip("/") if fmt.endswith("/") else fmt + "/"
    return fmt or "/"


@settings(max_examples=150, deadline=None)
@given(routes=route_tables(kinds=("route", "route", "ws", "mount")), data=st.data())
def test_slash_redirects_agree_with_a_linear_scan(routes, data):
    # Hosts and catch-all routes would match every path, leaving nothing to redirect.
    if routes and data.draw(st.booleans()):
        route = data.draw(st.sampled_from(routes))
        path = near_path(route, toggle=True)
    else:
        path = data.draw(paths.filter(lambda p: "\n" not in p))
    router = Router(routes)
    expected = reference_outcome(routes, path, "GET", "http", redirect_slashes=True)
    assert outcome(router, path) == expected


@settings(max_examples=200, deadline=None)
@given(routes=route_tables(), path=paths)
def test_candidates_are_a_superset_of_matches_in_order(routes, path):
    index = RouteIndex(routes)
    candidates = index.candidates(path)
    assert candidates == sorted(set(candidates))
    for kind in ("http", "websocket"):
        scope = {"type": kind, "path": path, "root_path": "", "method": "GET",
                 "headers": [(b"host", b"api.example.org")]}  # fmt: skip
        matching = [i for i, r in enumerate(routes) if r.matches(dict(scope))[0] is not Match.NONE]
        assert set(matching) <= set(candidates)


# -- the index itself ----------------------------------------------------------------


def test_static_and_dynamic_candidates_come_out_in_registration_order():
    routes = [
        Route("/users/{id}", Recorder("by_id")),
        Route("/users/me", Recorder("me")),
        Route("/files/{p:path}", Recorder("files")),
        Route("/other", Recorder("other")),
    ]
    index = RouteIndex(routes)
    assert index.candidates("/users/me") == [0, 1]
    assert index.candidates("/users/7") == [0]
    assert index.candidates("/files/a/b/c") == [2]
    assert index.candidates("/files") == []
    assert index.candidates("/other") == [3]
    assert index.candidates("/nothing/here") == []


def test_the_fiftieth_dynamic_route_is_one_candidate_not_fifty():
    routes = [Route(f"/r{i}/{{item_id:int}}", Recorder(f"r{i}")) for i in range(50)]
    index = RouteIndex(routes)
    assert index.candidates("/r49/7") == [49]
    assert index.candidates("/r0/7") == [0]
    router = Router(routes)
    assert outcome(router, "/r49/7") == ("ok", "r49", {"item_id": 7})


def test_unindexable_routes_are_candidates_everywhere_in_order():
    routes = [
        Route("/a", Recorder("a")),
        AnyPathRoute("custom"),
        Host("{sub}.example.org", app=Recorder("host")),
        Route("/h/{x:testhex}/z", Recorder("hex")),
    ]
    index = RouteIndex(routes)
    assert index.candidates("/a") == [0, 1, 2]
    # A custom convertor's regex might span slashes: indexed by its literal prefix only.
    assert index.candidates("/h/ff/z") == [1, 2, 3]
    assert index.candidates("/h/ff/y/z") == [1, 2, 3]


def test_trailing_newline_matches_like_the_regex_dollar():
    # Starlette's "$" matches before a final newline; the index keeps that.
    router = Router([Route("/a", Recorder("a")), Route("/u/{id}", Recorder("u"))])
    assert outcome(router, "/a\n") == ("ok", "a", {})
    assert outcome(router, "/u/1\n") == ("ok", "u", {"id": "1\n"})


class OverridingRoute(Route):
    """Like APIRoute: overrides matches but still defers to the path regex."""

    def matches(self, scope: Any) -> tuple[Match, Any]:
        match, child = super().matches(scope)
        if match is not Match.NONE:
            child["route"] = self
        return match, child


class UnindexableRoute(Route):
    indexable = False


def test_route_subclasses_stay_indexed_unless_they_opt_out():
    routes = [OverridingRoute("/x/{id}", Recorder("o")), UnindexableRoute("/y", Recorder("u"))]
    index = RouteIndex(routes)
    assert index.candidates("/x/1") == [0, 1]
    assert index.candidates("/q") == [1]


def test_a_route_whose_regex_was_replaced_falls_back_to_scanning():
    import re

    route = Route("/a", Recorder("a"))
    route.path_regex = re.compile("^/b$")
    index = RouteIndex([route])
    assert index.candidates("/zzz") == [0]
    assert outcome(Router([route]), "/b") == ("ok", "a", {})


# -- invalidation --------------------------------------------------------------------


@pytest.mark.parametrize(
    "mutate",
    [
        lambda rs, r: rs.append(r),
        lambda rs, r: rs.extend([r]),
        lambda rs, r: rs.insert(0, r),
        lambda rs, r: rs.__setitem__(slice(0, 0), [r]),
        lambda rs, r: rs.__iadd__([r]),
    ],
)
def test_routes_added_after_the_first_request_are_seen(mutate):
    router = Router([Route("/a", Recorder("a"))])
    assert outcome(router, "/b/1")[:2] == ("http", 404)
    mutate(router.routes, Route("/b/{n:int}", Recorder("b")))
    assert outcome(router, "/b/1") == ("ok", "b", {"n": 1})


def test_removing_reordering_and_replacing_routes_are_seen():
    first, second = Route("/{x}", Recorder("first")), Route("/{y}", Recorder("second"))
    router = Router([first, second])
    assert outcome(router, "/v") == ("ok", "first", {"x": "v"})
    router.routes.reverse()
    assert outcome(router, "/v") == ("ok", "second", {"y": "v"})
    router.routes.sort(key=lambda r: r.name, reverse=False)
    router.routes.remove(second)
    assert outcome(router, "/v") == ("ok", "first", {"x": "v"})
    del router.routes[0]
    assert outcome(router, "/v")[:2] == ("http", 404)
    router.routes = [second]
    assert outcome(router, "/v") == ("ok", "second", {"y": "v"})
    router.routes.pop()
    router.routes += [first]
    assert outcome(router, "/v") == ("ok", "first", {"x": "v"})
    router.routes.clear()
    assert outcome(router, "/v")[:2] == ("http", 404)


def test_router_routes_is_still_a_list():
    router = Router([Route("/a", Recorder("a"))])
    assert isinstance(router.routes, list)
    assert router.routes == [Route("/a", router.routes[0].endpoint)]


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda rl: rl.append(9), [1, 2, 3, 9]),
        (lambda rl: rl.extend([9]), [1, 2, 3, 9]),
        (lambda rl: rl.insert(1, 9), [1, 9, 2, 3]),
        (lambda rl: rl.remove(2), [1, 3]),
        (lambda rl: rl.pop(0), [2, 3]),
        (lambda rl: rl.clear(), []),
        (lambda rl: rl.sort(key=lambda x: -x), [3, 2, 1]),
        (lambda rl: rl.reverse(), [3, 2, 1]),
        (lambda rl: rl.__setitem__(0, 9), [9, 2, 3]),
        (lambda rl: rl.__delitem__(slice(1, None)), [1]),
        (lambda rl: rl.__iadd__([9]), [1, 2, 3, 9]),
        (lambda rl: rl.__imul__(2), [1, 2, 3, 1, 2, 3]),
    ],
)
def test_route_list_reports_every_mutation(mutate, expected):
    from framework.routing.routelist import RouteList

    calls: list[int] = []
    routes = RouteList([1, 2, 3], lambda: calls.append(1))
    mutate(routes)
    assert (list(routes), calls, type(routes)) == (expected, [1], RouteList)
    assert routes[1:] == expected[1:] and type(routes[1:]) is list
