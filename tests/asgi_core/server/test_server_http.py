"""The sans-I/O HTTP/1.1 core: bytes in, bytes out, no socket anywhere."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asgi_core.server.config import Config
from asgi_core.server.cycle import SEND_TABLE, ClientDisconnected, Phase, error_response
from asgi_core.server.http import (
    NEED_DATA,
    HTTPConnection,
    Reject,
    StartRequest,
    StartWebSocket,
    framing_error,
    scan_framing,
)

DEFAULTS = [(b"date", b"Thu, 01 Jan 2026 00:00:00 GMT"), (b"server", b"keel")]
DH = b"date: Thu, 01 Jan 2026 00:00:00 GMT\r\nserver: keel\r\n"

Responder = Callable[[dict, bytes], list[dict]]


def echo(scope: dict, body: bytes) -> list[dict]:
    payload = scope["method"].encode() + b" " + scope["raw_path"] + b" " + body
    return [
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"text/plain")],
        },
        {"type": "http.response.body", "body": payload},
    ]


def new_conn(**config: object) -> HTTPConnection:
    return HTTPConnection(
        Config(**config),  # type: ignore[arg-type]
        client=("10.0.0.1", 5555),
        server=("127.0.0.1", 8000),
        default_headers=lambda: list(DEFAULTS),
    )


def drive(
    chunks: Iterable[bytes],
    respond: Responder = echo,
    conn: HTTPConnection | None = None,
    max_steps: int = 10_000,
) -> tuple[bytes, list[dict]]:
    """Feed ``chunks`` (then EOF) and answer each request with ``respond``; all bytes out."""
    conn = conn or new_conn()
    pending = list(chunks)
    out = bytearray()
    scopes: list[dict] = []

    def feed() -> None:
        conn.receive_data(pending.pop(0) if pending else b"")

    for _ in range(max_steps):
        event = conn.next_event()
        if event is NEED_DATA:
            feed()
            continue
        if isinstance(event, Reject):
            out += event.data
            break
        if not isinstance(event, StartRequest):
            break
        scopes.append(event.cycle.scope)
        out += _answer(conn, event.cycle, feed, respond, max_steps)
        if not conn.end_cycle():
            break
    else:  # pragma: no cover - the property asserts this never happens
        raise AssertionError("the protocol core did not terminate")
    return bytes(out), scopes


def _answer(conn, cycle, feed, respond: Responder, max_steps: int) -> bytes:
    out = bytearray()
    body = bytearray()
    for _ in range(max_steps):
        message = cycle.receive()
        out += conn.data_to_send()
        if message is None:
            feed()
            continue
        if message["type"] == "http.disconnect":
            break
        body += message["body"]
        if not message["more_body"]:
            break
    else:  # pragma: no cover
        raise AssertionError("the request body never ended")
    if not cycle.response_complete:
        for message in respond(cycle.scope, bytes(body)):
            out += cycle.send(message)
    return bytes(out + conn.data_to_send() + cycle.finish())


def ok(body: bytes, extra: bytes = b"") -> bytes:
    return (
        b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n"
        + DH
        + extra
        + b"content-length: %d\r\n\r\n" % len(body)
        + body
    )


def test_get_whole_response_and_scope() -> None:
    out, scopes = drive([b"GET /a%20b/c?x=1&y=%20 HTTP/1.1\r\nHost: example.com\r\n\r\n"])
    assert out == ok(b"GET /a%20b/c ")
    assert scopes == [
        {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.4"},
            "http_version": "1.1",
            "server": ("127.0.0.1", 8000),
            "client": ("10.0.0.1", 5555),
            "scheme": "http",
            "method": "GET",
            "root_path": "",
            "path": "/a b/c",
            "raw_path": b"/a%20b/c",
            "query_string": b"x=1&y=%20",
            "headers": [(b"host", b"example.com")],
            "state": {},
        }
    ]


def test_root_path_prefixes_path_and_state_is_a_copy() -> None:
    state = {"db": "x"}
    conn = HTTPConnection(Config(root_path="/api/"), state=state, default_headers=lambda: [])
    _, scopes = drive([b"GET /items HTTP/1.1\r\nHost: a\r\n\r\n"], conn=conn)
    scope = scopes[0]
    assert (scope["root_path"], scope["path"], scope["raw_path"]) == (
        "/api",
        "/api/items",
        b"/api/items",
    )
    assert scope["state"] == state and scope["state"] is not state


def test_keep_alive_and_pipelining_answered_in_order() -> None:
    data = (
        b"GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
        b"POST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
        b"POST /3 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"2\r\nhi\r\n1\r\n!\r\n0\r\n\r\n"
    )
    out, scopes = drive([data])
    assert out == ok(b"GET /1 ") + ok(b"POST /2 abc") + ok(b"POST /3 hi!")
    assert [s["path"] for s in scopes] == ["/1", "/2", "/3"]


def test_http10_closes_after_response() -> None:
    out, _ = drive([b"GET / HTTP/1.0\r\n\r\nGET /never HTTP/1.0\r\n\r\n"])
    assert out == (
        b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n"
        + DH
        + b"content-length: 6\r\nConnection: close\r\n\r\nGET / "
    )


def test_head_has_no_body_but_the_get_length() -> None:
    out, _ = drive([b"HEAD /x HTTP/1.1\r\nHost: a\r\n\r\n"])
    assert (
        out
        == b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n" + DH + b"content-length: 8\r\n\r\n"
    )


def test_streaming_response_is_chunked() -> None:
    def stream(scope: dict, body: bytes) -> list[dict]:
        return [
            {"type": "http.response.start", "status": 201, "headers": []},
            {"type": "http.response.body", "body": b"ab", "more_body": True},
            {"type": "http.response.body", "body": b"", "more_body": True},
            {"type": "http.response.body", "body": b"cde", "more_body": False},
        ]

    out, _ = drive([b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"], stream)
    assert out == (
        b"HTTP/1.1 201 Created\r\n"
        + DH
        + b"Transfer-Encoding: chunked\r\n\r\n2\r\nab\r\n3\r\ncde\r\n0\r\n\r\n"
    )


def test_expect_100_continue_sent_only_when_app_reads() -> None:
    head = b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n"
    out, _ = drive([head, b"ok"])
    assert out == b"HTTP/1.1 100 Continue\r\n\r\n" + ok(b"POST / ok")

    def no_read(scope: dict, body: bytes) -> list[dict]:
        return [{"type": "http.response.start", "status": 204}, {"type": "http.response.body"}]

    conn = new_conn()
    conn.receive_data(head)
    event = conn.next_event()
    assert isinstance(event, StartRequest)
    out = b"".join(event.cycle.send(m) for m in no_read({}, b""))
    assert out == b"HTTP/1.1 204 No Content\r\n" + DH + b"\r\n"
    assert conn.data_to_send() == b""
    assert conn.end_cycle() is False  # body never sent: the connection cannot be reused


def test_app_exception_before_start_gives_500_and_keeps_alive() -> None:
    def nothing(scope: dict, body: bytes) -> list[dict]:
        return []

    out, _ = drive(
        [b"GET / HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n"], nothing
    )
    one = (
        b"HTTP/1.1 500 Internal Server Error\r\ncontent-type: text/plain\r\n"
        + DH
        + b"content-length: 21\r\n\r\nInternal Server Error"
    )
    assert out == one + one


def test_unread_buffered_body_is_skipped_for_keep_alive() -> None:
    conn = new_conn()
    conn.receive_data(
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
        b"GET /n HTTP/1.1\r\nHost: a\r\n\r\n"
    )
    event = conn.next_event()
    assert isinstance(event, StartRequest)
    event.cycle.send({"type": "http.response.start", "status": 200})
    event.cycle.send({"type": "http.response.body", "body": b""})
    assert conn.end_cycle() is True
    second = conn.next_event()
    assert isinstance(second, StartRequest) and second.cycle.scope["path"] == "/n"


@pytest.mark.parametrize(
    ("data", "status"),
    [
        (
            b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n",
            400,
        ),
        (b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\ncontent-length: 3\r\n\r\nabc", 400),
        (b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabc", 400),
        (b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
        (b"GET @evil.com HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        (b"GET http://evil.com/ HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\nHost: a/b?c\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\nHost: a\r\nX: a\x00b\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\nHost: a\r\nX\x01y: 1\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\nHost: a\r\nX: " + b"a" * 17000 + b"\r\n\r\n", 431),
        (b"GET / HTTP/1.1\r\nHost: a\r\nX: " + b"a" * 17000, 431),
        (b"GET / HTTP/1.1\r\n\r\n", 400),  # no Host
        (b"GARBAGE\r\n\r\n", 400),
    ],
)
def test_malformed_heads_are_rejected_with_status_and_close(data: bytes, status: int) -> None:
    out, scopes = drive([data, b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"])
    assert out == error_response(status)
    assert scopes == []


def test_bad_chunk_framing_mid_body_answers_400_and_disconnects_app() -> None:
    out, _ = drive(
        [b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\nzz\r\n"]
    )
    assert out == error_response(400)


def test_declared_body_over_limit_is_413_before_the_app_runs() -> None:
    conn = new_conn(max_body_size=10)
    out, scopes = drive([b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n"], conn=conn)
    assert out == error_response(413) and scopes == []


def test_chunked_body_over_limit_is_413_and_app_sees_disconnect() -> None:
    conn = new_conn(max_body_size=4)
    conn.receive_data(
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n3\r\ndef\r\n"
    )
    event = conn.next_event()
    assert isinstance(event, StartRequest)
    cycle = event.cycle
    assert cycle.receive() == {"type": "http.disconnect"}
    assert conn.data_to_send() == error_response(413)
    with pytest.raises(ClientDisconnected):
        cycle.send({"type": "http.response.start", "status": 200})
    assert cycle.finish() == b""
    assert conn.end_cycle() is False


def test_disconnect_after_body_and_on_eof() -> None:
    conn = new_conn()
    conn.receive_data(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
    event = conn.next_event()
    assert isinstance(event, StartRequest)
    cycle = event.cycle
    assert cycle.receive() == {"type": "http.request", "body": b"", "more_body": False}
    assert cycle.receive() is None  # wait: the transport reads to notice a close
    conn.receive_data(b"")
    assert cycle.receive() == {"type": "http.disconnect"}


def test_eof_mid_body_is_a_disconnect() -> None:
    conn = new_conn()
    conn.receive_data(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc")
    event = conn.next_event()
    assert isinstance(event, StartRequest)
    assert event.cycle.receive() == {"type": "http.request", "body": b"abc", "more_body": True}
    conn.receive_data(b"")
    assert event.cycle.receive() == {"type": "http.disconnect"}


def test_send_state_table_is_explicit() -> None:
    assert SEND_TABLE == {
        (Phase.START, "http.response.start"): Phase.BODY,
        (Phase.BODY, "http.response.body"): Phase.BODY,
    }


def _started(conn: HTTPConnection | None = None) -> tuple[HTTPConnection, object]:
    conn = conn or new_conn()
    conn.receive_data(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
    event = conn.next_event()
    assert isinstance(event, StartRequest)
    return conn, event.cycle


@pytest.mark.parametrize(
    ("messages", "error"),
    [
        (
            [{"type": "http.response.body"}],
            "expected 'http.response.start', got 'http.response.body'",
        ),
        (
            [
                {"type": "http.response.start", "status": 200},
                {"type": "http.response.start", "status": 200},
            ],
            "expected 'http.response.body', got 'http.response.start'",
        ),
        (
            [
                {"type": "http.response.start", "status": 200},
                {"type": "http.response.body"},
                {"type": "http.response.body"},
            ],
            "expected no message (the response is complete), got 'http.response.body'",
        ),
        ([{"type": "websocket.accept"}], "expected 'http.response.start', got 'websocket.accept'"),
        (
            [{"type": "http.response.start", "status": 99}],
            "expected a status code between 200 and 999, got 99",
        ),
    ],
)
def test_illegal_transitions_raise_expected_x_got_y(messages: list[dict], error: str) -> None:
    _, cycle = _started()
    *ok_messages, bad = messages
    for message in ok_messages:
        cycle.send(message)  # type: ignore[attr-defined]
    with pytest.raises(RuntimeError) as info:
        cycle.send(bad)  # type: ignore[attr-defined]
    assert str(info.value) == error


@pytest.mark.parametrize(
    "header",
    [
        (b"x", b"a\r\nSet-Cookie: evil=1"),
        (b"x", b"a\nb"),
        (b"x", b"a\x00b"),
        (b"x\r\ny", b"1"),
        (b"bad name", b"1"),
        (b"", b"1"),
        (b"content-length", b"1, 2"),
        (b"transfer-encoding", b"gzip"),
    ],
)
def test_app_headers_cannot_split_the_response(header: tuple[bytes, bytes]) -> None:
    conn, cycle = _started()
    with pytest.raises(RuntimeError):
        cycle.send({"type": "http.response.start", "status": 200, "headers": [header]})  # type: ignore[attr-defined]
    # Nothing was written and the cycle still accepts a valid response.
    cycle.send({"type": "http.response.start", "status": 200, "headers": []})  # type: ignore[attr-defined]
    out = cycle.send({"type": "http.response.body", "body": b"ok"})  # type: ignore[attr-defined]
    assert out == b"HTTP/1.1 200 OK\r\n" + DH + b"content-length: 2\r\n\r\nok"


def test_content_length_is_checked_against_the_body() -> None:
    _, cycle = _started()
    cycle.send(
        {"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"3")]}
    )  # type: ignore[attr-defined]
    with pytest.raises(RuntimeError, match="longer than its Content-Length"):
        cycle.send({"type": "http.response.body", "body": b"abcd"})  # type: ignore[attr-defined]
    conn, cycle = _started()
    cycle.send(
        {"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"3")]}
    )  # type: ignore[attr-defined]
    assert cycle.send({"type": "http.response.body", "body": b"ab", "more_body": True}) == (  # type: ignore[attr-defined]
        b"HTTP/1.1 200 OK\r\ncontent-length: 3\r\n" + DH + b"\r\nab"
    )
    with pytest.raises(RuntimeError, match="shorter than its Content-Length"):
        cycle.send({"type": "http.response.body", "body": b""})  # type: ignore[attr-defined]
    assert cycle.finish() == b""  # type: ignore[attr-defined]
    assert conn.end_cycle() is False


def test_max_requests_per_connection_closes() -> None:
    conn = new_conn(max_requests_per_connection=2)
    data = b"GET /1 HTTP/1.1\r\nHost: a\r\n\r\n" * 3
    out, scopes = drive([data], conn=conn)
    assert len(scopes) == 2
    assert out == ok(b"GET /1 ") + ok(b"GET /1 ", b"connection: close\r\n")


def test_websocket_upgrade_is_handed_over() -> None:
    conn = new_conn()
    conn.receive_data(
        b"GET /ws?x=1 HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n"
        b"Connection: keep-alive, Upgrade\r\n"
        b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\nFRAME"
    )
    event = conn.next_event()
    assert isinstance(event, StartWebSocket)
    assert event.trailing == b"FRAME"
    assert (event.scope["path"], event.scope["query_string"]) == ("/ws", b"x=1")


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"Content-Length: 1\r\nContent-Length: 1\r\n", "repeated Content-Length"),
        (
            b"content-length: 1\r\ntransfer-encoding: chunked\r\n",
            "Content-Length together with Transfer-Encoding",
        ),
        (b"Content-Length: 1\r\nX-Content-Length: 1\r\n", None),
        (b"Transfer-Encoding: chunked\r\n", None),
    ],
)
def test_framing_error(head: bytes, expected: str | None) -> None:
    assert framing_error(b"POST / HTTP/1.1\r\nHost: a\r\n" + head + b"\r\n") == expected


# -- properties -----------------------------------------------------------------------

_field_names = st.sampled_from([
    b"Content-Length", b"content-length", b"CONTENT-LENGTH", b" Content-Length ",
    b"Transfer-Encoding", b"transfer-encoding", b"X-Content-Length", b"Content-Lengths",
    b"X-Transfer-Encoding-Content-Length", b"Host", b"Accept",
])
_field_values = st.sampled_from([b"1", b"chunked", b"content-length", b"transfer-encoding"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_field_names, _field_values), max_size=6))
def test_framing_error_shortcut_agrees_with_the_full_scan(fields: list[tuple[bytes, bytes]]) -> None:
    head = b"POST / HTTP/1.1\r\n" + b"".join(n + b": " + v + b"\r\n" for n, v in fields) + b"\r\n"
    assert framing_error(head) == scan_framing(head)

_paths = st.text(alphabet="abcxyz019-_.~%/", max_size=12).map(lambda s: "/" + s.replace("%", "%25"))
_bodies = st.binary(max_size=40)


@st.composite
def valid_requests(draw: st.DrawFn) -> bytes:
    path = draw(_paths).encode()
    method = draw(st.sampled_from([b"GET", b"POST", b"PUT", b"DELETE", b"HEAD"]))
    body = draw(_bodies) if method in (b"POST", b"PUT") else b""
    if draw(st.booleans()) and body:
        chunks = [body[i : i + 7] for i in range(0, len(body), 7)]
        framed = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in chunks) + b"0\r\n\r\n"
        return (
            method
            + b" "
            + path
            + b" HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
            + framed
        )
    length = b"Content-Length: %d\r\n" % len(body) if body or method == b"POST" else b""
    return method + b" " + path + b" HTTP/1.1\r\nHost: h\r\n" + length + b"\r\n" + body


def _split(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts})
    parts, last = [], 0
    for p in points:
        parts.append(data[last:p])
        last = p
    parts.append(data[last:])
    return [p for p in parts if p]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(valid_requests(), min_size=1, max_size=4),
    st.lists(st.integers(0, 10_000), max_size=12),
)
def test_property_split_stream_answers_exactly_as_whole(
    requests: list[bytes], cuts: list[int]
) -> None:
    data = b"".join(requests)
    whole, whole_scopes = drive([data])
    split, split_scopes = drive(_split(data, cuts))
    assert split == whole
    assert [s["path"] for s in split_scopes] == [s["path"] for s in whole_scopes]
    assert len(whole_scopes) == len(requests)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.binary(max_size=64),
            valid_requests(),
            st.sampled_from(
                [
                    b"\r\n",
                    b"Content-Length: 5\r\n",
                    b"Transfer-Encoding: chunked\r\n",
                    b"0\r\n\r\n",
                    b"GET / HTTP/1.1\r\n",
                ]
            ),
        ),
        max_size=8,
    ),
    st.lists(st.integers(0, 10_000), max_size=8),
)
def test_property_arbitrary_bytes_never_raise_or_hang(parts: list[bytes], cuts: list[int]) -> None:
    data = b"".join(parts)
    out, _ = drive(_split(data, cuts))
    # Whatever came in, every byte written is a well-formed HTTP/1.1 status line start.
    assert out == b"" or out.startswith(b"HTTP/1.1 ")
