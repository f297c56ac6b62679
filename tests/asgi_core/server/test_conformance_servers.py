"""ASGI conformance both ways: the showcase app under Keel's server, uvicorn and hypercorn.

Five real servers on 127.0.0.1 ephemeral ports — Keel's built-in one on asyncio and on trio
(``python -m framework run``), ``uvicorn --http h11 --ws wsproto``, and hypercorn with its
asyncio and trio workers — each serve ``examples.showcase:app`` with lifespan on. Stdlib
``http.client`` requests and a raw-socket wsproto WebSocket client must get the same answers
from every server as from the built-in one (``date``/``server`` headers and the port aside),
and the built-in one's answers are checked in full. Everything has a deadline; every server
process is killed (its whole process group) when the module ends.
"""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from wsproto import ConnectionType, WSConnection
from wsproto.events import (
    AcceptConnection,
    BytesMessage,
    CloseConnection,
    Message,
    RejectConnection,
    Request,
    TextMessage,
)

ROOT = Path(__file__).resolve().parents[3]
APP = "examples.showcase:app"
READY_DEADLINE = 60.0
IO_TIMEOUT = 10.0
REFERENCE = "keel"
SERVER_NAMES = ["keel", "keel-trio", "uvicorn", "hypercorn", "hypercorn-trio"]
OTHERS = [name for name in SERVER_NAMES if name != REFERENCE]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def command(name: str, port: int) -> list[str]:
    py = sys.executable
    keel = [py, "-m", "framework", "run", APP, "--port", str(port), "--lifespan", "on",
            "--no-access-log", "--log-level", "warning"]
    hypercorn = [py, "-m", "hypercorn", "--bind", f"127.0.0.1:{port}", "--graceful-timeout",
                 "1", APP, "--worker-class"]
    return {
        "keel": keel,
        "keel-trio": [*keel, "--loop", "trio"],
        "uvicorn": [py, "-m", "uvicorn", APP, "--http", "h11", "--ws", "wsproto", "--host",
                    "127.0.0.1", "--port", str(port), "--lifespan", "on", "--no-access-log",
                    "--log-level", "warning"],
        "hypercorn": [*hypercorn, "asyncio"],
        "hypercorn-trio": [*hypercorn, "trio"],
    }[name]


def wait_ready(name: str, port: int, proc: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited with {proc.returncode}: {proc.stderr.read()!r}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{name} did not listen on {port} within {READY_DEADLINE} s")


def stop(procs: dict) -> dict[str, int]:
    """SIGTERM every process group, then SIGKILL what is left after a deadline."""
    for _, proc in procs.values():
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    codes = {}
    deadline = time.monotonic() + 15
    for name, (_, proc) in procs.items():
        try:
            codes[name] = proc.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            codes[name] = proc.wait(5)
        for stream in (proc.stdout, proc.stderr):
            stream.close()
    return codes


@pytest.fixture(scope="module")
def ports():
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    procs: dict[str, tuple[int, subprocess.Popen]] = {}
    try:
        for name in SERVER_NAMES:
            port = free_port()
            proc = subprocess.Popen(
                command(name, port), cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
            )
            procs[name] = (port, proc)
        deadline = time.monotonic() + READY_DEADLINE
        for name, (port, proc) in procs.items():
            wait_ready(name, port, proc, deadline)
        yield {name: port for name, (port, _) in procs.items()}
    finally:
        codes = stop(procs)
    # graceful shutdown on SIGTERM: Keel exits 0 (uvicorn re-raises the signal: -15)
    assert codes["keel"] == 0 and codes["keel-trio"] == 0, codes
    assert all(proc.poll() is not None for _, proc in procs.values())


# -- HTTP -------------------------------------------------------------------------------

DROPPED = {"date", "server"}


def exchange(port: int, requests: list[tuple]) -> list[tuple]:
    """Send ``requests`` on one kept-alive connection; (status, headers, body) each."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=IO_TIMEOUT)
    answers = []
    try:
        for method, path, body, headers in requests:
            chunked = headers.pop("__chunked__", False) if headers else False
            conn.request(method, path, body=body, headers=headers or {}, encode_chunked=chunked)
            response = conn.getresponse()
            data = response.read()
            here = f"127.0.0.1:{port}"
            header_list = [
                (k.lower(), v.replace(here, "127.0.0.1:{port}"))
                for k, v in response.getheaders() if k.lower() not in DROPPED
            ]
            data = data.replace(here.encode(), b"127.0.0.1:{port}")
            answers.append((response.status, header_list, data))
    finally:
        conn.close()
    return answers


def chunks():
    yield b"abc"
    yield b"defg"


# name -> requests sent on one connection (each: method, path, body, headers)
SCENARIOS = {
    "index": [("GET", "/", None, {})],
    "json-and-validation": [
        ("GET", "/deps/items/?q=keel&skip=1", None, {}),
        ("GET", "/deps/users/?limit=x", None, {}),
        ("PUT", "/status/items/conformance", b'{"name":"N","size":2}',
         {"content-type": "application/json"}),
        ("PUT", "/status/items/conformance", b'{"name":"M","size":3}',
         {"content-type": "application/json"}),
    ],
    "lifespan-state": [("GET", "/lifespan/predict?x=2", None, {})],
    "request-direct": [
        ("GET", "/request/items/a", None, {}),
        ("GET", "/request/echo?a=1&a=2&b=%20", None, {"user-agent": "conformance"}),
        ("GET", "/request/proxy", None, {}),
    ],
    "chunked-upload": [
        ("POST", "/request/raw-body", chunks(), {"content-type": "text/plain",
                                                 "__chunked__": True}),
    ],
    "streaming-and-files": [
        ("GET", "/responses/stream", None, {}),
        ("GET", "/responses/file-direct", None, {}),
        ("HEAD", "/static/keel.txt", None, {}),
        ("GET", "/static/styles.css", None, {"range": "bytes=0-3"}),
    ],
    "responses": [
        ("GET", "/responses/redirect", None, {}),
        ("GET", "/responses/legacy", None, {}),
        ("POST", "/response/status-and-header", None, {}),
        ("DELETE", "/status/items/bar", None, {}),
    ],
    "gzip": [("GET", "/middleware/big", None, {"accept-encoding": "gzip"})],
    "cors-preflight": [
        ("OPTIONS", "/middleware/small", None, {
            "origin": "https://example.com", "access-control-request-method": "POST"}),
    ],
    "mounts": [
        ("GET", "/subapi/sub", None, {}),
        ("GET", "/wsgi/?name=%3Cb%3E", None, {}),
        ("GET", "/templates/items/7", None, {}),
    ],
    "errors": [
        ("GET", "/nope", None, {}),
        ("POST", "/", None, {}),
        ("HEAD", "/responses/plain", None, {}),
        ("GET", "/middleware/small", None, {"host": "evil.example"}),
    ],
}

_reference: dict[str, list[tuple]] = {}


def reference(ports, scenario: str) -> list[tuple]:
    if scenario not in _reference:
        _reference[scenario] = exchange(ports[REFERENCE], _fresh(scenario))
    return _reference[scenario]


def _fresh(scenario: str) -> list[tuple]:
    """The scenario's requests with generators re-created (they are consumed once)."""
    return [
        (m, p, chunks() if b is not None and not isinstance(b, bytes) else b, dict(h))
        for m, p, b, h in SCENARIOS[scenario]
    ]


JSON = "application/json"


def json_answer(body: bytes, status: int = 200) -> tuple:
    return (status, [("content-length", str(len(body))), ("content-type", JSON),
                     ("vary", "Origin")], body)


def test_reference_answers_in_full(ports) -> None:
    """The built-in server's own answers, checked without another server in the loop."""
    assert reference(ports, "lifespan-state") == [
        (200, [("content-length", "15"), ("content-type", JSON), ("vary", "Origin")],
         b'{"result":84.0}'),
    ]
    assert reference(ports, "chunked-upload") == [
        (200, [("content-length", "40"), ("content-type", JSON), ("vary", "Origin")],
         b'{"length":7,"content_type":"text/plain"}'),
    ]
    assert reference(ports, "request-direct")[:2] == [
        json_answer(b'{"client_host":"127.0.0.1","item_id":"a"}'),
        json_answer(b'{"method":"GET","path":"/request/echo","query":{"a":"2","b":" "},'
                    b'"user_agent":"conformance"}'),
    ]
    stream = reference(ports, "streaming-and-files")[0]
    assert stream == (
        200,
        [("content-type", "text/plain; charset=utf-8"), ("vary", "Accept-Encoding, Origin"),
         ("transfer-encoding", "chunked")],
        b"".join(b"some fake video bytes %d\n" % i for i in range(10)),
    )
    upsert = reference(ports, "json-and-validation")[2:]
    assert [(s, b) for s, _, b in upsert] == [
        (201, b'{"name":"N","size":2}'), (200, b'{"name":"M","size":3}')
    ]
    errors = reference(ports, "errors")
    assert [(s, b) for s, _, b in errors] == [
        (404, b'{"detail":"Not Found"}'), (405, b'{"detail":"Method Not Allowed"}'),
        (405, b""), (400, b"Invalid host header"),
    ]


@pytest.mark.parametrize("scenario", list(SCENARIOS))
@pytest.mark.parametrize("server", OTHERS)
def test_http_same_answers_as_builtin(ports, server, scenario) -> None:
    expected = reference(ports, scenario)
    assert exchange(ports[server], _fresh(scenario)) == expected


# -- WebSockets -------------------------------------------------------------------------


def ws_session(port: int, path: str, steps: list[tuple], headers=()) -> list[tuple]:
    """A transcript of one WebSocket session over a raw socket with wsproto.

    ``steps``: (message to send or None, number of messages to read back). After the steps
    the client closes with 1000 and waits for the server's close frame.
    """
    sock = socket.create_connection(("127.0.0.1", port), timeout=IO_TIMEOUT)
    client = WSConnection(ConnectionType.CLIENT)
    pending: list = []

    def next_event():
        while not pending:
            data = sock.recv(65536)
            client.receive_data(data or None)
            pending.extend(client.events())
            if not data and not pending:
                return None
        return pending.pop(0)

    try:
        request = Request(host=f"127.0.0.1:{port}", target=path, extra_headers=list(headers))
        sock.sendall(client.send(request))
        event = next_event()
        if isinstance(event, RejectConnection):
            return [_rejection(event, next_event)]
        assert isinstance(event, AcceptConnection), event
        transcript: list[tuple] = [("accept", event.subprotocol)]
        for message, count in steps:
            if message is not None:
                sock.sendall(client.send(Message(data=message)))
            for _ in range(count):
                event = next_event()
                if isinstance(event, CloseConnection):
                    sock.sendall(client.send(event.response()))
                    return [*transcript, ("server close", event.code, event.reason)]
                transcript.append(("message", _whole_message(event, next_event)))
        sock.sendall(client.send(CloseConnection(code=1000, reason="bye")))
        event = next_event()
        return [*transcript, ("closed", getattr(event, "code", None))]
    finally:
        sock.close()


def _whole_message(event, next_event):
    """The data of a message, joined across its frames."""
    assert isinstance(event, (TextMessage, BytesMessage)), event
    data = event.data
    while not event.message_finished:
        event = next_event()
        assert isinstance(event, (TextMessage, BytesMessage)), event
        data += event.data
    return data


def _rejection(event: RejectConnection, next_event) -> tuple:
    # hypercorn adds ``connection: close`` to a refused handshake; the others leave the
    # connection's fate to the status line. Not an ASGI difference, so not compared.
    headers = [
        (k.decode().lower(), v.decode()) for k, v in event.headers
        if k.lower() not in (b"date", b"server", b"connection")
    ]
    status, body = event.status_code, b""
    while event.has_body:
        event = next_event()
        if event is None:
            break
        body += event.data
        if event.body_finished:
            break
    return ("reject", status, headers, body)


WS_SCENARIOS = {
    "echo": ("/ws/echo", [("hi", 1), (b"\x00\x01", 1), ("é" * 70_000, 1)]),
    "dependencies": ("/ws/items/foo?token=tok&q=3", [("hello", 3)]),
    "cookie": ("/ws/items/foo", [("x", 2)]),
    "refused": ("/ws/items/foo", []),
    "invalid-query": ("/ws/items/foo?token=t&q=x", []),
    "chat": ("/ws/chat/1", [("hey", 2)]),
}
WS_HEADERS = {"cookie": [(b"cookie", b"session=ses")]}


def ws_reference(ports, scenario: str) -> list[tuple]:
    key = "ws:" + scenario
    if key not in _reference:
        path, steps = WS_SCENARIOS[scenario]
        _reference[key] = ws_session(ports[REFERENCE], path, steps, WS_HEADERS.get(scenario, ()))
    return _reference[key]


def test_ws_reference_transcripts(ports) -> None:
    assert ws_reference(ports, "echo") == [
        ("accept", None), ("message", "Message text was: hi"), ("message", b"\x00\x01"),
        ("message", "Message text was: " + "é" * 70_000), ("closed", 1000),
    ]
    assert ws_reference(ports, "dependencies") == [
        ("accept", None),
        ("message", "Session cookie or query token value is: tok"),
        ("message", "Query parameter q is: 3"),
        ("message", "Message text was: hello, for item ID: foo"),
        ("closed", 1000),
    ]
    assert ws_reference(ports, "cookie") == [
        ("accept", None),
        ("message", "Session cookie or query token value is: ses"),
        ("message", "Message text was: x, for item ID: foo"),
        ("closed", 1000),
    ]
    # closed before accept: the handshake is refused with 403 (ASGI's rule)
    assert ws_reference(ports, "refused") == [("reject", 403, [("content-length", "0")], b"")]
    assert ws_reference(ports, "invalid-query") == ws_reference(ports, "refused")
    assert ws_reference(ports, "chat") == [
        ("accept", None), ("message", "You wrote: hey"), ("message", "Client #1 says: hey"),
        ("closed", 1000),
    ]


@pytest.mark.parametrize("scenario", list(WS_SCENARIOS))
@pytest.mark.parametrize("server", OTHERS)
def test_ws_same_transcript_as_builtin(ports, server, scenario) -> None:
    path, steps = WS_SCENARIOS[scenario]
    transcript = ws_session(ports[server], path, steps, WS_HEADERS.get(scenario, ()))
    assert transcript == ws_reference(ports, scenario)
