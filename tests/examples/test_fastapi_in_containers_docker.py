"""Seed "FastAPI in Containers - Docker": the Dockerfile, its app package, and the server run.

Docker itself cannot run here, so the image is checked the way it would be built and run:
the Dockerfile's instructions parse (the ``--proxy-headers`` variant in its comment too),
every ``COPY`` source exists in the build context, ``requirements.txt`` installs Keel, and
``CMD`` is a command line ``python -m framework run`` accepts naming an importable app.
Then the container is imitated: ``app/`` is copied to a ``/code``-like WORKDIR and the CMD
runs from there on the built-in server (127.0.0.1, an ephemeral port, a bounded wait, the
process group killed afterwards) on each event loop. Answers are FastAPI 0.165's for the
original program under ``fastapi run`` (server-owned ``date``/``server`` headers aside).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

import pytest

from framework.cli import build_config, build_parser
from testing import TestClient

Backend = Literal["asyncio", "trio"]
ROOT = Path(__file__).resolve().parents[2]
CONTEXT = ROOT / "examples" / "fastapi_in_containers_docker"
JSON = "application/json"
URL = re.compile(rb"on http://127\.0\.0\.1:(\d+)")
CMD = ["python", "-m", "framework", "run", "app.main:app", "--host", "0.0.0.0", "--port", "80"]
INT_ERROR = (
    b'{"detail":[{"type":"int_parsing","loc":["path","item_id"],"msg":"Input should be a valid '
    b'integer, unable to parse string as an integer","input":"foo"}]}'
)


def instructions(text: str) -> list[tuple[str, str]]:
    """``(INSTRUCTION, arguments)`` pairs of a Dockerfile: comments dropped, ``\\`` joined."""
    result: list[tuple[str, str]] = []
    pending = ""
    for line in text.splitlines():
        stripped = line.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        keyword, _, arguments = (pending + stripped).partition(" ")
        result.append((keyword.upper(), arguments.strip()))
        pending = ""
    return result


def commented_instructions(text: str) -> list[tuple[str, str]]:
    """Instructions shown commented out (``# CMD [...]``), as the seed shows its variant."""
    lines = [line.strip()[2:] for line in text.splitlines() if line.strip().startswith("# CMD ")]
    return instructions("\n".join(lines))


@pytest.fixture(scope="module")
def dockerfile() -> list[tuple[str, str]]:
    return instructions((CONTEXT / "Dockerfile").read_text())


def test_dockerfile_instructions(dockerfile: list[tuple[str, str]]) -> None:
    assert [keyword for keyword, _ in dockerfile] == [
        "FROM", "WORKDIR", "COPY", "RUN", "COPY", "CMD"
    ]
    assert dockerfile[0][1].startswith("python:3.")
    assert dockerfile[1] == ("WORKDIR", "/code")
    assert dockerfile[3] == (
        "RUN", "pip install --no-cache-dir --upgrade -r /code/requirements.txt"
    )
    copies = [arguments.split() for keyword, arguments in dockerfile if keyword == "COPY"]
    assert copies == [["./requirements.txt", "/code/requirements.txt"], ["./app", "/code/app"]]
    for source, _ in copies:
        assert (CONTEXT / source).exists(), source
    assert json.loads(dockerfile[-1][1]) == CMD


def test_proxy_headers_variant_is_the_same_command_plus_the_flag() -> None:
    variants = commented_instructions((CONTEXT / "Dockerfile").read_text())
    assert [(keyword, json.loads(arguments)) for keyword, arguments in variants] == [
        ("CMD", [*CMD, "--proxy-headers"])
    ]


def test_requirements_install_keel() -> None:
    lines = (CONTEXT / "requirements.txt").read_text().splitlines()
    names = [re.split(r"[<>=!~\[ ]", line, maxsplit=1)[0] for line in lines if line.strip()]
    assert names == ["keel-asgi", "pydantic"]


@pytest.mark.parametrize("proxy", [False, True])
def test_cmd_is_a_valid_server_command_line(proxy: bool) -> None:
    command = [*CMD, "--proxy-headers"] if proxy else CMD
    assert command[:4] == ["python", "-m", "framework", "run"]
    args = build_parser().parse_args(command[3:])
    config: Any = build_config(args)
    assert (config.app, config.host, config.port) == ("app.main:app", "0.0.0.0", 80)
    # Forwarded headers are trusted by default (from 127.0.0.1), as `fastapi run` does; the
    # seed's --proxy-headers variant says so explicitly.
    assert config.proxy_headers is True
    no_proxy = build_config(build_parser().parse_args([*command[3:], "--no-proxy-headers"]))
    assert no_proxy.proxy_headers is False


# -- the app, in process -----------------------------------------------------------------------


def load_app() -> Any:
    from examples.fastapi_in_containers_docker.app.main import app

    return app


@pytest.mark.parametrize(
    ("path", "status", "body"),
    [
        ("/", 200, b'{"Hello":"World"}'),
        ("/items/5?q=somequery", 200, b'{"item_id":5,"q":"somequery"}'),
        ("/items/5", 200, b'{"item_id":5,"q":null}'),
        ("/items/foo", 422, INT_ERROR),
        ("/nope", 404, b'{"detail":"Not Found"}'),
    ],
)
def test_app_answers(path: str, status: int, body: bytes, anyio_backend: Backend) -> None:
    client = TestClient(load_app(), backend=anyio_backend)
    response = client.get(path)
    assert (response.status_code, list(response.headers.multi_items()), response.content) == (
        status,
        [("content-length", str(len(body))), ("content-type", JSON)],
        body,
    )


# -- the container, imitated -------------------------------------------------------------------


@contextmanager
def container(tmp_path: Path, command: list[str]) -> Iterator[int]:
    """Lay out WORKDIR as the Dockerfile does, run ``command`` there; yield the port."""
    workdir = tmp_path / "code"
    workdir.mkdir()
    shutil.copy(CONTEXT / "requirements.txt", workdir / "requirements.txt")
    shutil.copytree(CONTEXT / "app", workdir / "app", ignore=shutil.ignore_patterns("__pycache__"))
    argv = [sys.executable if part == "python" else part for part in command]
    argv[argv.index("--host") + 1] = "127.0.0.1"  # never all interfaces in a test
    argv[argv.index("--port") + 1] = "0"
    proc = subprocess.Popen(
        argv,
        cwd=workdir,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},  # Keel "pip installed"
        start_new_session=True,
    )
    try:
        yield wait_for_port(proc)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:  # pragma: no cover - already gone
            pass
        proc.communicate(timeout=10)


def wait_for_port(proc: subprocess.Popen[bytes], timeout: float = 15) -> int:
    """Read the server's stdout until its 'serving ... on URL' line; return the port."""
    stdout = proc.stdout
    if stdout is None:  # pragma: no cover - always piped above
        raise AssertionError("no stdout pipe")
    deadline = time.monotonic() + timeout
    seen = b""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([stdout], [], [], 0.1)
        if ready:
            line = stdout.readline()
            seen += line
            match = URL.search(line)
            if match:
                return int(match.group(1))
        if proc.poll() is not None:
            break
    raise AssertionError(f"server did not start: {seen!r}")


def get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[Any, ...]:
    """Status, the app's headers (the server's own date/server checked apart), body."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        body = response.read()
    finally:
        conn.close()
    all_headers = [(name.lower(), value) for name, value in response.getheaders()]
    assert sorted(name for name, _ in all_headers if name in ("date", "server")) == [
        "date", "server"
    ]
    app_headers = [(n, v) for n, v in all_headers if n not in ("date", "server")]
    return response.status, app_headers, body


FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}


@pytest.mark.parametrize("loop", ["asyncio", "trio"])
def test_container_serves_the_app(tmp_path: Path, loop: str) -> None:
    with container(tmp_path, [*CMD, "--loop", loop]) as port:
        assert get(port, "/") == (
            200, [("content-length", "17"), ("content-type", JSON)], b'{"Hello":"World"}'
        )
        body = b'{"item_id":5,"q":"somequery"}'
        assert get(port, "/items/5?q=somequery") == (
            200, [("content-length", "29"), ("content-type", JSON)], body
        )
        assert get(port, "/items/foo") == (
            422, [("content-length", "152"), ("content-type", JSON)], INT_ERROR
        )
        location = f"http://127.0.0.1:{port}/items/5?q=x"
        assert get(port, "/items/5/?q=x") == (
            307, [("content-length", "0"), ("location", location)], b""
        )


@pytest.mark.parametrize("loop", ["asyncio", "trio"])
def test_container_behind_a_proxy_trusts_forwarded_headers(tmp_path: Path, loop: str) -> None:
    with container(tmp_path, [*CMD, "--proxy-headers", "--loop", loop]) as port:
        location = f"https://127.0.0.1:{port}/items/5?q=x"
        assert get(port, "/items/5/?q=x", FORWARDED) == (
            307, [("content-length", "0"), ("location", location)], b""
        )
        plain = f"http://127.0.0.1:{port}/items/5?q=x"
        assert get(port, "/items/5/?q=x") == (
            307, [("content-length", "0"), ("location", plain)], b""
        )


def test_forwarded_headers_from_an_untrusted_peer_are_ignored(tmp_path: Path) -> None:
    """HARDENING: X-Forwarded-* count only from ``--forwarded-allow-ips`` (no traffic goes
    to the documentation address given there; it only makes 127.0.0.1 untrusted)."""
    command = [*CMD, "--proxy-headers", "--forwarded-allow-ips", "192.0.2.1"]
    with container(tmp_path, command) as port:
        location = f"http://127.0.0.1:{port}/items/5?q=x"
        assert get(port, "/items/5/?q=x", FORWARDED) == (
            307, [("content-length", "0"), ("location", location)], b""
        )


def test_container_without_the_flag_answers_as_fastapi_run(tmp_path: Path) -> None:
    with container(tmp_path, CMD) as port:
        location = f"https://127.0.0.1:{port}/items/5?q=x"
        assert get(port, "/items/5/?q=x", FORWARDED) == (
            307, [("content-length", "0"), ("location", location)], b""
        )
