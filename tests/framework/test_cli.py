"""``python -m framework run|dev``: real subprocesses on 127.0.0.1, always reaped."""

from __future__ import annotations

import http.client
import os
import re
import select
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from framework.cli import build_config, build_parser

ROOT = Path(__file__).resolve().parents[2]
URL = re.compile(rb"on (https?)://127\.0\.0\.1:(\d+)")


@contextmanager
def keel(*args: str, cwd: Path = ROOT, env: dict | None = None) -> Iterator[subprocess.Popen]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "framework", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        start_new_session=True,  # its own process group: workers and reload children die too
    )
    try:
        yield proc
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.communicate(timeout=10)


def wait_for_port(proc: subprocess.Popen, timeout: float = 10) -> int:
    """Read stdout until the 'Keel serving ... on URL' line; return the port."""
    deadline = time.monotonic() + timeout
    seen = b""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 0.1)
        if ready:
            line = proc.stdout.readline()  # type: ignore[union-attr]
            seen += line
            match = URL.search(line)
            if match:
                return int(match.group(2))
        if proc.poll() is not None:
            break
    raise AssertionError(f"server did not start: {seen!r} {proc.stderr.read()!r}")  # type: ignore[union-attr]


def get(port: int, path: str = "/", timeout: float = 5) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@pytest.mark.parametrize("loop", ["asyncio", "trio"])
def test_sigterm_finishes_in_flight_request_and_exits_0(loop: str) -> None:
    with keel("run", "tests.asgi_core.server.apps:slow", "--port", "0", "--loop", loop) as proc:
        port = wait_for_port(proc)
        result: list[tuple[int, bytes]] = []
        client = threading.Thread(target=lambda: result.append(get(port, "/?s=0.5")))
        client.start()
        time.sleep(0.2)
        proc.send_signal(signal.SIGTERM)
        client.join(10)
        assert proc.wait(timeout=10) == 0
        assert result == [(200, b"slept 0.5")]
        # Stopped accepting: the port no longer answers.
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=1).close()


def test_lifespan_startup_failure_exits_nonzero_with_the_error() -> None:
    with keel("run", "tests.asgi_core.server.apps:failing_startup", "--port", "0") as proc:
        _, err = proc.communicate(timeout=10)
        assert proc.returncode == 3
        assert b"application startup failed" in err and b"database unreachable" in err


def test_bad_import_string_exits_1() -> None:
    with keel("run", "tests.asgi_core.server.apps:nope", "--port", "0") as proc:
        _, err = proc.communicate(timeout=10)
        assert proc.returncode == 1
        assert b"attribute 'nope' not found" in err


def test_factory_root_path_and_access_log() -> None:
    args = ("run", "tests.asgi_core.server.apps:factory", "--factory", "--port", "0")
    with keel(*args, "--root-path", "/api", "--no-access-log") as proc:
        port = wait_for_port(proc)
        assert get(port, "/x") == (200, b"GET /api/x ")
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=10)
        assert proc.returncode == 0
        assert b'"GET' not in err


def test_unix_domain_socket(tmp_path: Path) -> None:
    path = str(tmp_path / "k.sock")
    with keel("run", "tests.asgi_core.server.apps:echo", "--uds", path) as proc:
        deadline = time.monotonic() + 10
        while not os.path.exists(path) and time.monotonic() < deadline:
            time.sleep(0.05)
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(5)
            sock.connect(path)
            sock.sendall(b"GET /u HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            data = b""
            while chunk := sock.recv(4096):
                data += chunk
        assert data.endswith(b"\r\n\r\nGET /u ")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
    assert not os.path.exists(path)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_workers_share_one_socket() -> None:
    port = _free_port()
    with keel(
        "run", "tests.asgi_core.server.apps:pid", "--port", str(port), "--workers", "2"
    ) as proc:
        deadline = time.monotonic() + 15
        pids: set[bytes] = set()
        while len(pids) < 2 and time.monotonic() < deadline:
            try:
                status, body = get(port, "/")
            except OSError:
                time.sleep(0.1)
                continue
            assert status == 200
            pids.add(body)
        assert len(pids) == 2
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=15) == 0


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl binary")
def test_https_with_stdlib_ssl(tmp_path: Path) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
        ],
        check=True,
        capture_output=True,
        timeout=30,
    )
    args = ("run", "tests.asgi_core.server.apps:echo", "--port", "0")
    with keel(*args, "--ssl-certfile", str(cert), "--ssl-keyfile", str(key)) as proc:
        port = wait_for_port(proc)
        context = ssl.create_default_context(cafile=str(cert))
        context.check_hostname = False
        conn = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=5)
        conn.request("GET", "/s")
        response = conn.getresponse()
        assert (response.status, response.read()) == (200, b"GET /s ")
        conn.close()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0


def test_dev_reloads_on_source_change(tmp_path: Path) -> None:
    module = tmp_path / "reloadme.py"
    template = (
        "async def app(scope, receive, send):\n"
        "    if scope['type'] != 'http':\n"
        "        return\n"
        "    await send({'type': 'http.response.start', 'status': 200})\n"
        "    await send({'type': 'http.response.body', 'body': b'%s'})\n"
    )
    module.write_text(template % "one")
    port = _free_port()
    args = ("dev", "reloadme:app", "--port", str(port), "--reload-dir", str(tmp_path))
    with keel(*args, cwd=tmp_path) as proc:
        wait_for_port(proc)
        assert get(port) == (200, b"one")
        time.sleep(0.1)
        module.write_text(template % "two")
        os.utime(module, (time.time() + 5, time.time() + 5))
        deadline = time.monotonic() + 15
        body = b"one"
        while body != b"two" and time.monotonic() < deadline:
            time.sleep(0.2)
            try:
                body = get(port, timeout=2)[1]
            except OSError:
                continue
        assert body == b"two"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=15) == 0


def test_parser_builds_the_config() -> None:
    args = build_parser().parse_args(
        [
            "run",
            "m:app",
            "--host",
            "127.0.0.1",
            "--port",
            "9001",
            "--root-path",
            "/r/",
            "--lifespan",
            "on",
            "--no-access-log",
            "--limit-concurrency",
            "7",
            "--proxy-headers",
            "--forwarded-allow-ips",
            "10.0.0.1, 10.0.0.2",
            "--loop",
            "trio",
            "--timeout-keep-alive",
            "2",
        ]
    )
    config = build_config(args)
    assert (config.app, config.host, config.port, config.root_path) == (
        "m:app",
        "127.0.0.1",
        9001,
        "/r",
    )
    assert (config.lifespan, config.access_log, config.limit_concurrency) == ("on", False, 7)
    assert config.proxy_headers is True and config.trusted_hosts == ["10.0.0.1", "10.0.0.2"]
    assert (config.loop, config.keep_alive_timeout, config.backlog) == ("trio", 2.0, 2048)


def test_workers_exit_when_the_supervisor_is_killed() -> None:
    port = _free_port()
    with keel(
        "run", "tests.asgi_core.server.apps:pid", "--port", str(port), "--workers", "2"
    ) as proc:
        deadline = time.monotonic() + 15
        worker = None
        while worker is None and time.monotonic() < deadline:
            try:
                worker = int(get(port, "/")[1])
            except OSError:
                time.sleep(0.1)
        assert worker is not None
        proc.kill()  # the supervisor only: its workers must notice and stop
        proc.wait(timeout=5)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(worker, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)
        else:
            raise AssertionError("worker outlived its supervisor")
