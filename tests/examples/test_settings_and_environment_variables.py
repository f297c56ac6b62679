"""Seed "Settings and Environment Variables", with plain pydantic reading the environment.

The settings come from environment variables (case-insensitive, converted by the model),
a missing required one fails at import with pydantic's error, settings can live in another
module or in a cached dependency that tests override, and a ``.env`` file is read under
the real environment. The pydantic-settings originals are in
``test_settings_and_environment_variables_pydantic_settings.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from testing import TestClient

from ._fw_support import Backend, load, parts

JSON = "application/json"
PKG = "settings_and_environment_variables"
APP03 = Path(__file__).resolve().parents[2] / "examples" / PKG / "app03"


def expect(body: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
    return 200, [("content-length", str(len(body))), ("content-type", JSON)], body


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ADMIN_EMAIL", "APP_NAME", "ITEMS_PER_USER", "admin_email", "app_name"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("module", ["basic", "app01.main"])
def test_settings_from_the_environment(
    module: str, monkeypatch: pytest.MonkeyPatch, anyio_backend: Backend
) -> None:
    monkeypatch.setenv("ADMIN_EMAIL", "deadpool@example.com")
    monkeypatch.setenv("APP_NAME", "ChimichangApp")
    load(f"{PKG}.app01.config")  # app01's settings object is read at import, like basic's
    example = load(f"{PKG}.{module}")
    client = TestClient(example.app, backend=anyio_backend)
    assert parts(client.get("/info")) == expect(
        b'{"app_name":"ChimichangApp","admin_email":"deadpool@example.com","items_per_user":50}'
    )


def test_values_are_converted_and_names_case_insensitive(
    monkeypatch: pytest.MonkeyPatch, anyio_backend: Backend
) -> None:
    monkeypatch.setenv("admin_email", "lower@example.com")
    monkeypatch.setenv("ITEMS_PER_USER", "7")
    example = load(f"{PKG}.basic")
    assert example.settings.items_per_user == 7
    client = TestClient(example.app, backend=anyio_backend)
    assert parts(client.get("/info")) == expect(
        b'{"app_name":"Awesome API","admin_email":"lower@example.com","items_per_user":7}'
    )


def test_missing_or_invalid_values_fail_at_import(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValidationError) as missing:
        load(f"{PKG}.basic")
    assert [(e["type"], e["loc"]) for e in missing.value.errors()] == [
        ("missing", ("admin_email",))
    ]
    monkeypatch.setenv("ADMIN_EMAIL", "deadpool@example.com")
    monkeypatch.setenv("ITEMS_PER_USER", "many")
    with pytest.raises(ValidationError) as invalid:
        load(f"{PKG}.basic")
    assert [(e["type"], e["loc"], e["input"]) for e in invalid.value.errors()] == [
        ("int_parsing", ("items_per_user",), "many")
    ]


def test_settings_dependency_cached_and_overridden(
    monkeypatch: pytest.MonkeyPatch, anyio_backend: Backend
) -> None:
    load(f"{PKG}.app02.config")
    main = load(f"{PKG}.app02.main")
    monkeypatch.setenv("ADMIN_EMAIL", "first@example.com")
    client = TestClient(main.app, backend=anyio_backend)
    first = b'{"app_name":"Awesome API","admin_email":"first@example.com","items_per_user":50}'
    assert parts(client.get("/info")) == expect(first)
    monkeypatch.setenv("ADMIN_EMAIL", "second@example.com")
    assert parts(client.get("/info")) == expect(first)  # lru_cache: read once
    assert main.get_settings.cache_info().misses == 1


def test_the_seeds_override_test(anyio_backend: Backend) -> None:
    load(f"{PKG}.app02.config")
    load(f"{PKG}.app02.main")
    seed_test = load(f"{PKG}.app02.test_main")
    seed_test.test_app()
    client = TestClient(seed_test.app, backend=anyio_backend)
    assert parts(client.get("/info")) == expect(
        b'{"app_name":"Awesome API","admin_email":"testing_admin@example.com","items_per_user":50}'
    )


def test_dotenv_file(monkeypatch: pytest.MonkeyPatch, anyio_backend: Backend) -> None:
    monkeypatch.chdir(APP03)
    load(f"{PKG}.app03.config")
    main = load(f"{PKG}.app03.main")
    client = TestClient(main.app, backend=anyio_backend)
    assert parts(client.get("/info")) == expect(
        b'{"app_name":"ChimichangApp","admin_email":"deadpool@example.com","items_per_user":50}'
    )


def test_environment_wins_over_dotenv(monkeypatch: pytest.MonkeyPatch, anyio_backend: Backend) -> None:
    monkeypatch.chdir(APP03)
    monkeypatch.setenv("APP_NAME", "FromTheEnvironment")
    load(f"{PKG}.app03.config")
    main = load(f"{PKG}.app03.main")
    client = TestClient(main.app, backend=anyio_backend)
    assert parts(client.get("/info")) == expect(
        b'{"app_name":"FromTheEnvironment","admin_email":"deadpool@example.com",'
        b'"items_per_user":50}'
    )


def test_dotenv_parser(tmp_path: Path) -> None:
    envsettings = load(f"{PKG}.envsettings")
    env = tmp_path / ".env"
    env.write_text(
        "# a comment\n\nexport A=1\nB = 'two words'\nC=\"x=y\"\nnot a pair\nD=\n", encoding="utf-8"
    )
    assert envsettings.read_env_file(env) == {"A": "1", "B": "two words", "C": "x=y", "D": ""}
    assert envsettings.read_env_file(tmp_path / "missing.env") == {}
