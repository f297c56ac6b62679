"""Seed "Settings and Environment Variables": the pydantic-settings programs as written.

Skipped where pydantic-settings is not installed; they answer like the plain-pydantic ones.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from testing import TestClient

from ._fw_support import Backend, load, parts

pytest.importorskip("pydantic_settings")

PKG = "settings_and_environment_variables"
APP03 = Path(__file__).resolve().parents[2] / "examples" / PKG / "app03"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ADMIN_EMAIL", "APP_NAME", "ITEMS_PER_USER"):
        monkeypatch.delenv(name, raising=False)


def test_basic(monkeypatch: pytest.MonkeyPatch, anyio_backend: Backend) -> None:
    monkeypatch.setenv("ADMIN_EMAIL", "deadpool@example.com")
    monkeypatch.setenv("APP_NAME", "ChimichangApp")
    example = load(f"{PKG}.pydantic_settings_basic")
    client = TestClient(example.app, backend=anyio_backend)
    body = b'{"app_name":"ChimichangApp","admin_email":"deadpool@example.com","items_per_user":50}'
    assert parts(client.get("/info")) == (
        200,
        [("content-length", str(len(body))), ("content-type", "application/json")],
        body,
    )


def test_dotenv(monkeypatch: pytest.MonkeyPatch, anyio_backend: Backend) -> None:
    monkeypatch.chdir(APP03)
    example = load(f"{PKG}.pydantic_settings_dotenv")
    client = TestClient(example.app, backend=anyio_backend)
    body = b'{"app_name":"ChimichangApp","admin_email":"deadpool@example.com","items_per_user":50}'
    assert parts(client.get("/info")) == (
        200,
        [("content-length", str(len(body))), ("content-type", "application/json")],
        body,
    )
