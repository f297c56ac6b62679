"""Seed "Including WSGI": the Flask program as written (skipped where Flask is missing)."""

from __future__ import annotations

import pytest

from testing import TestClient

from ._fw_support import Backend, load, parts
from .test_including_wsgi import CASES

pytest.importorskip("flask")


def sorted_allow(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Flask builds ``Allow`` from a set: its order changes with the hash seed."""
    return [
        (name, ", ".join(sorted(value.split(", "))) if name == "allow" else value)
        for name, value in headers
    ]


@pytest.mark.parametrize(("method", "url", "status", "headers", "body"), CASES)
def test_flask_mount(
    method: str,
    url: str,
    status: int,
    headers: list[tuple[str, str]],
    body: bytes,
    anyio_backend: Backend,
) -> None:
    example = load("including_wsgi.flask_app")
    client = TestClient(example.app, backend=anyio_backend, follow_redirects=False)
    got_status, got_headers, got_body = parts(client.request(method, url))
    assert (got_status, sorted_allow(got_headers), got_body) == (
        status,
        sorted_allow(headers),
        body,
    )
