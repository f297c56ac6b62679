"""schemathesis accepts the showcase app's OpenAPI document and finds no server error.

schemathesis (a test extra) generates cases from ``examples.showcase:app``'s document;
each is sent in-process through Keel's own ``testing.TestClient`` and the response
checked by schemathesis: ``not_a_server_error`` and ``response_schema_conformance`` (the
body matches the declared schema) for every operation. A small budget per
operation keeps the file fast.
"""

from __future__ import annotations

import time

import pytest

schemathesis = pytest.importorskip("schemathesis")
requests = pytest.importorskip("requests")

from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.core.transport import Response as STResponse  # noqa: E402
from schemathesis.specs.openapi.checks import response_schema_conformance  # noqa: E402

from examples.showcase import app  # noqa: E402
from testing import TestClient  # noqa: E402

SCHEMA = schemathesis.openapi.from_dict(app.openapi())
BASE = "http://testserver"


@pytest.fixture(scope="module")
def client():
    with TestClient(app, follow_redirects=False) as running:  # runs the lifespan
        yield running


def _send(case, client):
    options = case.as_transport_kwargs(base_url=BASE)
    method, url = options.pop("method"), options.pop("url")
    keep = {k: options[k] for k in ("params", "headers", "cookies", "json", "data", "files")
            if options.get(k) is not None}
    started = time.perf_counter()
    response = client.request(method, url, **keep)
    prepared = requests.Request(method, url, headers=keep.get("headers")).prepare()
    headers: dict[str, list[str]] = {}
    for name, value in response.headers.multi_items():
        headers.setdefault(name.lower(), []).append(value)
    return STResponse(status_code=response.status_code, headers=headers,
                      content=response.content, request=prepared,
                      elapsed=time.perf_counter() - started, verify=False)


@SCHEMA.parametrize()
@settings(max_examples=5, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_no_server_error(case, client):
    response = _send(case, client)
    assert response.status_code < 500, (case.method, case.formatted_path, response.text[:300])
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
