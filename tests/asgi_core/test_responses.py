"""``Response`` and its content-typed variants, driven as raw ASGI apps.

Expected header lists and bodies were observed from Starlette 1.10 for the same calls.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asgi_core.background import BackgroundTask, BackgroundTasks
from asgi_core.responses import (
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from tests.asgi_helpers import http_scope, response_parts, run_http

pytestmark = pytest.mark.anyio


async def call(response: Any, scope: dict[str, Any] | None = None) -> tuple[int, list, bytes]:
    messages = await run_http(response, scope or http_scope())
    return response_parts(messages)


@pytest.mark.parametrize(
    ("make", "status", "headers", "body"),
    [
        (lambda: Response(), 200, [(b"content-length", b"0")], b""),
        (lambda: Response("hi"), 200, [(b"content-length", b"2")], b"hi"),
        (
            lambda: Response(b"hi", media_type="text/html"),
            200,
            [(b"content-length", b"2"), (b"content-type", b"text/html; charset=utf-8")],
            b"hi",
        ),
        (
            lambda: Response("hi", media_type="application/xml"),
            200,
            [(b"content-length", b"2"), (b"content-type", b"application/xml")],
            b"hi",
        ),
        (
            lambda: Response("hi", media_type="text/plain; charset=latin-1"),
            200,
            [(b"content-length", b"2"), (b"content-type", b"text/plain; charset=latin-1")],
            b"hi",
        ),
        (lambda: Response("hi", status_code=204), 204, [], b"hi"),
        (lambda: Response("hi", status_code=101), 101, [], b"hi"),
        (
            lambda: Response("hi", status_code=304, media_type="text/plain"),
            304,
            [(b"content-type", b"text/plain; charset=utf-8")],
            b"hi",
        ),
        (
            lambda: Response(
                "hi", headers={"Content-Length": "5", "content-type": "x/y"}, media_type="text/plain"
            ),
            200,
            [(b"content-length", b"5"), (b"content-type", b"x/y")],
            b"hi",
        ),
        (
            lambda: Response("hi", headers={"X-A": "b"}, media_type="text/plain"),
            200,
            [
                (b"x-a", b"b"),
                (b"content-length", b"2"),
                (b"content-type", b"text/plain; charset=utf-8"),
            ],
            b"hi",
        ),
        (
            lambda: Response(memoryview(b"mv"), status_code=201),
            201,
            [(b"content-length", b"2")],
            b"mv",
        ),
        (
            lambda: JSONResponse({"a": "é", "b": [1, 2, None, 1.5]}),
            200,
            [(b"content-length", b"29"), (b"content-type", b"application/json")],
            '{"a":"é","b":[1,2,null,1.5]}'.encode(),
        ),
        (
            lambda: JSONResponse(None, status_code=404),
            404,
            [(b"content-length", b"4"), (b"content-type", b"application/json")],
            b"null",
        ),
        (
            lambda: HTMLResponse("<p>é</p>"),
            200,
            [(b"content-length", b"9"), (b"content-type", b"text/html; charset=utf-8")],
            "<p>é</p>".encode(),
        ),
        (
            lambda: PlainTextResponse("x", headers={"x-b": "c"}),
            200,
            [
                (b"x-b", b"c"),
                (b"content-length", b"1"),
                (b"content-type", b"text/plain; charset=utf-8"),
            ],
            b"x",
        ),
    ],
)
async def test_whole_responses(make: Any, status: int, headers: list, body: bytes) -> None:
    assert await call(make()) == (status, headers, body)


async def test_messages_are_start_then_one_body() -> None:
    messages = await run_http(Response("x"), http_scope())
    assert messages == [
        {"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"1")]},
        {"type": "http.response.body", "body": b"x"},
    ]


async def test_head_still_sends_the_body_as_starlette_does() -> None:
    # The server drops it; the app does not special-case HEAD.
    assert await call(Response("x"), http_scope("HEAD")) == (200, [(b"content-length", b"1")], b"x")


async def test_websocket_denial_response() -> None:
    scope = http_scope(type="websocket")
    messages = await run_http(Response("no", status_code=403), scope)
    assert messages == [
        {
            "type": "websocket.http.response.start",
            "status": 403,
            "headers": [(b"content-length", b"2")],
        },
        {"type": "websocket.http.response.body", "body": b"no"},
    ]


def test_json_refuses_nan() -> None:
    with pytest.raises(ValueError):
        JSONResponse({"a": float("nan")})


def test_class_attributes_and_instance_overrides() -> None:
    assert (Response.media_type, Response.charset) == (None, "utf-8")
    assert JSONResponse.media_type == "application/json"
    assert HTMLResponse.media_type == "text/html"
    assert PlainTextResponse.media_type == "text/plain"
    response = HTMLResponse("x", media_type="text/x-custom")
    assert response.media_type == "text/x-custom"
    assert response.raw_headers[-1] == (b"content-type", b"text/x-custom; charset=utf-8")
    assert HTMLResponse("y").media_type == "text/html"


def test_subclass_render_and_charset() -> None:
    class Latin(Response):
        media_type = "text/plain"
        charset = "latin-1"

    class Upper(Response):
        def render(self, content: Any) -> bytes:
            return str(content).upper().encode()

    latin = Latin("é")
    assert latin.body == b"\xe9"
    assert latin.raw_headers == [
        (b"content-length", b"1"),
        (b"content-type", b"text/plain; charset=latin-1"),
    ]
    upper = Upper("abc")
    upper.custom_attribute = 1  # subclasses without __slots__ keep a __dict__
    assert (upper.body, upper.raw_headers) == (b"ABC", [(b"content-length", b"3")])


async def test_headers_view_edits_raw_headers() -> None:
    response = Response("x", headers={"a": "1"})
    headers = response.headers
    assert headers is response.headers
    headers["b"] = "2"
    headers["A"] = "one"
    del headers["content-length"]
    headers.append("b", "3")
    assert response.raw_headers == [(b"a", b"one"), (b"b", b"2"), (b"b", b"3")]
    assert await call(response) == (200, [(b"a", b"one"), (b"b", b"2"), (b"b", b"3")], b"x")
    response.raw_headers = [(b"z", b"9")]
    assert response.headers.raw is response.raw_headers
    assert dict(response.headers) == {"z": "9"}


# -- RedirectResponse --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "location"),
    [
        ("/a b?x=ü&y=1#frag", b"/a%20b?x=%C3%BC&y=1#frag"),
        ("http://example.com/ä/%20", b"http://example.com/%C3%A4/%20"),
        ("http://x/\x00\r\n\t é", b"http://x/%00%0D%0A%09%20%C3%A9"),
        (
            "".join(chr(c) for c in range(32, 127)),
            b"%20!%22#$%&'()*+,-./0123456789:;%3C=%3E?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[%5C]%5E_%60"
            b"abcdefghijklmnopqrstuvwxyz%7B%7C%7D~",
        ),
    ],
)
async def test_redirect_location_is_quoted(url: str, location: bytes) -> None:
    assert await call(RedirectResponse(url)) == (
        307,
        [(b"content-length", b"0"), (b"location", location)],
        b"",
    )


async def test_redirect_replaces_a_given_location_in_place() -> None:
    response = RedirectResponse("/new", status_code=301, headers={"Location": "/old", "x": "y"})
    assert await call(response) == (
        301,
        [(b"location", b"/new"), (b"x", b"y"), (b"content-length", b"0")],
        b"",
    )


async def test_redirect_accepts_any_url_object() -> None:
    class FakeURL:
        def __str__(self) -> str:
            return "http://a/b c"

    status, headers, _ = await call(RedirectResponse(FakeURL(), status_code=302))
    assert (status, headers) == (302, [(b"content-length", b"0"), (b"location", b"http://a/b%20c")])


# -- Response splitting (HARDENING, CVE-2020-7695) -----------------------------------------

BAD = ["a\rb", "a\nb", "a\r\nSet-Cookie: x=y", "a\x00b"]


@pytest.mark.parametrize("bad", BAD)
def test_bad_header_value_or_name_raises_at_init(bad: str) -> None:
    with pytest.raises(ValueError):
        Response("x", headers={"x-a": bad})
    with pytest.raises(ValueError):
        Response("x", headers={bad: "v"})
    with pytest.raises(ValueError):
        PlainTextResponse("x", media_type=f"text/{bad}")


@pytest.mark.parametrize("bad", BAD)
def test_bad_header_set_through_the_view_raises_at_once(bad: str) -> None:
    response = Response("x")
    headers = response.headers
    for action in (
        lambda: headers.__setitem__("x-a", bad),
        lambda: headers.__setitem__(bad, "v"),
        lambda: headers.append("x-a", bad),
        lambda: headers.setdefault("x-a", bad),
        lambda: headers.update({"x-a": bad}),
    ):
        with pytest.raises(ValueError):
            action()
    assert response.raw_headers == [(b"content-length", b"1")]
    assert type(headers).__name__ == "MutableHeaders"
    assert repr(headers) == "MutableHeaders({'content-length': '1'})"


@pytest.mark.parametrize("bad", BAD)
async def test_bad_raw_header_is_never_sent(bad: str) -> None:
    appended = Response("x")
    appended.raw_headers.append((b"x-a", bad.encode()))
    in_place = Response("x", headers={"x-a": "fine"})
    in_place.raw_headers[0] = (b"x-a", bad.encode())
    replaced = Response("x")
    replaced.raw_headers = [(bad.encode(), b"v")]
    streaming = StreamingResponse(iter([b"a"]))
    streaming.raw_headers.append((b"x-a", bad.encode()))
    for response in (appended, in_place, replaced, streaming):
        sent: list = []

        async def send(message: Any) -> None:
            sent.append(message)

        async def receive() -> Any:
            return {"type": "http.disconnect"}

        with pytest.raises(ValueError):
            await response(http_scope(), receive, send)
        assert sent == []


# -- cookies -----------------------------------------------------------------------------


async def test_set_cookie_with_every_attribute() -> None:
    response = Response("x")
    response.set_cookie(
        "a",
        "b",
        max_age=10,
        expires=datetime(2030, 1, 1, tzinfo=timezone.utc),
        domain="d",
        secure=True,
        httponly=True,
        samesite="strict",
    )
    response.set_cookie("sess", "x y", expires="Tue, 01 Jan 2030 00:00:00 GMT", path=None,
                        samesite="none")
    response.set_cookie("k")
    assert await call(response) == (
        200,
        [
            (b"content-length", b"1"),
            (
                b"set-cookie",
                b"a=b; Domain=d; expires=Tue, 01 Jan 2030 00:00:00 GMT; HttpOnly; Max-Age=10; "
                b"Path=/; SameSite=strict; Secure",
            ),
            (b"set-cookie", b'sess="x y"; expires=Tue, 01 Jan 2030 00:00:00 GMT; SameSite=none'),
            (b"set-cookie", b'k=""; Path=/; SameSite=lax'),
        ],
        b"x",
    )


async def test_delete_cookie_expires_it_now() -> None:
    response = Response()
    response.delete_cookie("a", path="/p", domain="d", secure=True, httponly=True,
                           samesite="none")
    _, headers, _ = await call(response)
    assert headers[0] == (b"content-length", b"0")
    name, value = headers[1]
    prefix, _, rest = value.decode().partition("expires=")
    date, _, tail = rest.partition("; ")
    assert (name, prefix) == (b"set-cookie", 'a=""; Domain=d; ')
    assert tail == "HttpOnly; Max-Age=0; Path=/p; SameSite=none; Secure"
    assert abs(parsedate_to_datetime(date).timestamp() - time.time()) < 5


@pytest.mark.parametrize("bad", BAD)
def test_cookie_with_control_characters_raises(bad: str) -> None:
    for kwargs in ({"key": bad}, {"key": "k", "value": bad}, {"key": "k", "path": bad},
                   {"key": "k", "domain": bad}):
        response = Response()
        with pytest.raises(ValueError):
            response.set_cookie(**kwargs)
        assert response.raw_headers == [(b"content-length", b"0")]


# -- background --------------------------------------------------------------------------


async def test_background_runs_after_the_body_is_sent() -> None:
    events: list[str] = []

    async def send(message: Any) -> None:
        events.append(message["type"])

    async def receive() -> Any:
        return {"type": "http.disconnect"}

    async def async_task(tag: str) -> None:
        events.append(f"async {tag}")

    tasks = BackgroundTasks()
    tasks.add_task(async_task, "one")
    tasks.add_task(events.append, "sync two")
    response = Response("x", background=tasks)
    await response(http_scope(), receive, send)
    assert events == ["http.response.start", "http.response.body", "async one", "sync two"]
    single = Response("x", background=BackgroundTask(events.append, "three"))
    await single(http_scope(), receive, send)
    assert events[-1] == "three"


# -- header validation property ------------------------------------------------------------

_latin1 = st.text(st.characters(max_codepoint=255), max_size=30)


@settings(max_examples=200)
@given(name=_latin1.filter(bool), value=_latin1)
def test_headers_raise_exactly_when_they_hold_cr_lf_or_nul(name: str, value: str) -> None:
    forbidden = any(c in "\r\n\x00" for c in name + value)
    try:
        response = Response("x", headers={name: value})
    except ValueError:
        assert forbidden
        return
    assert not forbidden
    assert response.raw_headers[0] == (name.lower().encode("latin-1"), value.encode("latin-1"))
