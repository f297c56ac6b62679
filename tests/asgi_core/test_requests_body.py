"""A body read by a middleware stays readable for the endpoint; the form's lifecycle."""

from __future__ import annotations

import pytest

from asgi_core.requests import BODY_SCOPE_KEY, ClientDisconnect, Request
from tests.asgi_core.requests_support import (
    call,
    describe_form,
    encode_multipart,
    json_headers,
    reporting_app,
)
from tests.asgi_helpers import http_scope

pytestmark = pytest.mark.anyio


async def endpoint_handler(request: Request):
    body = await request.body()
    async with request.form() as form:
        form_items = await describe_form(form)
    saw = request.scope["state"].get("middleware_saw")
    return {"body": body.decode(), "form": form_items, "middleware_saw": saw}


endpoint = reporting_app(endpoint_handler)


def body_reading_middleware(app, *, copy_scope=False):
    """A pure ASGI middleware that reads the whole body, then calls ``app``."""

    async def middleware(scope, receive, send):
        body = await Request(scope, receive).body()
        scope = dict(scope) if copy_scope else scope
        scope["state"]["middleware_saw"] = len(body)
        await app(scope, receive, send)

    return middleware


@pytest.mark.parametrize("copy_scope", [False, True])
async def test_endpoint_reads_a_body_the_middleware_already_read(copy_scope):
    app = body_reading_middleware(endpoint, copy_scope=copy_scope)
    expected = {"body": "a=1&b=2", "form": [["a", "1"], ["b", "2"]], "middleware_saw": 7}
    got = await call(app, [b"a=1", b"&b=2"], "application/x-www-form-urlencoded")
    assert got == (200, json_headers(expected), expected)


async def test_multipart_form_from_a_cached_body():
    form_body, ctype = encode_multipart([("f", ("x.bin", b"\x00\x01", None)), ("a", "1")])
    app = body_reading_middleware(endpoint)
    status, _, payload = await call(app, form_body, ctype)
    assert status == 200
    assert payload["form"][0][1]["content"] == "0001"
    assert payload["form"][1] == ["a", "1"]


async def test_json_after_a_middleware_read():
    async def handler(request):
        return await request.json()

    app = body_reading_middleware(reporting_app(handler))
    got = await call(app, b'{"k": [1, 2]}')
    assert got == (200, json_headers({"k": [1, 2]}), {"k": [1, 2]})


async def test_middleware_that_replaces_the_body_drops_the_cache():
    async def replacing(scope, receive, send):
        original = await Request(scope, receive).body()
        scope.pop(BODY_SCOPE_KEY)
        replayed = [{"type": "http.request", "body": original.upper(), "more_body": False}]

        async def new_receive():
            return replayed.pop(0) if replayed else {"type": "http.disconnect"}

        await endpoint(scope, new_receive, send)

    expected = {"body": "A=1", "form": [["A", "1"]], "middleware_saw": None}
    got = await call(replacing, b"a=1", "application/x-www-form-urlencoded")
    assert got == (200, json_headers(expected), expected)


async def test_without_the_cache_a_second_request_sees_the_drained_channel():
    async def streaming_middleware(scope, receive, send):
        # stream() does not cache: the endpoint's body read then meets the disconnect.
        async for _ in Request(scope, receive).stream():
            pass
        try:
            await Request(scope, receive).body()
        except ClientDisconnect:
            scope["state"]["result"] = "disconnect"
        await endpoint_state(scope, receive, send)

    async def state_handler(request):
        return request.state.result

    endpoint_state = reporting_app(state_handler)
    got = await call(streaming_middleware, b"data")
    assert got == (200, json_headers("disconnect"), "disconnect")


# --- form lifecycle ----------------------------------------------------------------------


def _receiver(body):
    messages = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive():
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    return receive


def _form_request(parts):
    body, ctype = encode_multipart(parts)
    scope = http_scope("POST", headers=[(b"content-type", ctype.encode())])
    return Request(scope, _receiver(body))


async def test_async_with_form_closes_the_uploads():
    request = _form_request([("f", ("x", b"data", None)), ("a", "1")])
    async with request.form() as form:
        upload = form["f"]
        assert await upload.read() == b"data"
        assert not upload.file.closed
    assert upload.file.closed


async def test_awaited_form_is_cached_and_closed_by_request_close():
    request = _form_request([("f", ("x", b"data", None))])
    form = await request.form(max_files=5)
    assert await request.form(max_files=0) is form
    upload = form["f"]
    assert not upload.file.closed
    await request.close()
    assert upload.file.closed


async def test_close_without_a_form_is_a_no_op():
    request = _form_request([])
    await request.close()
    assert await request.body() != b""


async def test_body_after_form_is_consumed_but_form_after_body_works():
    request = _form_request([("a", "1")])
    await request.form()
    with pytest.raises(RuntimeError, match="Stream consumed"):
        await request.body()
    request = _form_request([("a", "1")])
    body = await request.body()
    form = await request.form()
    assert (body.count(b"--"), list(form.multi_items())) == (3, [("a", "1")])
