"""The showcase endpoints for the security, testing, tooling and streaming sections.

"HTTP Basic Auth", "OAuth2 scopes", "Security Tools", "Dependencies - Depends() and
Security()", "Async Tests", "Testing WebSockets", "Generating SDKs", "FastAPI in Containers -
Docker", the mounts, and JSON Lines / Server-Sent Events: whole responses, asyncio and trio.
"""

import json

import pytest

from examples.showcase import create_app, security_demo, tooling
from examples.showcase.security_demo import token_for
from testing import AsyncClient, TestClient
from testing.check import check_app

BACKENDS = ["asyncio", "trio"]
IDENTITY = {"accept-encoding": "identity"}
JSON = "application/json"
VARY = ("vary", "Origin")
JOHN = token_for("johndoe", ["me", "items"])
ALICE = token_for("alice", ["me"])


def json_headers(body: str, *before: tuple[str, str]) -> list[tuple[str, str]]:
    return [*before, ("content-length", str(len(body.encode()))), ("content-type", JSON), VARY]


@pytest.fixture(scope="module", params=BACKENDS)
def started(request):
    with TestClient(create_app(), backend=request.param) as c:
        yield c


@pytest.fixture
def client(started):
    security_demo.TOKENS.clear()
    tooling.STORE.rows.clear()
    yield started
    security_demo.TOKENS.clear()
    tooling.STORE.rows.clear()


def check(client, method, path, status, body, before=(), **kw):
    kw["headers"] = {**IDENTITY, **kw.get("headers", {})}
    r = client.request(method, path, **kw)
    assert (r.status_code, r.headers.multi_items(), r.text) == (
        status, json_headers(body, *before), body
    )


NOT_AUTHENTICATED = '{"detail":"Not authenticated"}'
BASIC = ("www-authenticate", 'Basic realm="showcase"')

ROWS = [
    # HTTP Basic Auth
    ("GET", "/security/basic/users/me", {}, 401, NOT_AUTHENTICATED, (BASIC,)),
    ("GET", "/security/basic/users/me", {"auth": ("stanleyjobson", "swordfish")}, 200,
     '{"username":"stanleyjobson"}', ()),
    ("GET", "/security/basic/users/me", {"auth": ("stanleyjobson", "swordfisH")}, 401,
     '{"detail":"Incorrect username or password"}', (BASIC,)),
    ("GET", "/security/basic/users/me", {"auth": ("stanleyjobsoN", "swordfish")}, 401,
     '{"detail":"Incorrect username or password"}', (BASIC,)),
    # Security Tools
    ("GET", "/security/api-key", {}, 401, NOT_AUTHENTICATED, (("www-authenticate", "APIKey"),)),
    ("GET", "/security/api-key", {"headers": {"x-key": "showcase-key"}}, 200,
     '{"authorized":true}', ()),
    ("GET", "/security/api-key", {"headers": {"x-key": "guess"}}, 403,
     '{"detail":"Wrong API key"}', ()),
    ("GET", "/security/optional-bearer", {}, 200, '{"scheme":null,"token":null}', ()),
    ("GET", "/security/optional-bearer", {"headers": {"authorization": "Bearer abc"}}, 200,
     '{"scheme":"Bearer","token":"abc"}', ()),
    # OAuth2 scopes: no token, an unknown token
    ("GET", "/security/users/me", {}, 401, NOT_AUTHENTICATED, (("www-authenticate", "Bearer"),)),
    ("GET", "/security/users/me", {"headers": {"authorization": "Bearer nope"}}, 401,
     '{"detail":"Could not validate credentials"}', (("www-authenticate", 'Bearer scope="me"'),)),
    ("POST", "/security/token", {"data": {"username": "alice", "password": "secret"}}, 400,
     '{"detail":"Incorrect username or password"}', ()),
    ("POST", "/security/token", {"data": {"username": "nobody", "password": "x"}}, 400,
     '{"detail":"Incorrect username or password"}', ()),
    # Dependencies - Depends() and Security(): one call cached, one fresh
    ("GET", "/security/use-cache", {}, 200, '{"first":0,"cached":0,"fresh":1}', ()),
    # Docker, mounts
    ("GET", "/tooling/container", {}, 200,
     '{"cmd":["python","-m","framework","run","examples.showcase:app","--host","0.0.0.0",'
     '"--port","80","--proxy-headers"]}', ()),
    ("GET", "/tooling/mounts", {}, 200,
     '[{"path":"/subapi","name":"","app":"App"},{"path":"/wsgi","name":"","app":"WSGIMiddleware"}'
     ',{"path":"/static","name":"static","app":"StaticFiles"}]', ()),
    # Async Tests (the synchronous client works too)
    ("POST", "/tooling/async-store?row=a", {}, 200, '{"rows":1}', ()),
]


@pytest.mark.parametrize(("method", "path", "kw", "status", "body", "before"), ROWS)
def test_endpoint(client, method, path, kw, status, body, before) -> None:
    check(client, method, path, status, body, before, **kw)


def test_oauth2_scopes_flow(client) -> None:
    token_body = '{"access_token":"%s","token_type":"bearer"}'
    form = {"username": "johndoe", "password": "secret", "scope": "me items unknown"}
    check(client, "POST", "/security/token", 200, token_body % JOHN, data=form)
    form = {"username": "alice", "password": "secret2", "scope": "me"}
    check(client, "POST", "/security/token", 200, token_body % ALICE, data=form)
    assert security_demo.TOKENS == {JOHN: ("johndoe", ["me", "items"]), ALICE: ("alice", ["me"])}

    john = {"authorization": f"Bearer {JOHN}"}
    alice = {"authorization": f"Bearer {ALICE}"}
    check(client, "GET", "/security/users/me", 200, '{"username":"johndoe"}', headers=john)
    check(client, "GET", "/security/users/me/items", 200,
          '[{"item_id":"Foo","owner":"johndoe"}]', headers=john)
    check(client, "GET", "/security/users/me", 200, '{"username":"alice"}', headers=alice)
    check(client, "GET", "/security/users/me/items", 401, '{"detail":"Not enough permissions"}',
          (("www-authenticate", 'Bearer scope="me items"'),), headers=alice)


def test_json_lines_stream(client) -> None:
    r = client.get("/tooling/notes.jsonl", headers=IDENTITY)
    assert (r.status_code, r.headers.multi_items(), r.text) == (
        200,
        [("content-type", "application/jsonl"), ("vary", "Accept-Encoding, Origin")],
        '{"index": 0, "text": "lifespan ran"}\n{"index": 1, "text": "routes included"}\n'
        '{"index": 2, "text": "serving"}\n',
    )


def test_server_sent_events(client) -> None:
    r = client.get("/tooling/notes.sse", headers=IDENTITY)
    assert (r.status_code, r.headers.multi_items(), r.text) == (
        200,
        [("content-type", "text/event-stream; charset=utf-8"), ("cache-control", "no-cache"),
         ("x-accel-buffering", "no"), VARY],
        'event: note\ndata: {"text": "lifespan ran"}\nid: 0\n\n'
        'event: note\ndata: {"text": "routes included"}\nid: 1\n\n'
        'event: note\ndata: {"text": "serving"}\nid: 2\n\n',
    )


def test_sdk_operations_are_the_documents(client) -> None:
    document = json.loads(client.get("/openapi.json", headers=IDENTITY).content)
    expected = {
        op["operationId"]: f"{method.upper()} {path}"
        for path, item in document["paths"].items()
        for method, op in item.items()
    }
    r = client.get("/tooling/sdk-operations", headers=IDENTITY)
    assert (r.status_code, r.json()) == (200, expected)
    assert r.headers["content-type"] == JSON
    assert len(expected) == sum(len(item) for item in document["paths"].values())  # unique ids
    assert expected["read_basic_user_security_basic_users_me_get"] == (
        "GET /security/basic/users/me"
    )


def test_testing_websockets_same_client(client) -> None:
    r = client.get("/ws/", headers=IDENTITY)
    assert (r.status_code, r.headers["content-type"]) == (200, "text/html; charset=utf-8")
    with client.websocket_connect("/ws/echo") as ws:
        ws.send_text("hi")
        assert ws.receive_text() == "Message text was: hi"


@pytest.mark.anyio
async def test_async_tests_section() -> None:
    """The seed's pattern: an anyio test awaits requests and other async calls alike."""
    tooling.STORE.rows.clear()
    async with AsyncClient(app=create_app(), base_url="http://testserver") as ac:
        r = await ac.post("/tooling/async-store", params={"row": "one"}, headers=IDENTITY)
        assert (r.status_code, r.headers.multi_items(), r.text) == (
            200, json_headers('{"rows":1}'), '{"rows":1}'
        )
        assert await tooling.STORE.add("two") == 2
        r = await ac.post("/tooling/async-store", params={"row": "three"}, headers=IDENTITY)
        assert r.text == '{"rows":3}'
    assert await tooling.STORE.count() == 3
    assert tooling.STORE.rows == ["one", "two", "three"]
    tooling.STORE.rows.clear()


CONTRACT_OPS = [
    "GET /security/basic/users/me", "GET /security/api-key", "GET /security/optional-bearer",
    "GET /security/use-cache", "GET /security/users/me", "GET /security/users/me/items",
    "GET /tooling/container", "GET /tooling/mounts",  # sdk-operations: gzipped, see below
]


@pytest.mark.parametrize("backend", BACKENDS)
def test_new_operations_keep_their_documented_contract(backend) -> None:
    """``testing.check_app``: generated requests get only documented answers.

    Left out: ``/tooling/sdk-operations`` (its body is big enough to be gzipped and
    check_app decodes it twice: BadGzipFile) and ``POST /security/token`` (check_app sends
    the required form body as absent in a "valid" case); both reported to the toolkit.
    """
    app = create_app()
    check_app(app, max_examples=10, only=CONTRACT_OPS, invalid=False, backend=backend)
    check_app(app, max_examples=10, only=["POST /tooling/async-store"], backend=backend)
    # answers 202 at runtime, declared next to the decorator's 201
    check_app(app, max_examples=5, only=["POST /response/status-and-header"], invalid=False,
              backend=backend)
