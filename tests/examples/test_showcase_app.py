"""The showcase as a whole: the index page, lifespan, overrides and settings.

"Testing Events: lifespan", "Testing Dependencies with Overrides" and "Settings and
Environment Variables" the way their seed sections test them; asyncio and trio.
"""

import importlib.util
import json

import pytest

from examples.showcase import app as served_app
from examples.showcase import create_app
from examples.showcase.dependencies import CLEANUP_LOG, common_parameters
from examples.showcase.index import EXTRA_SECTIONS, INDEX_HTML, SECTIONS
from examples.showcase.lifespan import EVENTS
from examples.showcase.settings import Settings, get_settings
from framework import App
from testing import TestClient

BACKENDS = ["asyncio", "trio"]
SEED_SECTIONS_COVERED = {
    "Additional Status Codes", "Response - Change Status Code", "Response Headers",
    "Response Cookies", "Return a Response Directly",
    "Custom Response - HTML, Stream, File, others", "Advanced Dependencies",
    "Testing Dependencies with Overrides", "Settings and Environment Variables",
    "Lifespan Events", "Sub Applications - Mounts", "Including WSGI - Flask, Django, others",
    "Using Dataclasses", "Using the Request Directly", "Behind a Proxy", "Advanced Middleware",
    "Templates", "WebSockets", "Path Operation Advanced Configuration",
    "Additional Responses in OpenAPI", "OpenAPI Callbacks", "OpenAPI Webhooks",
    "Testing Events: lifespan and startup - shutdown", "Testing WebSockets", "Async Tests",
    "HTTP Basic Auth", "OAuth2 scopes", "Security Tools",
    "Dependencies - Depends() and Security()", "Generating SDKs",
    "FastAPI in Containers - Docker",
}
HAS_EMITTER = importlib.util.find_spec("openapi.routes") is not None


@pytest.fixture(scope="module", params=BACKENDS)
def client(request):
    with TestClient(create_app(), backend=request.param) as c:
        yield c


def test_served_object_is_an_app() -> None:
    assert isinstance(served_app, App)
    assert served_app.title == "Keel showcase"


def test_index_lists_every_section(client) -> None:
    r = client.get("/", headers={"accept-encoding": "identity"})
    assert r.status_code == 200
    assert r.headers.multi_items() == [
        ("content-length", str(len(INDEX_HTML.encode()))),
        ("content-type", "text/html; charset=utf-8"),
        ("vary", "Accept-Encoding, Origin"),
    ]
    assert r.text == INDEX_HTML
    assert len(SEED_SECTIONS_COVERED) == 31  # every feature section of the seed
    assert {title for title, _ in SECTIONS} == SEED_SECTIONS_COVERED | EXTRA_SECTIONS
    for title in SEED_SECTIONS_COVERED | EXTRA_SECTIONS:
        assert f"<h2>{title}</h2>" in r.text.replace("&#x27;", "'")
    assert '<a href="/lifespan/predict?x=2">/lifespan/predict?x=2</a>' in r.text


def test_index_is_gzipped_for_clients_that_accept_it(client) -> None:
    r = client.get("/")
    assert r.headers["content-encoding"] == "gzip"
    assert r.headers["vary"] == "Accept-Encoding, Origin"
    assert r.text == INDEX_HTML  # the client decodes gzip, as httpx does


def test_sections_json_mirrors_the_index(client) -> None:
    r = client.get("/sections", headers={"accept-encoding": "identity"})
    assert r.status_code == 200
    assert json.loads(r.content) == [
        {
            "section": title,
            "endpoints": [{"method": e.method, "path": e.path, "note": e.note} for e in eps],
        }
        for title, eps in SECTIONS
    ]


def test_every_listed_get_link_answers(client) -> None:
    links = [
        e.path for _, eps in SECTIONS for e in eps if e.method == "GET" and "{" not in e.path
    ]
    assert len(links) >= 30
    for path in links:
        r = client.get(path, follow_redirects=False)
        if path == "/openapi.json" and not HAS_EMITTER:
            assert r.status_code == 404
            continue
        expected = {"/openapi-features/items/bar": 404, "/security/basic/users/me": 401,
                    "/security/users/me": 401, "/security/users/me/items": 401,
                    "/security/api-key": 401}.get(path, (200, 302, 307))
        assert r.status_code in (expected if isinstance(expected, tuple) else (expected,)), path


def test_lifespan_runs_only_inside_with() -> None:
    app = create_app()
    before = len(EVENTS)
    client = TestClient(app)
    with pytest.raises(AttributeError):
        client.get("/lifespan/predict", params={"x": 1})
    assert len(EVENTS) == before
    with TestClient(app, backend="trio") as c:
        assert EVENTS[before:] == ["startup"]
        r = c.get("/lifespan/predict", params={"x": 0.5})
        assert (r.status_code, r.text) == (200, '{"result":21.0}')
        r = c.get("/lifespan/events")
        assert r.json() == {"events": list(EVENTS)}
    assert EVENTS[before:] == ["startup", "shutdown"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_dependency_overrides(backend) -> None:
    app = create_app()

    async def override_dependency(q: str | None = None):
        return {"q": q, "skip": 5, "limit": 10}

    app.dependency_overrides[common_parameters] = override_dependency
    with TestClient(app, backend=backend) as c:
        r = c.get("/deps/items/?q=foo&skip=100")
        assert (r.status_code, r.text) == (
            200, '{"message":"Hello Items!","params":{"q":"foo","skip":5,"limit":10}}'
        )
        r = c.get("/deps/users/")
        assert r.json() == {"message": "Hello Users!", "params": {"q": None, "skip": 5, "limit": 10}}
        app.dependency_overrides = {}
        r = c.get("/deps/users/?limit=3")
        assert r.json() == {"message": "Hello Users!", "params": {"q": None, "skip": 0, "limit": 3}}


@pytest.mark.parametrize("backend", BACKENDS)
def test_settings_default_and_overridden(backend, monkeypatch) -> None:
    app = create_app()
    with TestClient(app, backend=backend) as c:
        get_settings.cache_clear()
        monkeypatch.setenv("SHOWCASE_ADMIN_EMAIL", "ops@example.com")
        r = c.get("/settings/info")
        assert (r.status_code, r.text) == (
            200,
            '{"app_name":"Awesome API","admin_email":"ops@example.com","items_per_user":50}',
        )
        app.dependency_overrides[get_settings] = lambda: Settings(admin_email="t@example.com")
        r = c.get("/settings/info")
        assert r.json() == {
            "app_name": "Awesome API", "admin_email": "t@example.com", "items_per_user": 50
        }
    get_settings.cache_clear()


@pytest.mark.parametrize("backend", BACKENDS)
def test_yield_dependency_exits_in_order(backend) -> None:
    """FastAPI runs the function-scoped exit right after the endpoint, the request-scoped
    one after the response; Keel runs them in plain LIFO order (reported)."""
    with TestClient(create_app(), backend=backend) as c:
        CLEANUP_LOG.clear()
        r = c.get("/deps/scopes")
        assert (r.status_code, r.text) == (200, '{"scopes":["function","request"]}')
        log = c.get("/deps/cleanup-log").json()["log"]
    assert log[:3] == ["function: enter", "request: enter", "endpoint"]
    assert sorted(log[3:]) == ["function: exit", "request: exit"]


def test_function_scoped_exit_runs_before_request_scoped() -> None:
    with TestClient(create_app()) as c:
        CLEANUP_LOG.clear()
        c.get("/deps/scopes")
        assert CLEANUP_LOG == [
            "function: enter", "request: enter", "endpoint", "function: exit", "request: exit"
        ]


@pytest.mark.parametrize("backend", BACKENDS)
def test_untrusted_host_and_cors(backend) -> None:
    with TestClient(create_app(), backend=backend) as c:
        r = c.get("/middleware/small", headers={"host": "evil.com"})
        assert (r.status_code, r.headers.multi_items(), r.text) == (
            400,
            [("content-length", "19"), ("content-type", "text/plain; charset=utf-8")],
            "Invalid host header",
        )
        r = c.options("/middleware/small", headers={
            "origin": "https://example.com", "access-control-request-method": "POST",
            "access-control-request-headers": "x-a",
        })
        assert (r.status_code, r.text) == (200, "OK")
        assert r.headers.multi_items() == [
            ("vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, "
             "Access-Control-Request-Private-Network"),
            ("access-control-allow-methods", "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT, QUERY"),
            ("access-control-max-age", "600"),
            ("access-control-allow-credentials", "true"),
            ("access-control-allow-origin", "https://example.com"),
            ("access-control-allow-headers", "x-a"),
            ("content-length", "2"),
            ("content-type", "text/plain; charset=utf-8"),
        ]
        r = c.get("/middleware/small", headers={"origin": "https://example.com"})
        assert (r.status_code, r.text) == (200, "tiny")
        assert r.headers.multi_items() == [
            ("content-length", "4"), ("content-type", "text/plain; charset=utf-8"),
            ("access-control-allow-credentials", "true"),
            ("access-control-allow-origin", "https://example.com"), ("vary", "Origin"),
        ]
        r = c.get("/middleware/big")
        assert r.headers["content-encoding"] == "gzip"
        assert r.content == b"Keel " * 400


def test_root_path_behind_a_proxy() -> None:
    with TestClient(create_app(), root_path="/api/v1") as c:
        r = c.get("/request/proxy")
        assert r.json() == {
            "message": "Hello World",
            "root_path": "/api/v1",
            "self": "http://testserver/api/v1/request/proxy",
        }
