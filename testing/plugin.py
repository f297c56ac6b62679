"""Keel's pytest plugin: async tests on every backend and clients built for an app.

Enabled by the ``pytest11`` entry point (or ``-p testing.plugin``). It gives:

- ``anyio_backend``: every ``@pytest.mark.anyio`` test (and every test using the fixtures
  below) runs once per backend — asyncio and trio (when installed) by default; choose with
  ``--keel-backends=asyncio`` or the ini option ``keel_backends``.
- ``keel_client``: a factory, ``keel_client(app, **options)``, returning a ``TestClient``
  on the test's backend, already inside its ``with`` block (lifespan started; pass
  ``lifespan=False`` for a bare client), closed after the test.
- ``keel_async_client``: the async twin, ``client = await keel_async_client(app)``.
- ``--keel-no-conformance``: build those clients with ``check_asgi=False``.

The fixtures are registered at ``pytest_configure`` time, after every other plugin, so
they replace the anyio plugin's ``anyio_backend`` (a project's conftest still overrides).
"""

from __future__ import annotations

import importlib.util
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

import pytest

from .async_client import AsyncClient
from .client import TestClient

__all__ = ["KeelFixtures", "available_backends"]

_KNOWN_BACKENDS = ("asyncio", "trio")


def available_backends() -> list[str]:
    """The anyio backends importable here (asyncio always)."""
    return [name for name in _KNOWN_BACKENDS
            if name == "asyncio" or importlib.util.find_spec(name) is not None]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("keel")
    group.addoption("--keel-backends", dest="keel_backends", default=None,
                    help="comma-separated anyio backends to run async tests on "
                         "(default: asyncio and trio when installed)")
    group.addoption("--keel-no-conformance", dest="keel_no_conformance", action="store_true",
                    default=False, help="build keel_client/keel_async_client clients "
                                        "without the ASGI conformance checker")
    parser.addini("keel_backends", "anyio backends to run async tests on", type="args",
                  default=[])


def _backends(config: pytest.Config) -> list[str]:
    option = config.getoption("keel_backends")
    chosen = option.split(",") if option else list(config.getini("keel_backends"))
    chosen = [name.strip() for name in chosen if name.strip()] or available_backends()
    unknown = [name for name in chosen if name not in _KNOWN_BACKENDS]
    if unknown:
        raise pytest.UsageError(f"unknown anyio backend(s) {unknown}; use asyncio or trio")
    return chosen


class KeelFixtures:
    """The plugin's fixtures, registered as a plugin object of their own."""

    def __init__(self, backends: list[str], check_asgi: bool) -> None:
        self.backends = backends
        self.check_asgi = check_asgi

    @pytest.fixture
    def keel_client(self, anyio_backend: str) -> Iterator[Callable[..., TestClient]]:
        clients: list[TestClient] = []

        def build(app: Any, *, lifespan: bool = True, **options: Any) -> TestClient:
            options.setdefault("check_asgi", self.check_asgi)
            client = TestClient(app, backend=anyio_backend, **options)  # type: ignore[arg-type]
            if lifespan:
                client.__enter__()
            clients.append(client)
            return client

        yield build
        for client in reversed(clients):
            client.close()

    @pytest.fixture
    async def keel_async_client(
        self, anyio_backend: str
    ) -> AsyncIterator[Callable[..., Awaitable[AsyncClient]]]:
        clients: list[AsyncClient] = []

        async def build(app: Any, **options: Any) -> AsyncClient:
            options.setdefault("check_asgi", self.check_asgi)
            client = AsyncClient(app=app, **options)
            await client.__aenter__()
            clients.append(client)
            return client

        yield build
        for client in reversed(clients):
            await client.aclose()


def _anyio_backend(self: KeelFixtures, request: pytest.FixtureRequest) -> str:
    return str(request.param)


def pytest_configure(config: pytest.Config) -> None:
    backends = _backends(config)
    # The params are only known now: pytest reads fixtures from the class, so make one.
    fixture = pytest.fixture(scope="module", params=backends, name="anyio_backend")
    namespace = {"anyio_backend": fixture(_anyio_backend)}
    holder = type("KeelSessionFixtures", (KeelFixtures,), namespace)
    plugin = holder(backends, not config.getoption("keel_no_conformance"))
    config.pluginmanager.register(plugin, "keel-fixtures")
