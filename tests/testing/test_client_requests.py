"""TestClient requests: the ASGI scope it builds and every request option, on both backends."""

from __future__ import annotations

import io
import re

import pytest

from tests.testing._apps import echo

DEFAULT_HEADERS = [
    ["host", "testserver"],
    ["accept", "*/*"],
    ["accept-encoding", "gzip, deflate"],
    ["connection", "keep-alive"],
    ["user-agent", "testclient"],
]


def test_get_scope_is_complete(make_client):
    response = make_client(echo).get("/items/a%20b?x=1")
    assert response.status_code == 200
    assert response.json() == {
        "scope": {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.4"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": "/items/a b",
            "raw_path": "/items/a%20b",
            "query_string": "x=1",
            "root_path": "",
            "headers": DEFAULT_HEADERS,
            "client": ["testclient", 50000],
            "server": ["testserver", 80],
            "state": {},
            "extensions": {"http.response.debug": {}, "http.response.trailers": {}},
        },
        "messages": [{"type": "http.request", "body": "", "more_body": False}],
    }


@pytest.mark.parametrize(
    ("url", "params", "query"),
    [
        ("/p", {"a": "1", "b": ["x", "y"], "n": None, "t": True, "f": 1.5}, "a=1&b=x&b=y&n=&t=true&f=1.5"),
        ("/p", [("k", "1"), ("k", "2")], "k=1&k=2"),
        ("/p", "a=1&b=2", "a=1&b=2"),
        ("/p?a=1&c=3", {"a": "9", "d": "4"}, "a=9&c=3&d=4"),
        ("/p?a=1", None, "a=1"),
        ("/p", {"s": "x y&=+/é"}, "s=x+y%26%3D%2B%2F%C3%A9"),
        ("/p?q=a b&r=é", None, "q=a%20b&r=%C3%A9"),
    ],
)
def test_params_are_merged_into_the_query(make_client, url, params, query):
    scope = make_client(echo).get(url, params=params).json()["scope"]
    assert scope["query_string"] == query
    assert scope["path"] == "/p"


def test_path_is_percent_decoded_and_raw_path_kept(make_client):
    scope = make_client(echo).get("/x/%2F/é").json()["scope"]
    assert (scope["path"], scope["raw_path"]) == ("/x///é", b"/x/%2F/%C3%A9".decode("latin-1"))


def test_absolute_url_to_another_host_still_reaches_the_app(make_client):
    scope = make_client(echo).get("https://example.org:8443/p?z=1").json()["scope"]
    assert scope["scheme"] == "https"
    assert scope["server"] == ["example.org", 8443]
    assert scope["headers"][0] == ["host", "example.org:8443"]
    assert scope["query_string"] == "z=1"


def test_ipv6_host(make_client):
    scope = make_client(echo).get("http://[::1]:8000/x").json()["scope"]
    assert scope["server"] == ["::1", 8000]
    assert scope["headers"][0] == ["host", "[::1]:8000"]


def test_base_url_with_path_and_https(make_client):
    client = make_client(echo, base_url="https://api.example.com/v1")
    response = client.get("/items", params={"a": "b"})
    scope = response.json()["scope"]
    assert (scope["scheme"], scope["path"], scope["server"]) == ("https", "/v1/items", ["api.example.com", 443])
    assert scope["headers"][0] == ["host", "api.example.com"]
    assert response.url == "https://api.example.com/v1/items?a=b"
    assert client.get("relative").json()["scope"]["path"] == "/v1/relative"


def test_root_path_and_client_address(make_client):
    client = make_client(echo, root_path="/api", client=("10.0.0.1", 1234))
    scope = client.get("/x").json()["scope"]
    assert (scope["root_path"], scope["path"], scope["client"]) == ("/api", "/x", ["10.0.0.1", 1234])


def test_headers_merge_client_and_request_headers(make_client):
    client = make_client(echo, headers={"X-Default": "d", "X-Over": "client"})
    response = client.get("/", headers=[("X-Over", "1"), ("x-over", "2"), ("User-Agent", "me")])
    assert response.json()["scope"]["headers"] == [
        ["host", "testserver"],
        ["accept", "*/*"],
        ["accept-encoding", "gzip, deflate"],
        ["connection", "keep-alive"],
        ["x-default", "d"],
        ["x-over", "1"],
        ["x-over", "2"],
        ["user-agent", "me"],
    ]
    assert response.request.headers.get_list("x-over") == ["1", "2"]


def test_explicit_host_header_wins(make_client):
    headers = make_client(echo).get("/", headers={"Host": "h.example"}).json()["scope"]["headers"]
    assert [h for h in headers if h[0] == "host"] == [["host", "h.example"]]


def test_json_body(make_client):
    response = make_client(echo).post("/", json={"a": "é", "b": [1.5, None]})
    data = response.json()
    assert data["messages"] == [
        {"type": "http.request", "body": '{"a":"é","b":[1.5,null]}'.encode().decode("latin-1"), "more_body": False}
    ]
    assert data["scope"]["headers"][-2:] == [["content-length", "25"], ["content-type", "application/json"]]
    assert response.request.content == '{"a":"é","b":[1.5,null]}'.encode()


def test_form_data(make_client):
    data = make_client(echo).post("/", data={"k": ["1", "2"], "e": "", "s": "a b&c"}).json()
    assert data["messages"][0]["body"] == "k=1&k=2&e=&s=a+b%26c"
    assert data["scope"]["headers"][-2:] == [
        ["content-length", "20"], ["content-type", "application/x-www-form-urlencoded"]
    ]


@pytest.mark.parametrize(
    ("kwargs", "body"),
    [
        ({"content": b"\x00raw"}, "\x00raw"),
        ({"content": "text é"}, "text é".encode().decode("latin-1")),
        ({"content": [b"a", b"b", b"c"]}, "abc"),
        ({"data": "raw string"}, "raw string"),
        ({"data": b"raw bytes"}, "raw bytes"),
    ],
)
def test_raw_content(make_client, kwargs, body):
    data = make_client(echo).put("/", **kwargs).json()
    assert data["messages"] == [{"type": "http.request", "body": body, "more_body": False}]
    assert data["scope"]["headers"][-1] == ["content-length", str(len(body))]
    assert "content-type" not in dict(data["scope"]["headers"])


def test_user_content_type_is_kept(make_client):
    headers = make_client(echo).post("/", content=b"x", headers={"Content-Type": "text/plain"}).json()["scope"]["headers"]
    assert [h for h in headers if h[0] == "content-type"] == [["content-type", "text/plain"]]


def test_empty_post_sends_content_length_zero_but_get_does_not(make_client):
    client = make_client(echo)
    assert client.post("/").json()["scope"]["headers"][:2] == [["host", "testserver"], ["content-length", "0"]]
    assert "content-length" not in dict(client.get("/").json()["scope"]["headers"])
    assert "content-length" not in dict(client.delete("/").json()["scope"]["headers"])


def test_files_in_every_httpx_format(make_client):
    named = io.BytesIO(b"file body")
    named.name = "/some/dir/report.csv"
    response = make_client(echo).post(
        "/",
        data={"field": "v", "multi": ["1", "2"]},
        files=[
            ("a", b"raw bytes"),
            ("b", named),
            ("c", ("c.txt", "text content")),
            ("d", ("d.bin", b"\x00\x01", "application/x-custom")),
            ("e", ("e.json", io.BytesIO(b"{}"), None, {"X-Extra": "1"})),
            ("f", (None, b"no filename")),
        ],
    )
    data = response.json()
    content_type = dict(data["scope"]["headers"])["content-type"]
    boundary = re.fullmatch(r"multipart/form-data; boundary=([0-9a-f]{32})", content_type).group(1)
    expected = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="field"\r\n\r\nv\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="multi"\r\n\r\n1\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="multi"\r\n\r\n2\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="a"; filename="upload"\r\n'
        "Content-Type: application/octet-stream\r\n\r\nraw bytes\r\n"
        f'--{boundary}\r\nContent-Disposition: form-data; name="b"; filename="report.csv"\r\n'
        "Content-Type: text/csv\r\n\r\nfile body\r\n"
        f'--{boundary}\r\nContent-Disposition: form-data; name="c"; filename="c.txt"\r\n'
        "Content-Type: text/plain\r\n\r\ntext content\r\n"
        f'--{boundary}\r\nContent-Disposition: form-data; name="d"; filename="d.bin"\r\n'
        "Content-Type: application/x-custom\r\n\r\n\x00\x01\r\n"
        f'--{boundary}\r\nContent-Disposition: form-data; name="e"; filename="e.json"\r\n'
        "X-Extra: 1\r\nContent-Type: application/json\r\n\r\n{}\r\n"
        f'--{boundary}\r\nContent-Disposition: form-data; name="f"\r\n\r\nno filename\r\n'
        f"--{boundary}--\r\n"
    )
    assert data["messages"] == [{"type": "http.request", "body": expected, "more_body": False}]
    assert dict(data["scope"]["headers"])["content-length"] == str(len(expected))


def test_files_dict_and_random_boundary(make_client):
    client = make_client(echo)
    first = client.post("/", files={"f": b"x"}).request.headers["content-type"]
    second = client.post("/", files={"f": b"x"}).request.headers["content-type"]
    assert first != second


def test_basic_auth(make_client):
    headers = make_client(echo).get("/", auth=("user", "pässword")).json()["scope"]["headers"]
    assert headers[-1] == ["authorization", "Basic dXNlcjpww6Rzc3dvcmQ="]


def test_callable_auth(make_client):
    def auth(request):
        request.headers["X-Signed"] = request.method
        return request

    headers = make_client(echo).get("/", auth=auth).json()["scope"]["headers"]
    assert headers[-1] == ["X-Signed".lower(), "GET"]


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete", "options"])
def test_every_method(make_client, method):
    response = getattr(make_client(echo), method)("/m")
    assert response.json()["scope"]["method"] == method.upper()
    assert response.request.method == method.upper()
    assert response.url == "http://testserver/m"


def test_request_method_and_head_drops_the_body(make_client):
    client = make_client(echo)
    assert client.request("PURGE", "/").json()["scope"]["method"] == "PURGE"
    head = client.head("/")
    assert (head.status_code, head.content) == (200, b"")
    assert head.headers["content-type"] == "application/json"


def test_timeout_and_extensions_are_accepted(make_client):
    response = make_client(echo).get("/", timeout=5, extensions={"x": 1})
    assert response.status_code == 200
    assert response.elapsed.total_seconds() > 0


def test_asgi2_app(make_client):
    class App:
        def __init__(self, scope):
            self.scope = scope

        async def __call__(self, receive, send):
            await receive()
            await send({"type": "http.response.start", "status": 204, "headers": []})
            await send({"type": "http.response.body", "body": b""})

    response = make_client(App).get("/")
    assert (response.status_code, response.content) == (204, b"")
