"""TestClient responses: the httpx-style Response API and streamed bodies."""

from __future__ import annotations

import anyio
import pytest

from testing import Headers, HTTPStatusError, Response, ResponseNotRead
from tests.testing._apps import reply


def test_multi_valued_case_insensitive_headers(make_client):
    app = reply(200, [(b"X-Tag", b"a"), (b"x-tag", b"b"), (b"content-type", b"text/plain")], b"hi")
    # The uppercase name breaks ASGI on purpose: this tests the client's lookups, unchecked.
    response = make_client(app, check_asgi=False).get("/")
    headers = response.headers
    assert headers["X-TAG"] == "a, b"
    assert headers.get("x-tag") == "a, b"
    assert headers.get("missing", "dflt") == "dflt"
    assert headers.get_list("x-tag") == ["a", "b"]
    assert headers.multi_items() == [("x-tag", "a"), ("x-tag", "b"), ("content-type", "text/plain")]
    assert list(headers) == ["x-tag", "content-type"]
    assert dict(headers.items()) == {"x-tag": "a, b", "content-type": "text/plain"}
    assert "CONTENT-TYPE" in headers and len(headers) == 2
    assert headers.raw == [(b"x-tag", b"a"), (b"x-tag", b"b"), (b"content-type", b"text/plain")]


def test_text_json_and_encoding(make_client):
    latin = make_client(reply(200, [(b"content-type", b"text/plain; charset=latin-1")],
                              "café".encode("latin-1"))).get("/")
    assert (latin.encoding, latin.text, latin.content) == ("iso8859-1", "café", b"caf\xe9")
    default = make_client(reply(200, [], "café".encode())).get("/")
    assert (default.encoding, default.text) == ("utf-8", "café")
    default.encoding = "latin-1"
    assert default.text == "cafÃ©"
    data = make_client(reply(200, [], b'{"a": [1, null]}')).get("/")
    assert data.json() == {"a": [1, None]}


@pytest.mark.parametrize(
    ("status", "flags"),
    [
        (101, {"is_informational"}),
        (200, {"is_success"}),
        (204, {"is_success"}),
        (304, set()),
        (404, {"is_client_error", "is_error"}),
        (503, {"is_server_error", "is_error"}),
    ],
)
def test_status_predicates(make_client, status, flags):
    # 101 is not a final status under ASGI: the predicates are tested with the checker off.
    response = make_client(reply(status), check_asgi=False).get("/")
    names = {"is_informational", "is_success", "is_redirect", "is_client_error",
             "is_server_error", "is_error"}
    assert {n for n in names if getattr(response, n)} == flags


def test_reason_phrase_and_repr(make_client):
    response = make_client(reply(418)).get("/")
    assert (response.reason_phrase, repr(response)) == ("I'm a Teapot", "<Response [418 I'm a Teapot]>")
    assert Response(599).reason_phrase == ""


def test_raise_for_status(make_client):
    ok = make_client(reply(200)).get("/")
    assert ok.raise_for_status() is ok
    missing = make_client(reply(404)).get("/x")
    with pytest.raises(HTTPStatusError) as info:
        missing.raise_for_status()
    assert str(info.value) == (
        "Client error '404 Not Found' for url 'http://testserver/x'\n"
        "For more information check: https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/404"
    )
    assert info.value.response is missing
    assert info.value.request is missing.request
    redirect = make_client(reply(302, [(b"location", b"/y")]), follow_redirects=False).get("/x")
    with pytest.raises(HTTPStatusError, match="Redirect location: '/y'"):
        redirect.raise_for_status()


def test_request_on_response(make_client):
    response = make_client(reply(200)).post("/p?q=1", content=b"body", headers={"X-A": "1"})
    request = response.request
    assert (request.method, request.url, request.content) == ("POST", "http://testserver/p?q=1", b"body")
    assert request.headers["x-a"] == "1"
    assert repr(request) == "<Request('POST', 'http://testserver/p?q=1')>"
    url = response.url
    assert (url.scheme, url.host, url.port, url.path, url.query) == ("http", "testserver", None, "/p", b"q=1")


def test_iterators_over_a_read_response(make_client):
    response = make_client(reply(200, [], b"one\ntwo\r\nthree")).get("/")
    assert list(response.iter_bytes()) == [b"one\ntwo\r\nthree"]
    assert list(response.iter_bytes(chunk_size=4)) == [b"one\n", b"two\r", b"\nthr", b"ee"]
    assert list(response.iter_text()) == ["one\ntwo\r\nthree"]
    assert list(response.iter_lines()) == ["one", "two", "three"]


def test_debug_extension_exposes_template_and_context(make_client):
    async def app(scope, receive, send):
        await receive()
        await send({"type": "http.response.debug", "info": {"template": "t.html", "context": {"a": 1}}})
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"<p>"})

    response = make_client(app).get("/")
    assert (response.template, response.context, response.text) == ("t.html", {"a": 1}, "<p>")


def test_trailers_are_accepted(make_client):
    async def app(scope, receive, send):
        await receive()
        await send({"type": "http.response.start", "status": 200, "headers": [], "trailers": True})
        await send({"type": "http.response.body", "body": b"x"})
        await send({"type": "http.response.trailers", "headers": [(b"x-sum", b"1")]})

    assert make_client(app).get("/").content == b"x"


def streaming_app(log, chunks=(b"l0\n", b"l1\r\n", "l2 é".encode())):
    async def app(scope, receive, send):
        await receive()
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8")]})
        try:
            for chunk in chunks:
                log.append(("sent", chunk))
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b""})
        except BaseException as exc:
            log.append(("stopped", type(exc).__name__))
            raise
        log.append("app done")

    return app


def test_stream_hands_chunks_over_as_they_are_sent(make_client):
    log = []
    with make_client(streaming_app(log)).stream("GET", "/") as response:
        assert response.status_code == 200
        with pytest.raises(ResponseNotRead):
            response.content
        seen = []
        for chunk in response.iter_bytes():
            seen.append(chunk)
            log.append(("got", chunk))
    assert seen == [b"l0\n", b"l1\r\n", "l2 é".encode()]
    # Backpressure: the app cannot run ahead of the reader by more than one chunk.
    assert "app done" in log  # leaving the block waited for the app
    assert log.index(("got", b"l0\n")) < log.index(("sent", "l2 é".encode()))
    assert response.content == b"l0\nl1\r\nl2 \xc3\xa9"


def test_stream_lines_and_text(make_client):
    with make_client(streaming_app([])).stream("POST", "/", json={"a": 1}) as response:
        assert list(response.iter_lines()) == ["l0", "l1", "l2 é"]
    with make_client(streaming_app([], [b"caf", b"\xc3", b"\xa9"])).stream("GET", "/") as response:
        assert "".join(response.iter_text()) == "café"


def test_leaving_an_endless_stream_early_cancels_the_app(make_client):
    log = []

    async def endless(scope, receive, send):
        await receive()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        try:
            while True:
                await send({"type": "http.response.body", "body": b"tick\n", "more_body": True})
                await anyio.sleep(0)
        except BaseException as exc:
            log.append(type(exc).__name__)
            raise

    with make_client(endless).stream("GET", "/") as response:
        lines = response.iter_lines()
        assert [next(lines), next(lines)] == ["tick", "tick"]
    assert log == ["CancelledError"] or log == ["Cancelled"]


def test_stream_error_raised_while_reading(make_client):
    async def app(scope, receive, send):
        await receive()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"a", "more_body": True})
        raise KeyError("mid-stream")

    with pytest.raises(KeyError):
        with make_client(app).stream("GET", "/") as response:
            response.read()
    with make_client(app, raise_server_exceptions=False).stream("GET", "/") as response:
        assert response.read() == b"a"


def test_stream_follows_redirects(make_client):
    async def app(scope, receive, send):
        await receive()
        if scope["path"] == "/old":
            await send({"type": "http.response.start", "status": 307, "headers": [(b"location", b"/new")]})
            await send({"type": "http.response.body", "body": b"moved"})
            return
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"new"})

    with make_client(app).stream("GET", "/old") as response:
        assert response.read() == b"new"
        assert [(r.status_code, r.content) for r in response.history] == [(307, b"moved")]


def test_headers_class_api():
    headers = Headers({"A": "1"})
    headers["a"] = "2"
    headers.add("B", "x")
    headers.add("b", "y")
    headers.update({"b": "z"})
    assert headers.multi_items() == [("a", "2"), ("b", "z")]
    del headers["A"]
    assert headers == {"b": "z"}
    assert headers == [("B", "z")]
    assert headers != 3
    with pytest.raises(KeyError):
        del headers["nope"]
    assert headers.get_list("x", split_commas=True) == []
    assert Headers([("v", "a, b"), ("v", "c")]).get_list("V", split_commas=True) == ["a", "b", "c"]
    assert repr(Headers([("a", "1"), ("a", "2")])) == "Headers([('a', '1'), ('a', '2')])"


def test_gzip_and_deflate_bodies_are_decoded_like_httpx() -> None:
    import gzip as gziplib
    import zlib as zliblib

    from testing import TestClient

    payload = b"hello " * 50
    bodies = {
        b"gzip": gziplib.compress(payload),
        b"deflate": zliblib.compress(payload),
        b"identity": payload,
    }

    async def app(scope, receive, send):
        coding = scope["path"].strip("/").encode()
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-encoding", coding)]})
        await send({"type": "http.response.body", "body": bodies[coding]})

    client = TestClient(app)
    for coding in ("gzip", "deflate", "identity"):
        r = client.get(f"/{coding}")
        assert (r.content, r.text) == (payload, payload.decode())
        assert r.num_bytes_downloaded == len(bodies[coding.encode()])
    with client.stream("GET", "/gzip") as r:
        assert b"".join(r.iter_bytes()) == payload
    with client.stream("GET", "/gzip") as r:
        assert b"".join(r.iter_raw()) == bodies[b"gzip"]
