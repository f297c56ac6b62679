"""The pytest plugin, run in a scratch project with ``pytester``; it loads through the
``pytest11`` entry point (``keel = "testing.plugin"``), as in a user's project."""

from __future__ import annotations

import pytest

from testing.plugin import available_backends

pytest_plugins = ["pytester"]

APP = '''
from framework import App

def make_app(events):
    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(app):
        events.append("startup")
        yield {"greeting": "hello"}
        events.append("shutdown")

    app = App(lifespan=lifespan)

    @app.get("/")
    async def root():
        return {"message": "Tomato"}

    return app
'''


def run(pytester: pytest.Pytester, source: str, *args: str) -> pytest.RunResult:
    pytester.makepyfile(keel_app=APP, test_it=source)
    return pytester.runpytest_inprocess("-v", *args)


def test_async_tests_run_on_every_backend(pytester):
    result = run(pytester, """
import pytest
import sniffio

seen = []

@pytest.mark.anyio
async def test_backend(anyio_backend):
    seen.append((anyio_backend, sniffio.current_async_library()))

def test_seen():
    assert sorted(seen) == [("asyncio", "asyncio"), ("trio", "trio")]
""")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(["*test_backend?asyncio? PASSED*", "*test_backend?trio? PASSED*"])


def test_backends_can_be_chosen(pytester):
    source = """
import pytest

@pytest.mark.anyio
async def test_backend(anyio_backend):
    assert anyio_backend == "asyncio"
"""
    run(pytester, source, "--keel-backends=asyncio").assert_outcomes(passed=1)
    pytester.makeini("[pytest]\nkeel_backends = asyncio\n")
    run(pytester, source).assert_outcomes(passed=1)
    result = run(pytester, source, "--keel-backends=curio")
    assert "unknown anyio backend(s) ['curio']" in result.stderr.str()


def test_keel_client_runs_lifespan_on_the_tests_backend(pytester):
    result = run(pytester, """
from keel_app import make_app

events = []

def test_client(keel_client, anyio_backend):
    before = len(events)  # every earlier client was shut down after its test
    assert events == ["startup", "shutdown"] * (before // 2)
    client = keel_client(make_app(events))
    assert events[before:] == ["startup"]
    assert client.async_backend["backend"] == anyio_backend
    response = client.get("/")
    assert (response.status_code, response.json()) == (200, {"message": "Tomato"})

def test_bare(keel_client):
    bare_events = []
    client = keel_client(make_app(bare_events), lifespan=False)
    assert (client.get("/").status_code, bare_events) == (200, [])
""")
    result.assert_outcomes(passed=4)


def test_keel_async_client(pytester):
    result = run(pytester, """
import pytest
from keel_app import make_app

events = []

@pytest.mark.anyio
async def test_async(keel_async_client):
    client = await keel_async_client(make_app(events))
    assert events[-1] == "startup"
    response = await client.get("/")
    assert response.json() == {"message": "Tomato"}

def test_after():
    assert events == ["startup", "shutdown"] * 2
""", "-p", "no:randomly")
    result.assert_outcomes(passed=3)


def test_the_clients_check_conformance_unless_told_not_to(pytester):
    source = """
async def broken(scope, receive, send):
    await receive()
    await send({"type": "http.response.start", "status": 200, "headers": [(b"X-A", b"1")]})
    await send({"type": "http.response.body", "body": b""})

def test_it(keel_client):
    assert keel_client(broken, lifespan=False).get("/").headers["x-a"] == "1"
"""
    result = run(pytester, source, "--keel-backends=asyncio")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*ConformanceError*header names must be lowercase*"])
    run(pytester, source, "--keel-backends=asyncio", "--keel-no-conformance").assert_outcomes(
        passed=1
    )


def test_a_conftest_fixture_still_wins(pytester):
    pytester.makeconftest("""
import pytest

@pytest.fixture
def anyio_backend():
    return "trio"
""")
    result = run(pytester, """
import pytest

@pytest.mark.anyio
async def test_backend(anyio_backend):
    assert anyio_backend == "trio"
""")
    result.assert_outcomes(passed=1)


def test_available_backends():
    assert available_backends() == ["asyncio", "trio"]


def test_plugin_is_registered_as_a_pytest11_entry_point() -> None:
    from importlib.metadata import entry_points

    found = [ep.value for ep in entry_points(group="pytest11") if ep.name == "keel"]
    assert found == ["testing.plugin"]
