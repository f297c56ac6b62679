"""The ten in-process scenarios of issue 3: one request each, the same for every framework.

A scenario is only a request (method, path, query, headers, body) and a label; each
framework's app module answers it with its own idiomatic code. Before any timing the
runner checks that every framework answers with the same status and body.
"""

from __future__ import annotations

from dataclasses import dataclass

from benchmarks._models import INVALID_ORDER, ORDER, dumps

__all__ = ["DYNAMIC_ROUTES", "SCENARIOS", "Scenario"]

DYNAMIC_ROUTES = 50


@dataclass(frozen=True)
class Scenario:
    key: str
    label: str
    method: str
    path: str
    query: bytes = b""
    headers: tuple[tuple[bytes, bytes], ...] = ()
    body: bytes = b""
    asynchronous: bool = True  # False: the endpoint is a sync ``def`` (a thread hop)


_JSON = ((b"content-type", b"application/json"),)


def _post(key: str, label: str, payload: object) -> Scenario:
    body = dumps(payload)
    headers = (*_JSON, (b"content-length", str(len(body)).encode()))
    return Scenario(key, label, "POST", "/orders", headers=headers, body=body)


SCENARIOS: tuple[Scenario, ...] = (
    Scenario("plaintext", "plaintext", "GET", "/plaintext"),
    Scenario("json", "JSON dict", "GET", "/json"),
    Scenario("params", "path + query params", "GET", "/items/42", query=b"q=hello&limit=5"),
    _post("body", "POST nested model, filtering response_model", ORDER),
    Scenario(
        "deps",
        "3-level dependency chain (header, yield)",
        "GET",
        "/deps",
        headers=((b"x-token", b"secret-token"),),
    ),
    Scenario("list100", "response_model list of 100 items", "GET", "/catalog"),
    Scenario(
        "route50",
        f"{DYNAMIC_ROUTES}th of {DYNAMIC_ROUTES} dynamic routes",
        "GET",
        f"/route{DYNAMIC_ROUTES - 1}/7",
    ),
    _post("invalid", "422 (invalid nested body)", INVALID_ORDER),
    Scenario("notfound", "404", "GET", "/does/not/exist"),
    Scenario("sync", "sync def endpoint", "GET", "/sync", asynchronous=False),
)
