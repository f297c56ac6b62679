"""Fixtures for the TestClient tests: a client factory on asyncio and on trio."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from testing import TestClient


@pytest.fixture
def make_client(anyio_backend: str) -> Callable[..., TestClient]:
    """``make_client(app, **options)``: a TestClient on the parametrised backend."""

    def factory(app: Any, **options: Any) -> TestClient:
        return TestClient(app, backend=anyio_backend, **options)

    return factory
