"""``request.cookies``: every ``Cookie`` header, parsed by ``asgi_core.cookies``, cached."""

from __future__ import annotations

import pytest

from tests.asgi_core.requests_support import call, json_headers, reporting_app

pytestmark = pytest.mark.anyio


async def check(handler, expected, status=200, body=b"", **kwargs):
    got = await call(reporting_app(handler), body, **kwargs)
    assert got == (status, json_headers(expected), expected)


async def test_cookies_parsed_from_every_cookie_header_and_cached():
    async def handler(request):
        return [request.cookies, request.cookies is request.cookies]

    headers = [(b"cookie", b'a=1; b="2"; sid=x%20y'), (b"cookie", b"c=3")]
    expected = [{"a": "1", "b": "2", "sid": "x%20y", "c": "3"}, True]
    await check(handler, expected, headers=headers)
    await check(handler, [{}, True])
