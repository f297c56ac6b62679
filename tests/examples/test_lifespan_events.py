"""Seed "Lifespan Events": the lifespan context manager and the deprecated event handlers.

Run as the seed's text says a user would: ``with TestClient(app)`` runs startup on enter and
shutdown on exit; outside it no lifespan runs (the model is not loaded: the request fails
with the endpoint's ``KeyError``, re-raised by the client).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from testing import TestClient

from ._fw_support import Backend, load, parts

JSON = "application/json"


def test_lifespan_loads_and_releases_the_model(anyio_backend: Backend) -> None:
    example = load("lifespan_events.lifespan")
    assert example.ml_models == {}
    with TestClient(example.app, backend=anyio_backend) as client:
        assert list(example.ml_models) == ["answer_to_everything"]
        assert parts(client.get("/predict", params={"x": 2})) == (
            200,
            [("content-length", "15"), ("content-type", JSON)],
            b'{"result":84.0}',
        )
        invalid = client.get("/predict", params={"x": "nope"})
        body = (
            b'{"detail":[{"type":"float_parsing","loc":["query","x"],'
            b'"msg":"Input should be a valid number, unable to parse string as a number",'
            b'"input":"nope"}]}'
        )
        assert parts(invalid) == (422, [("content-length", "147"), ("content-type", JSON)], body)
    assert example.ml_models == {}


def test_without_the_lifespan_the_model_is_missing(anyio_backend: Backend) -> None:
    example = load("lifespan_events.lifespan")
    client = TestClient(example.app, backend=anyio_backend)
    with pytest.raises(KeyError, match="answer_to_everything"):
        client.get("/predict", params={"x": 2})
    quiet = TestClient(example.app, backend=anyio_backend, raise_server_exceptions=False)
    assert parts(quiet.get("/predict", params={"x": 2})) == (
        500,
        [("content-length", "21"), ("content-type", "text/plain; charset=utf-8")],
        b"Internal Server Error",
    )


def test_lifespan_state_reaches_requests(anyio_backend: Backend) -> None:
    example = load("lifespan_events.lifespan_state")
    with TestClient(example.app, backend=anyio_backend) as client:
        assert example.events == ["startup"]
        assert parts(client.get("/model")) == (
            200,
            [("content-length", "37"), ("content-type", JSON)],
            b'{"model_name":"answer_to_everything"}',
        )
    assert example.events == ["startup", "shutdown"]


def test_startup_event(anyio_backend: Backend) -> None:
    with pytest.warns(DeprecationWarning, match="on_event is deprecated"):
        example = load("lifespan_events.startup_event")
    assert example.items == {}
    with TestClient(example.app, backend=anyio_backend) as client:
        assert parts(client.get("/items/foo")) == (
            200,
            [("content-length", "19"), ("content-type", JSON)],
            b'{"name":"Fighters"}',
        )
        assert parts(client.get("/items/bar")) == (
            200,
            [("content-length", "18"), ("content-type", JSON)],
            b'{"name":"Tenders"}',
        )


def test_shutdown_event_writes_the_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, anyio_backend: Backend
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.warns(DeprecationWarning, match="on_event is deprecated"):
        example = load("lifespan_events.shutdown_event")
    with TestClient(example.app, backend=anyio_backend) as client:
        assert parts(client.get("/items/")) == (
            200,
            [("content-length", "16"), ("content-type", JSON)],
            b'[{"name":"Foo"}]',
        )
        assert not (tmp_path / "log.txt").exists()
    assert (tmp_path / "log.txt").read_text() == "Application shutdown"
