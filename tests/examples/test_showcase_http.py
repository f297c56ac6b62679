"""Every HTTP endpoint of the showcase app, whole responses, on asyncio and trio.

The expected answers are what FastAPI 0.165 gives for the same program with its imports
rewritten (checked by hand with a throwaway FastAPI venv); each row is one request.
"""


import pytest

from examples.showcase import create_app, status_codes
from examples.showcase.custom_responses import DOWNLOAD
from examples.showcase.pages import STATIC_DIR
from testing import TestClient

BACKENDS = ["asyncio", "trio"]
VARY = ("vary", "Origin")
JSON = "application/json"
HTML = "text/html; charset=utf-8"
TEXT = "text/plain; charset=utf-8"


def body_headers(body: str, media_type: str = JSON) -> list[tuple[str, str]]:
    return [("content-length", str(len(body.encode()))), ("content-type", media_type), VARY]


@pytest.fixture(scope="module", params=BACKENDS)
def started(request):
    """One app and one started client per backend for the whole module (building is slow)."""
    with TestClient(create_app(), backend=request.param) as c:
        yield c


@pytest.fixture
def client(started):
    """The started client with a fresh cookie jar and the example's data restored after."""
    items = {k: dict(v) for k, v in status_codes.ITEMS.items()}
    tasks = dict(status_codes.TASKS)
    started.cookies.clear()
    yield started
    status_codes.ITEMS.clear()
    status_codes.ITEMS.update(items)
    status_codes.TASKS.clear()
    status_codes.TASKS.update(tasks)


def check(client, method, path, status, body, media_type=JSON, expect=None, **kw):
    r = client.request(method, path, **kw)
    expected_headers = expect if expect is not None else body_headers(body, media_type)
    assert (r.status_code, r.headers.multi_items(), r.text) == (status, expected_headers, body)


VALIDATION_NAME_SIZE = (
    '{"detail":[{"type":"string_type","loc":["body","name"],"msg":"Input should be a valid '
    'string","input":3},{"type":"int_parsing","loc":["body","size"],"msg":"Input should be a '
    'valid integer, unable to parse string as an integer","input":"x"}]}'
)

# (method, path, request kwargs, status, body, media type)
JSON_ROWS = [
    ("PUT", "/status/items/foo", {"json": {"name": "X", "size": 1}}, 200, '{"name":"X","size":1}'),
    ("PUT", "/status/items/new", {"json": {"name": "N", "size": 2}}, 201, '{"name":"N","size":2}'),
    ("PUT", "/status/items/bad", {"json": {"name": 3, "size": "x"}}, 422, VALIDATION_NAME_SIZE),
    ("PUT", "/status/tasks/foo", {}, 200, '"Listen to the Bar Fighters"'),
    ("PUT", "/status/tasks/bar", {}, 201, '"This didn\'t exist before"'),
    ("POST", "/status/accepted", {}, 202, '{"job":"queued"}'),
    ("GET", "/response/cookie", {}, 200, '{"fakesession":null}'),
    ("GET", "/response/cookie", {"cookies": {"fakesession": "s"}}, 200, '{"fakesession":"s"}'),
    ("GET", "/responses/indented", {}, 200,
     '{\n    "message": "Hello World",\n    "nested": {\n        "ok": true\n    }\n}'),
    ("PUT", "/responses/items/7", {"json": {"title": "t", "timestamp": "2024-01-02T03:04:05"}},
     200, '{"id":"7","title":"t","timestamp":"2024-01-02T03:04:05","description":null}'),
    ("GET", "/deps/query-checker/?q=foobar", {}, 200, '{"fixed_content_in_query":true}'),
    ("GET", "/deps/query-checker/?q=foo", {}, 200, '{"fixed_content_in_query":false}'),
    ("GET", "/deps/query-checker/", {}, 200, '{"fixed_content_in_query":false}'),
    ("GET", "/deps/items/?q=keel&skip=1", {}, 200,
     '{"message":"Hello Items!","params":{"q":"keel","skip":1,"limit":100}}'),
    ("GET", "/deps/users/", {}, 200,
     '{"message":"Hello Users!","params":{"q":null,"skip":0,"limit":100}}'),
    ("GET", "/deps/users/?limit=x", {}, 422,
     '{"detail":[{"type":"int_parsing","loc":["query","limit"],"msg":"Input should be a valid '
     'integer, unable to parse string as an integer","input":"x"}]}'),
    ("GET", "/deps/owned/portal-gun", {}, 200,
     '{"description":"Gun to create portals","owner":"Rick"}'),
    ("GET", "/deps/owned/plumbus", {}, 400, '{"detail":"Owner error: Rick"}'),
    ("GET", "/deps/owned/nope", {}, 404, '{"detail":"Item not found"}'),
    ("GET", "/lifespan/predict?x=2", {}, 200, '{"result":84.0}'),
    ("GET", "/subapi/sub", {}, 200,
     '{"message":"Hello World from sub API","root_path":"/subapi",'
     '"self":"http://testserver/subapi/sub"}'),
    ("POST", "/dataclasses/items/", {"json": {"name": "a", "price": 1.5}}, 200,
     '{"name":"a","price":1.5,"description":null,"tax":null}'),
    ("POST", "/dataclasses/items/", {"json": {"name": "a"}}, 422,
     '{"detail":[{"type":"missing","loc":["body","price"],"msg":"Field required",'
     '"input":{"name":"a"}}]}'),
    ("GET", "/dataclasses/items/next", {}, 200,
     '{"name":"Island In The Moon","price":12.99,"tags":["breater"],'
     '"description":"A place to be playin\' and havin\' fun","tax":null}'),
    ("POST", "/dataclasses/authors/ann/items/", {"json": [{"name": "a", "price": 2}]}, 200,
     '{"name":"ann","items":[{"name":"a","price":2.0,"description":null,"tax":null}]}'),
    ("GET", "/dataclasses/authors/", {}, 200,
     '[{"name":"Breaters","items":[{"name":"Island In The Moon","price":12.99,'
     '"description":null,"tax":null}]},{"name":"System of an Up","items":[{"name":"Salt",'
     '"price":3.5,"description":null,"tax":null}]}]'),
    ("GET", "/request/items/foo", {}, 200, '{"client_host":"testclient","item_id":"foo"}'),
    ("GET", "/request/echo?a=1&b=2", {}, 200,
     '{"method":"GET","path":"/request/echo","query":{"a":"1","b":"2"},'
     '"user_agent":"testclient"}'),
    ("POST", "/request/raw-body", {"content": b"abc", "headers": {"content-type": "text/plain"}},
     200, '{"length":3,"content_type":"text/plain"}'),
    ("GET", "/request/proxy", {}, 200,
     '{"message":"Hello World","root_path":"","self":"http://testserver/request/proxy"}'),
    ("GET", "/openapi-features/items/foo", {}, 200, '{"id":"foo","value":"there goes my hero"}'),
    ("GET", "/openapi-features/items/bar", {}, 404, '{"message":"Item not found"}'),
    ("GET", "/openapi-features/operation-id", {}, 200, '[{"item_id":"Foo"}]'),
    ("GET", "/openapi-features/hidden", {}, 200, '{"hidden":"yes"}'),
    ("POST", "/openapi-features/described", {"json": {"id": "1", "value": "v"}}, 200,
     '{"id":"1","value":"v"}'),
    ("POST", "/openapi-features/extra", {}, 200, '{"portal":"blue"}'),
    ("POST", "/openapi-features/invoices/?callback_url=https://example.com/cb",
     {"json": {"id": "i", "customer": "c", "total": 3}}, 200, '{"msg":"Invoice received"}'),
    ("POST", "/openapi-features/invoices/?callback_url=nope",
     {"json": {"id": "i", "customer": "c", "total": 3}}, 422,
     '{"detail":[{"type":"url_parsing","loc":["query","callback_url"],"msg":"Input should be '
     'a valid URL, relative URL without a base","input":"nope","ctx":{"error":"relative URL '
     'without a base"}}]}'),
    ("GET", "/nope", {}, 404, '{"detail":"Not Found"}'),
    ("GET", "/static/nope.css", {}, 404, '{"detail":"Not Found"}'),
]


@pytest.mark.parametrize(("method", "path", "kw", "status", "body"), JSON_ROWS)
def test_json_endpoints(client, method, path, kw, status, body) -> None:
    check(client, method, path, status, body, **kw)


LEGACY_XML = """<?xml version="1.0"?>
    <shampoo>
    <Header>
        Apply shampoo here.
    </Header>
    <Body>
        You'll have to use soap here.
    </Body>
    </shampoo>
    """

HTML_PAGE = """
    <html>
        <head>
            <title>Some HTML in here</title>
        </head>
        <body>
            <h1>Look ma! HTML!</h1>
        </body>
    </html>
    """

ITEM_PAGE = (
    '<html>\n<head>\n    <title>Item Details</title>\n'
    '    <link href="http://testserver/static/styles.css" rel="stylesheet">\n</head>\n<body>\n'
    '    <h1><a href="http://testserver/templates/items/42">Item ID: 42</a></h1>\n'
    "</body>\n</html>"
)

TEXT_ROWS = [
    ("/responses/html", HTML_PAGE, HTML),
    ("/responses/html-direct", "<h1>Look ma! HTML!</h1>", HTML),
    ("/responses/plain", "Hello World", TEXT),
    ("/responses/legacy", LEGACY_XML, "application/xml"),
    ("/middleware/small", "tiny", TEXT),
    ("/templates/items/42", ITEM_PAGE, HTML),
]


@pytest.mark.parametrize(("path", "body", "media_type"), TEXT_ROWS)
def test_text_endpoints(client, path, body, media_type) -> None:
    check(client, "GET", path, 200, body, media_type)


def test_delete_is_204_without_body(client) -> None:
    r = client.delete("/status/items/foo")
    assert (r.status_code, r.headers.multi_items(), r.content) == (
        204, [("content-type", JSON), VARY], b""
    )
    assert "foo" not in status_codes.ITEMS


def test_headers_on_the_response_parameter_and_direct(client) -> None:
    body = '{"message":"Hello World"}'
    check(client, "GET", "/response/headers", 200, body, expect=[
        ("content-length", "25"), ("content-type", JSON),
        ("x-cat-dog", "alone in the world"), VARY,
    ])
    check(client, "GET", "/response/headers-direct", 200, body, expect=[
        ("x-cat-dog", "alone in the world"), ("content-language", "en-US"),
        ("content-length", "25"), ("content-type", JSON), VARY,
    ])


def test_cookies_on_the_response_parameter_and_direct(client) -> None:
    body = '{"message":"Come to the dark side, we have cookies"}'
    check(client, "POST", "/response/cookie-and-object", 200, body, expect=[
        ("content-length", "52"), ("content-type", JSON),
        ("set-cookie", "fakesession=fake-cookie-session-value; Path=/; SameSite=lax"), VARY,
    ])
    check(client, "POST", "/response/cookie", 200, body, expect=[
        ("content-length", "52"), ("content-type", JSON),
        ("set-cookie",
         "fakesession=fake-cookie-session-value; HttpOnly; Max-Age=3600; Path=/; SameSite=lax"),
        VARY,
    ])
    # the client's jar sends it back
    check(client, "GET", "/response/cookie", 200, '{"fakesession":"fake-cookie-session-value"}')
    check(client, "POST", "/response/status-and-header", 202, '{"accepted":true}', expect=[
        ("content-length", "17"), ("content-type", JSON), ("x-queue", "low"),
        ("set-cookie", "job=42; Path=/; SameSite=strict"), VARY,
    ])


def test_redirects(client) -> None:
    r = client.get("/responses/redirect", follow_redirects=False)
    assert (r.status_code, r.headers.multi_items(), r.content) == (
        307, [("content-length", "0"), ("location", "https://typer.tiangolo.com"), VARY], b""
    )
    r = client.get("/responses/redirect-class", follow_redirects=False)
    assert (r.status_code, r.headers.multi_items(), r.content) == (
        302, [("content-length", "0"), ("location", "/responses/plain"), VARY], b""
    )
    r = client.get("/responses/redirect-class")
    assert (r.status_code, r.text, str(r.url)) == (
        200, "Hello World", "http://testserver/responses/plain"
    )


def gunzip(r) -> bytes:
    """The body; the client has already decoded a gzipped one, as httpx does."""
    return r.content


GZIPPED = [("vary", "Accept-Encoding, Origin"), ("content-encoding", "gzip")]


def test_streaming_response_is_gzipped_and_whole(client) -> None:
    r = client.get("/responses/stream")
    assert r.status_code == 200
    assert r.headers.multi_items() == [("content-type", TEXT), *GZIPPED]
    assert gunzip(r) == b"".join(b"some fake video bytes %d\n" % i for i in range(10))
    r = client.get("/responses/stream", headers={"accept-encoding": "identity"})
    assert r.headers.multi_items() == [("content-type", TEXT), GZIPPED[0]]
    assert r.content == b"".join(b"some fake video bytes %d\n" % i for i in range(10))


def test_files(client) -> None:
    data = DOWNLOAD.read_bytes()
    for path, extra in [
        ("/responses/file", []),
        ("/responses/file-direct",
         [("content-disposition", 'attachment; filename="keel-notes.txt"')]),
        ("/static/keel.txt", []),
    ]:
        r = client.get(path)
        headers = [(k, v) for k, v in r.headers.multi_items() if k not in ("etag", "last-modified")]
        assert (r.status_code, r.content) == (200, data)
        assert headers == [
            ("content-type", TEXT), ("accept-ranges", "bytes"), *extra,
            ("content-length", str(len(data))), VARY,
        ]
        assert set(r.headers) >= {"etag", "last-modified"}
    css = (STATIC_DIR / "styles.css").read_bytes()
    r = client.get("/static/styles.css")
    assert (r.status_code, r.content, r.headers["content-type"]) == (
        200, css, "text/css; charset=utf-8"
    )


def test_wsgi_app_escapes_and_gzips(client) -> None:
    r = client.get("/wsgi/", params={"name": "<Keel>"})
    assert r.status_code == 200
    assert r.headers.multi_items() == [("content-type", HTML), *GZIPPED]
    assert gunzip(r) == b"Hello, &lt;Keel&gt; from WSGI!"
    r = client.get("/wsgi/", headers={"accept-encoding": "identity"})
    assert (r.headers.multi_items(), r.text) == (
        [("content-type", HTML), ("content-length", "23"), GZIPPED[0]], "Hello, World from WSGI!"
    )


def test_method_not_allowed(client) -> None:
    check(client, "POST", "/", 405, '{"detail":"Method Not Allowed"}', expect=[
        ("allow", "GET"), ("content-length", "31"), ("content-type", JSON), VARY,
    ])

