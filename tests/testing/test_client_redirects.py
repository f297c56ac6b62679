"""TestClient redirects: method/body rules per status, history, no-follow, cookies on the way."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest

from testing import TooManyRedirects
from tests.testing._apps import send_json


async def redirect_app(scope, receive, send):
    """``/r<status>?to=<url>`` redirects; anything else echoes method, body and headers."""
    message = await receive()
    path = scope["path"]
    if path.startswith("/r"):
        query = dict(parse_qsl(scope["query_string"].decode()))
        location = query.get("to", "/final").encode()
        await send({
            "type": "http.response.start",
            "status": int(path[2:5]),
            "headers": [(b"location", location), (b"set-cookie", b"hop=" + path[2:5].encode())],
        })
        await send({"type": "http.response.body", "body": b"redirecting"})
        return
    if path == "/loop":
        await send({"type": "http.response.start", "status": 302, "headers": [(b"location", b"/loop")]})
        await send({"type": "http.response.body", "body": b""})
        return
    await send_json(send, 200, {
        "method": scope["method"],
        "path": path,
        "query": scope["query_string"].decode(),
        "body": message["body"].decode(),
        "headers": [[k.decode(), v.decode()] for k, v in scope["headers"]],
    })


@pytest.mark.parametrize(
    ("status", "method", "body"),
    [(301, "GET", ""), (302, "GET", ""), (303, "GET", ""), (307, "POST", "data"), (308, "POST", "data")],
)
def test_post_redirects(make_client, status, method, body):
    client = make_client(redirect_app)
    response = client.post(f"/r{status}", content=b"data", headers={"Content-Type": "text/plain"})
    data = response.json()
    assert response.status_code == 200
    assert response.url == "http://testserver/final"
    assert (data["method"], data["body"]) == (method, body)
    expected_headers = [
        ["host", "testserver"],
        ["accept", "*/*"],
        ["accept-encoding", "gzip, deflate"],
        ["connection", "keep-alive"],
        ["user-agent", "testclient"],
        ["content-type", "text/plain"],
        *([["content-length", "4"]] if body else []),
        ["cookie", f"hop={status}"],
    ]
    assert data["headers"] == expected_headers
    assert response.request.method == method
    assert [(r.status_code, str(r.url), r.content) for r in response.history] == [
        (status, f"http://testserver/r{status}", b"redirecting")
    ]


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_head_stays_head(make_client, status):
    response = make_client(redirect_app).head(f"/r{status}")
    assert (response.status_code, response.request.method) == (200, "HEAD")


def test_redirect_chain_history_and_absolute_location(make_client):
    client = make_client(redirect_app)
    response = client.get("/r301", params={"to": "/r302?to=http://other.example/final?x=1"})
    assert response.json()["path"] == "/final"
    assert response.json()["query"] == "x=1"
    assert ["host", "other.example"] in response.json()["headers"]
    assert [r.status_code for r in response.history] == [301, 302]
    assert response.history[1].history == [response.history[0]]
    assert str(response.url) == "http://other.example/final?x=1"


def test_authorization_dropped_when_origin_changes(make_client):
    client = make_client(redirect_app)
    same = client.get("/r307?to=/final", auth=("u", "p")).json()["headers"]
    other = client.get("/r307?to=http://elsewhere/final", auth=("u", "p")).json()["headers"]
    assert ["authorization", "Basic dTpw"] in same
    assert all(h[0] != "authorization" for h in other)


def test_no_follow(make_client):
    client = make_client(redirect_app, follow_redirects=False)
    response = client.post("/r302", data={"a": "b"})
    assert (response.status_code, response.content, response.history) == (302, b"redirecting", [])
    assert response.is_redirect and response.has_redirect_location
    assert response.headers.multi_items() == [("location", "/final"), ("set-cookie", "hop=302")]
    assert response.next_request.method == "GET"
    assert response.next_request.url == "http://testserver/final"
    followed = client.get("/r307", follow_redirects=True)
    assert (followed.status_code, [r.status_code for r in followed.history]) == (200, [307])


def test_per_request_no_follow_on_following_client(make_client):
    response = make_client(redirect_app).get("/r308", follow_redirects=False)
    assert response.status_code == 308
    assert response.headers["location"] == "/final"


def test_too_many_redirects(make_client):
    with pytest.raises(TooManyRedirects):
        make_client(redirect_app).get("/loop")
