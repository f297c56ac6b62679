"""The TestClient's multipart encoder: exact format, and round-trips through real parsers."""

from __future__ import annotations

import base64
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_multipart.multipart import MultipartParser, parse_options_header

from asgi_core.requests import Request
from testing import TestClient
from testing._multipart import encode_multipart, format_param
from tests.testing._apps import send_json


def parse_with_python_multipart(body: bytes, content_type: str) -> list[tuple]:
    """``(name, filename, content_type, data)`` per part, straight from python-multipart."""
    _, options = parse_options_header(content_type)
    parts: list[dict] = []
    header: dict = {}

    def on_part_begin():
        parts.append({"headers": {}, "data": b""})

    def on_header_field(data, start, end):
        header["field"] = header.get("field", b"") + data[start:end]

    def on_header_value(data, start, end):
        header["value"] = header.get("value", b"") + data[start:end]

    def on_header_end():
        parts[-1]["headers"][header.pop("field").lower()] = header.pop("value", b"")

    def on_part_data(data, start, end):
        parts[-1]["data"] += data[start:end]

    parser = MultipartParser(options[b"boundary"], {
        "on_part_begin": on_part_begin, "on_header_field": on_header_field,
        "on_header_value": on_header_value, "on_header_end": on_header_end,
        "on_part_data": on_part_data,
    })
    parser.write(body)
    parser.finalize()
    result = []
    for part in parts:
        _, disposition = parse_options_header(part["headers"][b"content-disposition"])
        filename = disposition.get(b"filename")
        result.append((
            disposition[b"name"].decode(),
            None if filename is None else filename.decode(),
            part["headers"].get(b"content-type", b"").decode() or None,
            part["data"],
        ))
    return result


def test_exact_encoding_with_a_fixed_boundary():
    body, content_type = encode_multipart(
        {"a": "1", "n": 2, "t": True, "none": None},
        {"f": ("x.txt", b"data", "text/x", {"X-A": "b"}), "g": io.BytesIO(b"z")},
        boundary=b"BOUNDARY",
    )
    assert content_type == "multipart/form-data; boundary=BOUNDARY"
    assert body == (
        b'--BOUNDARY\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n'
        b'--BOUNDARY\r\nContent-Disposition: form-data; name="n"\r\n\r\n2\r\n'
        b'--BOUNDARY\r\nContent-Disposition: form-data; name="t"\r\n\r\ntrue\r\n'
        b'--BOUNDARY\r\nContent-Disposition: form-data; name="none"\r\n\r\n\r\n'
        b'--BOUNDARY\r\nContent-Disposition: form-data; name="f"; filename="x.txt"\r\n'
        b"X-A: b\r\nContent-Type: text/x\r\n\r\ndata\r\n"
        b'--BOUNDARY\r\nContent-Disposition: form-data; name="g"; filename="upload"\r\n'
        b"Content-Type: application/octet-stream\r\n\r\nz\r\n"
        b"--BOUNDARY--\r\n"
    )


def test_empty_form():
    body, _ = encode_multipart(None, [], boundary=b"B")
    assert body == b"--B--\r\n"


@pytest.mark.parametrize(
    ("value", "encoded"),
    [('a"b', b'; name="a\\"b"'), ("a\\b", b'; name="a\\\\b"'), ("l1\r\nl2", b'; name="l1%0D%0Al2"'),
     ("é", '; name="é"'.encode())],
)
def test_parameter_escaping(value, encoded):
    assert format_param("name", value) == encoded


def test_boundary_never_occurs_in_the_content(monkeypatch):
    draws = iter([b"\x00" * 16, b"\x01" * 16])
    monkeypatch.setattr("testing._multipart.os.urandom", lambda n: next(draws))
    body, content_type = encode_multipart(None, {"f": ("f", b"00" * 16)})
    assert content_type.endswith("01" * 16)


# Names and filenames: any text a header can carry (no CR/LF), no leading "X:\" / "\\"
# (python-multipart strips such IE6-style paths from filenames on purpose), and no trailing
# backslash: python-multipart's parameter splitter takes the escaped ``\\"`` that ends such
# a value for an escaped quote (see test_trailing_backslash_is_a_parser_limit).
_text = st.text(
    st.characters(exclude_categories=("Cs",), exclude_characters="\r\n"), max_size=20
).filter(lambda t: not t.endswith("\\"))
_filename = _text.filter(lambda f: f[1:3] != ":\\" and f[:2] != "\\\\")
_field = st.tuples(st.just("field"), _text, st.text(st.characters(exclude_categories=("Cs",)), max_size=40))
_file = st.tuples(st.just("file"), _text, st.tuples(_filename, st.binary(max_size=300)))
_parts = st.lists(st.one_of(_field, _file), max_size=8)


def _encode(parts):
    data = {}
    files = []
    for kind, name, value in parts:
        if kind == "field":
            data.setdefault(name, []).append(value)
        else:
            files.append((name, (value[0], value[1], "application/octet-stream")))
    return data, files


def _expected(parts):
    fields = [(n, None, None, v.encode()) for k, n, v in parts if k == "field"]
    by_name = {}
    for name, *_ in fields:
        by_name.setdefault(name, [])
    ordered = []
    for name in by_name:  # fields are grouped by name, in first-seen order (dict of lists)
        ordered += [f for f in fields if f[0] == name]
    files = [(n, v[0], "application/octet-stream", v[1]) for k, n, v in parts if k == "file"]
    return ordered + files


@settings(max_examples=150, deadline=None)
@given(_parts)
def test_round_trip_through_python_multipart(parts):
    data, files = _encode(parts)
    body, content_type = encode_multipart(data, files)
    assert parse_with_python_multipart(body, content_type) == _expected(parts)


async def form_echo(scope, receive, send):
    """Parses the body with Keel's own ``Request.form()`` and answers what it found."""
    if scope["type"] == "lifespan":
        while (await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
        return
    request = Request(scope, receive)
    out = []
    async with request.form() as form:
        for name, value in form.multi_items():
            if isinstance(value, str):
                out.append([name, None, None, base64.b64encode(value.encode()).decode()])
            else:
                content = await value.read()
                out.append([name, value.filename, value.content_type,
                            base64.b64encode(content).decode()])
    await send_json(send, 200, out)


def test_round_trip_through_the_client_and_keel_form_parser(anyio_backend):
    with TestClient(form_echo, backend=anyio_backend) as client:

        @settings(max_examples=40, deadline=None,
                  suppress_health_check=[HealthCheck.function_scoped_fixture])
        @given(_parts.filter(lambda parts: any(k == "file" for k, *_ in parts)))
        def check(parts):
            data, files = _encode(parts)
            response = client.post("/", data=data, files=files)
            assert response.status_code == 200
            got = [(n, f, t, base64.b64decode(c)) for n, f, t, c in response.json()]
            assert got == _expected(parts)

        check()


def test_trailing_backslash_is_a_parser_limit():
    """We escape correctly (RFC 2616 quoted-string); python-multipart mis-splits it."""
    body, content_type = encode_multipart(None, [("a\\", ("f.txt", b"x"))], boundary=b"B")
    assert b'name="a\\\\"; filename="f.txt"' in body
    assert parse_with_python_multipart(body, content_type)[0][0] != "a\\"
