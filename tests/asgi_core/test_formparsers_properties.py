"""Hypothesis: random forms, encoded here, round-trip through ``Request.form()``; random bytes
never break the parsers in any way but a ``MultiPartException``."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asgi_core.datastructures import Headers
from asgi_core.formparsers import FormParser, MultiPartException, MultiPartParser
from tests.asgi_core.requests_support import (
    call,
    encode_multipart,
    form_app,
    json_headers,
    split_at,
)

pytestmark = pytest.mark.anyio
SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Header parameter text: anything printable but the quote/backslash escapes and line breaks
# (browsers percent-encode those; the escaped forms have their own example test).
param_text = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc"), blacklist_characters='"\\'
    ),
    max_size=20,
)
content_types = st.sampled_from([None, "text/plain", "application/octet-stream", "image/png"])
file_value = st.tuples(param_text, st.binary(max_size=300), content_types)
parts = st.lists(
    st.tuples(param_text, st.one_of(st.text(max_size=50), file_value)), max_size=8
)
cuts = st.lists(st.integers(min_value=0, max_value=5000), max_size=6)


def expected_form(form_parts):
    out = []
    for name, value in form_parts:
        if isinstance(value, str):
            out.append([name, value])
            continue
        filename, content, content_type = value
        disposition = f'form-data; name="{name}"; filename="{filename}"'
        headers = [["content-disposition", disposition.encode().decode("latin-1")]]
        if content_type is not None:
            headers.append(["content-type", content_type])
        out.append([name, {"filename": filename, "size": len(content),
                           "content_type": content_type, "content": content.hex(),
                           "headers": headers}])
    return out


@SETTINGS
@given(form_parts=parts, cut_points=cuts)
async def test_multipart_round_trip(form_parts, cut_points):
    body, ctype = encode_multipart(form_parts)
    expected = expected_form(form_parts)
    got = await call(form_app, split_at(body, cut_points), ctype)
    assert got == (200, json_headers(expected), expected)


_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def form_quote(text: str, charset: str) -> str:
    out = []
    for byte in text.encode(charset):
        if byte in _UNRESERVED:
            out.append(chr(byte))
        elif byte == 0x20:
            out.append("+")
        else:
            out.append(f"%{byte:02X}")
    return "".join(out)


pairs = st.lists(st.tuples(st.text(max_size=20), st.text(max_size=40)), max_size=12)
latin1_text = st.text(alphabet=st.characters(max_codepoint=255, blacklist_categories=("Cs",)))


@SETTINGS
@given(form_pairs=pairs, cut_points=cuts)
async def test_urlencoded_round_trip(form_pairs, cut_points):
    body = "&".join(f"{form_quote(k, 'utf-8')}={form_quote(v, 'utf-8')}" for k, v in form_pairs)
    expected = [list(pair) for pair in form_pairs]
    chunks = split_at(body.encode("ascii"), cut_points)
    got = await call(form_app, chunks, "application/x-www-form-urlencoded")
    assert got == (200, json_headers(expected), expected)


@SETTINGS
@given(form_pairs=st.lists(st.tuples(latin1_text, latin1_text), max_size=6))
async def test_urlencoded_round_trip_in_the_declared_charset(form_pairs):
    body = "&".join(f"{form_quote(k, 'latin-1')}={form_quote(v, 'latin-1')}" for k, v in form_pairs)
    expected = [list(pair) for pair in form_pairs]
    got = await call(form_app, body.encode(), "application/x-www-form-urlencoded; charset=latin-1")
    assert got == (200, json_headers(expected), expected)


async def _stream(chunks):
    for chunk in chunks:
        yield chunk


@SETTINGS
@given(body=st.binary(max_size=400), cut_points=cuts)
async def test_urlencoded_any_bytes_parse_to_one_field_per_segment(body, cut_points):
    parser = FormParser(
        Headers({"content-type": "application/x-www-form-urlencoded"}),
        _stream(split_at(body, cut_points)),
    )
    form = await parser.parse()
    segments = [s for s in body.split(b"&") if s]
    assert [k for k, _ in form.multi_items()] == [
        form_field_name(s) for s in segments
    ]


def form_field_name(segment: bytes) -> str:
    from urllib.parse import unquote_to_bytes

    name = segment.partition(b"=")[0].replace(b"+", b" ")
    return unquote_to_bytes(name).decode("utf-8", errors="replace")


multipart_noise = st.lists(
    st.sampled_from([b"--BB", b"\r\n", b"--", b"Content-Disposition: form-data; name=\"a\"",
                     b"; filename=\"f\"", b"X: y", b"\r\n\r\n", b"data", b"\x00\xff", b":"]),
    max_size=30,
).map(b"".join)


@SETTINGS
@given(body=st.one_of(multipart_noise, st.binary(max_size=300)), cut_points=cuts)
async def test_multipart_noise_never_breaks_the_parser(body, cut_points):
    parser = MultiPartParser(
        Headers({"content-type": "multipart/form-data; boundary=BB"}),
        _stream(split_at(body, cut_points)),
    )
    try:
        form = await parser.parse()
    except MultiPartException as exc:
        assert exc.message in {
            "Invalid multipart data.",
            'The Content-Disposition header field "name" must be provided.',
        }
    else:
        for key, _ in form.multi_items():
            assert key == "a"
        await form.close()
