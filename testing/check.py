"""``check_app``: a property test of an app against its own OpenAPI contract.

For requests drawn from ``testing.strategies`` it asserts: no 5xx (an exception raised by
the app counts), a valid request never gets 422, an invalid one never gets 2xx, the status
is one the operation declares (or ``default``), and a JSON body matches the declared
schema for that status (the response model; HTTPValidationError for 422). Hypothesis
shrinks a failure; the report names the broken rule and prints the request as a runnable
``TestClient`` call.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterable
from typing import Any

from hypothesis import HealthCheck, given, note, settings

from ._jsonschema import Resolver, errors
from ._response import Response
from .client import TestClient
from .strategies import RequestCase, requests

__all__ = ["CheckFailure", "check_app", "check_response"]


# answers the framework or its middleware give any app: auth, routing, redirects
_FRAMEWORK_ANSWERS = frozenset({307, 308, 401, 403, 404, 405, 415})


class CheckFailure(AssertionError):
    """The app broke its contract for one request (the message shows the request)."""


def _declared(case: RequestCase, status: int) -> Any:
    responses = case.operation.responses
    for key in (str(status), f"{status // 100}XX", "default"):
        if key in responses:
            return responses[key]
    return None


def _decoded(response: Response) -> bytes:
    """The body without its Content-Encoding, whether or not the client removed it."""
    encoding = response.headers.get("content-encoding", "").strip().lower()
    try:
        if encoding == "gzip":
            return gzip.decompress(response.content)
        if encoding == "deflate":
            return zlib.decompress(response.content)
    except (OSError, zlib.error):
        pass  # the client already decoded it (as httpx does)
    return response.content


def _is_json(response: Response) -> bool:
    media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    return media_type == "application/json" or media_type.endswith("+json")


def check_response(case: RequestCase, response: Response, resolver: Resolver) -> list[str]:
    """The contract rules ``response`` breaks for ``case`` (empty when it keeps them)."""
    status = response.status_code
    if status >= 500:
        return [f"server error {status}: {response.text[:300]!r}"]
    problems = []
    if case.valid and status == 422:
        problems.append(f"a valid request got 422: {response.text[:500]}")
    if not case.valid and 200 <= status < 300:
        problems.append(f"an invalid request ({case.broken}) got {status}")
    declared = _declared(case, status)
    if declared is None:
        if status not in _FRAMEWORK_ANSWERS:
            problems.append(f"status {status} is not among the declared responses "
                            f"{sorted(case.operation.responses)}")
        return problems
    schema = declared.get("content", {}).get("application/json", {}).get("schema")
    if (schema is None or case.operation.method == "HEAD" or not response.content
            or not _is_json(response)):
        return problems  # a Response returned directly (HTML, a file) is not the model's
    try:
        body = json.loads(_decoded(response))
    except ValueError:
        return [*problems, f"declared JSON but got {response.text[:200]!r}"]
    problems.extend(f"response body: {e}" for e in errors(schema, body, resolver))
    return problems


def check_app(
    app: Any,
    *,
    max_examples: int = 50,
    only: Iterable[str] | None = None,
    valid: bool = True,
    invalid: bool = True,
    backend: str = "asyncio",
) -> None:
    """Generate requests for ``app``'s operations and assert its contract (see module doc).

    ``only`` limits the operations (operation ids, paths or "METHOD /path"). Raises
    ``CheckFailure`` with the shrunk counterexample as a ``client.request(...)`` call.
    """
    resolver = Resolver(app.openapi())
    kinds = [flag for flag, wanted in ((True, valid), (False, invalid)) if wanted]
    # redirects are answers to check, not to follow (they may point off the app)
    with TestClient(app, backend=backend, follow_redirects=False) as client:  # type: ignore[arg-type]
        for kind in kinds:
            strategy = requests(app, valid=kind, only=only)
            if strategy.is_empty:
                if kind:
                    raise ValueError("check_app: no operation to check (see `only`)")
                continue  # nothing declares a constraint to break
            _run(client, strategy, resolver, max_examples)


def _send(case: RequestCase, client: TestClient) -> Response:
    try:
        return case.send(client)
    except Exception as exc:
        raise CheckFailure(f"the app raised {exc!r} for\n    {case.as_code()}") from exc


def _run(client: TestClient, strategy: Any, resolver: Resolver, max_examples: int) -> None:
    @settings(max_examples=max_examples, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def property_(case: RequestCase) -> None:
        note(f"request ({case.broken or 'valid'}):\n    {case.as_code()}")
        response = _send(case, client)
        problems = check_response(case, response, resolver)
        if problems:
            raise CheckFailure(
                f"{case.operation} broke its contract:\n  - " + "\n  - ".join(problems)
                + f"\nrequest ({case.broken or 'valid'}):\n    {case.as_code()}"
            )

    property_()
