"""HTTPBasic survives any ``Authorization`` header: a clear 401, never a 500.

Hypothesis drives random header values at the scheme directly (any text) and at a whole
app over raw ASGI (any bytes, on asyncio and trio); fixed cases cover the HARDENING rows:
not base64, no colon, not UTF-8 (and not ASCII: FastAPI 0.165 decodes Basic credentials
as ASCII), huge headers. Secrets are compared with ``secrets.compare_digest`` on bytes.
"""

from __future__ import annotations

import base64
import json
import secrets
from typing import Annotated, Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asgi_core.requests import HTTPConnection
from framework import App, Depends, HTTPException
from security import HTTPBasic, HTTPBasicCredentials
from tests.asgi_helpers import http_scope, response_parts, run_http

UNAUTHORIZED = (401, "Not authenticated", {"WWW-Authenticate": "Basic"})
UNAUTHORIZED_BODY = b'{"detail":"Not authenticated"}'


def connection(value: bytes | None) -> HTTPConnection:
    headers = [] if value is None else [(b"authorization", value)]
    return HTTPConnection(http_scope(headers=headers))


def basic(raw: bytes) -> bytes:
    return b"Basic " + base64.b64encode(raw)


def outcome(scheme: HTTPBasic, value: bytes | None) -> Any:
    """The credentials, or the (status, detail, headers) of the raised HTTPException.

    The scheme's coroutine never suspends (it only reads the scope), so it is stepped by
    hand: an event loop per hypothesis example would cost more than the property.
    """
    coroutine = scheme(connection(value))
    try:
        coroutine.send(None)
    except StopIteration as stop:
        return stop.value
    except HTTPException as exc:
        return (exc.status_code, exc.detail, dict(exc.headers or {}))
    coroutine.close()
    raise AssertionError("HTTPBasic awaited something")


# -- properties over the scheme itself -------------------------------------------------------

latin1_text = st.text(st.characters(max_codepoint=255), max_size=300)


@settings(max_examples=300, deadline=None)
@given(value=latin1_text)
def test_any_header_is_credentials_or_a_401(value: str) -> None:
    result = outcome(HTTPBasic(), value.encode("latin-1"))
    assert isinstance(result, HTTPBasicCredentials) or result == UNAUTHORIZED


@settings(max_examples=200, deadline=None)
@given(value=latin1_text)
def test_any_basic_parameter_is_credentials_or_a_401(value: str) -> None:
    """Headers that do say ``Basic``: the 401 comes even with ``auto_error=False``."""
    for auto_error in (True, False):
        header = b"Basic " + value.encode("latin-1")
        result = outcome(HTTPBasic(auto_error=auto_error), header)
        assert isinstance(result, HTTPBasicCredentials) or result == UNAUTHORIZED


ascii_no_colon = st.text(st.characters(min_codepoint=0, max_codepoint=127,
                                       blacklist_characters=":"), max_size=50)
ascii_any = st.text(st.characters(min_codepoint=0, max_codepoint=127), max_size=50)


@settings(max_examples=200, deadline=None)
@given(username=ascii_no_colon, password=ascii_any,
       scheme=st.sampled_from(["Basic", "basic", "BASIC", "bAsIc"]),
       spaces=st.sampled_from([" ", "  ", " \t"]))
def test_round_trip(username: str, password: str, scheme: str, spaces: str) -> None:
    payload = base64.b64encode(f"{username}:{password}".encode("ascii")).decode("ascii")
    header = f"{scheme}{spaces}{payload}".encode("latin-1")
    result = outcome(HTTPBasic(), header)
    assert result == HTTPBasicCredentials(username=username, password=password)


@settings(max_examples=100, deadline=None)
@given(raw=st.binary(max_size=100).filter(lambda b: any(c > 127 for c in b)))
def test_non_ascii_payload_is_a_401(raw: bytes) -> None:
    assert outcome(HTTPBasic(), basic(raw)) == UNAUTHORIZED


@settings(max_examples=100, deadline=None)
@given(raw=ascii_no_colon)
def test_payload_without_colon_is_a_401(raw: str) -> None:
    assert outcome(HTTPBasic(auto_error=False), basic(raw.encode("ascii"))) == UNAUTHORIZED


@pytest.mark.parametrize(("header", "expected"), [
    (None, None),
    (b"", None),
    (b"Bearer abc", None),
    (b"Basic", UNAUTHORIZED),
    (b"Basic %%%", UNAUTHORIZED),
    (b"Basic " + b"A" * 5, UNAUTHORIZED),  # incorrect padding
    (basic(b"no colon"), UNAUTHORIZED),
    (basic(b"\xff\xfe:\xfd"), UNAUTHORIZED),  # not UTF-8
    (basic("sebasti\u00e1n:x".encode()), UNAUTHORIZED),  # UTF-8, not ASCII (as FastAPI)
    (basic(b"u:p"), HTTPBasicCredentials(username="u", password="p")),
])
def test_lenient_scheme(header: bytes | None, expected: Any) -> None:
    assert outcome(HTTPBasic(auto_error=False), header) == expected


# -- the whole app over raw ASGI: any bytes in the header, both backends ----------------------


def hardened_app() -> App:
    app = App()

    @app.get("/me")
    def me(credentials: Annotated[HTTPBasicCredentials, Depends(HTTPBasic())]) -> Any:
        return {"username": credentials.username, "password": credentials.password}

    return app


APP = hardened_app()


async def answer(value: bytes) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    scope = http_scope(path="/me", headers=[(b"authorization", value)])
    return response_parts(await run_http(APP, scope))


def check_answer(status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
    if status == 200:
        data = json.loads(body)
        assert set(data) == {"username", "password"}
        assert headers == [(b"content-length", str(len(body)).encode()),
                           (b"content-type", b"application/json")]
    else:
        assert (status, headers, body) == (
            401,
            [(b"www-authenticate", b"Basic"), (b"content-length", b"30"),
             (b"content-type", b"application/json")],
            UNAUTHORIZED_BODY,
        )


@pytest.mark.anyio
@settings(max_examples=60, deadline=None)
@given(value=st.one_of(st.binary(max_size=200), st.binary(max_size=200).map(lambda b: b"Basic " + b),
                       st.binary(max_size=100).map(basic)))
async def test_app_never_fails_on_any_header_bytes(value: bytes) -> None:
    check_answer(*await answer(value))


@pytest.mark.anyio
@pytest.mark.parametrize("value", [
    b"Basic " + b"!" * (1 << 20),  # 1 MiB of non-base64
    basic(b"x" * (1 << 20)),  # 1 MiB decoded, no colon
    basic(b"\xff" * (1 << 20)),  # 1 MiB of non-ASCII
    b"Basic " + b"A" * ((1 << 20) + 1),  # bad padding
])
async def test_huge_malformed_headers_are_a_401(value: bytes) -> None:
    check_answer(*await answer(value))
    assert (await answer(value))[0] == 401


@pytest.mark.anyio
async def test_huge_valid_header_is_accepted() -> None:
    password = "p" * (1 << 16)
    status, _, body = await answer(basic(f"u:{password}".encode()))
    assert status == 200
    assert json.loads(body) == {"username": "u", "password": password}


# -- the seed's advice: compare secrets with compare_digest on bytes -------------------------


def test_compare_digest_on_bytes_handles_non_ascii() -> None:
    # compare_digest refuses non-ASCII str; encoded to bytes it compares anything.
    with pytest.raises(TypeError):
        secrets.compare_digest("sebasti\u00e1n", "sebasti\u00e1n")
    assert secrets.compare_digest("sebasti\u00e1n".encode(), "sebasti\u00e1n".encode())
    assert not secrets.compare_digest("sebasti\u00e1n".encode(), b"sebastian")
