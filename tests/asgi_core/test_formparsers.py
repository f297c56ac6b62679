"""Form parsing through a real ``Request`` in a small ASGI app, on asyncio and trio."""

from __future__ import annotations

import pytest

from asgi_core.datastructures import Headers
from asgi_core.formparsers import FormParser, MultiPartException, MultiPartParser
from tests.asgi_core.requests_support import call, encode_multipart, form_app, json_headers

URLENCODED = "application/x-www-form-urlencoded"
pytestmark = pytest.mark.anyio


async def check(body, content_type, expected, status=200, **extra):
    got = await call(form_app, body, content_type, **extra)
    assert got == (status, json_headers(expected), expected)


def file_entry(name, filename, content, content_type=None, extra_headers=()):
    disposition = f'form-data; name="{name}"; filename="{filename}"'
    headers = [["content-disposition", disposition]]
    if content_type is not None:
        headers.append(["content-type", content_type])
    headers.extend([list(h) for h in extra_headers])
    return [
        name,
        {"filename": filename, "size": len(content), "content_type": content_type,
         "content": content.hex(), "headers": headers},
    ]


# --- urlencoded ---------------------------------------------------------------------------


async def test_urlencoded_fields_in_order_with_plus_and_percent():
    body = b"a=1&b=x+y%20z&a=2&&=v&k&e%2Bf=%26"
    expected = [["a", "1"], ["b", "x y z"], ["a", "2"], ["", "v"], ["k", ""], ["e+f", "&"]]
    await check(body, URLENCODED, expected)


async def test_urlencoded_split_on_ampersand_only():
    await check(b"a=1;b=2", URLENCODED, [["a", "1;b=2"]])


async def test_urlencoded_across_chunk_edges():
    chunks = [b"na", b"me=va", b"l&", b"&x=", b"1", b"&y", b"=2"]
    await check(chunks, URLENCODED, [["name", "val"], ["x", "1"], ["y", "2"]])


async def test_urlencoded_charset_from_content_type():
    await check(b"a=%E9&b=\xe9", URLENCODED + "; charset=latin-1", [["a", "é"], ["b", "é"]])
    # Unknown charset: UTF-8, undecodable bytes replaced.
    await check(b"a=%C3%A9&b=%E9", URLENCODED + "; charset=nope", [["a", "é"], ["b", "\ufffd"]])


async def test_urlencoded_bad_percent_escapes_kept_verbatim():
    await check(b"a=%zz&b=%4", URLENCODED, [["a", "%zz"], ["b", "%4"]])


async def test_urlencoded_too_many_fields():
    ok = b"&".join(b"f%d=1" % i for i in range(1000))
    expected = [[f"f{i}", "1"] for i in range(1000)]
    await check(ok, URLENCODED, expected)
    detail = {"detail": "Too many fields. Maximum number of fields is 1000."}
    await check(ok + b"&x=1", URLENCODED, detail, 400)


async def test_urlencoded_empty_segments_are_not_fields():
    await check(b"&" * 200_000 + b"a=1" + b"&" * 200_000, URLENCODED, [["a", "1"]])


async def test_urlencoded_field_size_limit_counts_name_and_value():
    size = 1024 * 1024
    detail = {"detail": "Field exceeded maximum size of 1024KB."}
    await check(b"abc=" + b"x" * (size - 3), URLENCODED, [["abc", "x" * (size - 3)]])
    await check(b"abc=" + b"x" * (size - 2), URLENCODED, detail, 400)
    await check(b"x" * (size + 1), URLENCODED, detail, 400)
    limits = {"max_part_size": 4}
    await check(b"ab=cd", URLENCODED, [["ab", "cd"]], form_limits=limits)
    await check(b"ab=cde", URLENCODED, {"detail": "Field exceeded maximum size of 0KB."},
                400, form_limits=limits)


async def test_urlencoded_endless_field_stops_early():
    pulled = 0

    async def endless():
        nonlocal pulled
        while True:
            pulled += 1
            yield b"a" * 65536

    parser = FormParser(Headers({"content-type": URLENCODED}), endless())
    with pytest.raises(MultiPartException) as info:
        await parser.parse()
    assert info.value.message == "Field exceeded maximum size of 1024KB."
    assert pulled == 17  # 16 chunks fill 1 MiB; the 17th crosses it.


# --- multipart ----------------------------------------------------------------------------


async def test_multipart_fields_and_files():
    parts = [
        ("a", "1"),
        ("f", ("x.txt", b"data\r\n--notboundary", "text/plain")),
        ("g", ("", b"", None)),
        ("a", "two\r\nlines"),
    ]
    body, ctype = encode_multipart(parts)
    expected = [
        ["a", "1"],
        file_entry("f", "x.txt", b"data\r\n--notboundary", "text/plain"),
        file_entry("g", "", b""),
        ["a", "two\r\nlines"],
    ]
    await check(body, ctype, expected)
    # The same body one byte per chunk.
    await check([body[i : i + 1] for i in range(len(body))], ctype, expected)


async def test_multipart_empty_form_and_quoted_boundary():
    await check(b"--BB--\r\n", "multipart/form-data; boundary=BB", [])
    body, _ = encode_multipart([("a", "1")], boundary="BB")
    await check(body, 'multipart/form-data; boundary="BB"', [["a", "1"]])


async def test_multipart_escaped_quotes_and_utf8_names():
    body = (
        b'--BB\r\nContent-Disposition: form-data; name="q\\"x"; filename="a\\"b.txt"\r\n\r\n'
        b"d\r\n--BB\r\nContent-Disposition: form-data; name=\"\xc3\xa9\"\r\n\r\n"
        b"\xc3\xa9\r\n--BB--\r\n"
    )
    expected = [
        ["q\"x", {"filename": 'a"b.txt', "size": 1, "content_type": None, "content": "64",
                  "headers": [["content-disposition",
                               'form-data; name="q\\"x"; filename="a\\"b.txt"']]}],
        ["é", "é"],
    ]
    await check(body, "multipart/form-data; boundary=BB", expected)


async def test_multipart_charset_from_content_type_and_latin1_fallback():
    body, _ = encode_multipart([("a", "x")], boundary="BB")
    body = body.replace(b"\r\n\r\nx", b"\r\n\r\n\xe9")
    await check(body, "multipart/form-data; boundary=BB; charset=latin-1", [["a", "é"]])
    # UTF-8 by default; bytes that are not UTF-8 fall back to latin-1 instead of failing.
    await check(body, "multipart/form-data; boundary=BB", [["a", "é"]])
    body_utf8 = body.replace(b"\xe9", "é€".encode())
    await check(body_utf8, "multipart/form-data; boundary=BB", [["a", "é€"]])


async def test_multipart_part_headers_kept_on_upload():
    body = (
        b'--BB\r\nContent-Disposition: form-data; name="f"; filename="n"\r\n'
        b"X-Custom: v\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n--BB--\r\n"
    )
    entry = file_entry("f", "n", b"\x89PNG", None, [])
    entry[1]["content_type"] = "image/png"
    entry[1]["headers"] += [["x-custom", "v"], ["content-type", "image/png"]]
    await check(body, "multipart/form-data; boundary=BB", [entry])


@pytest.mark.parametrize(
    ("body", "content_type", "detail"),
    [
        (b"a=1", "multipart/form-data", "Missing boundary in multipart."),
        (b"junk", "multipart/form-data; boundary=xx", "Invalid multipart data."),
        (
            b"--BB\r\nContent-Disposition: form-data\r\n\r\nd\r\n--BB--\r\n",
            "multipart/form-data; boundary=BB",
            'The Content-Disposition header field "name" must be provided.',
        ),
        (
            b"--BB\r\nX-Other: y\r\n\r\nd\r\n--BB--\r\n",
            "multipart/form-data; boundary=BB",
            'The Content-Disposition header field "name" must be provided.',
        ),
    ],
)
async def test_multipart_malformed(body, content_type, detail):
    await check(body, content_type, {"detail": detail}, 400)


async def test_no_form_content_type_gives_empty_form():
    await check(b"a=1", None, [])
    await check(b"a=1", "text/plain", [])
    await check(b'{"a": 1}', "application/json", [])


async def test_without_app_in_scope_the_parser_error_propagates():
    from asgi_core.requests import Request
    from tests.asgi_helpers import http_scope

    scope = http_scope("POST", headers=[(b"content-type", b"multipart/form-data")])
    messages = [{"type": "http.request", "body": b"", "more_body": False}]

    async def receive():
        return messages.pop(0)

    with pytest.raises(MultiPartException) as info:
        await Request(scope, receive).form()
    assert info.value.message == "Missing boundary in multipart."
    assert str(info.value) == "Missing boundary in multipart."


async def test_multipart_truncated_body_keeps_complete_parts_only():
    body, ctype = encode_multipart([("a", "1"), ("f", ("x", b"partial", None))], "BB")
    cut = body.index(b"partial") + 3
    await check(body[:cut], ctype, [["a", "1"]])


async def test_direct_parser_api():
    body, ctype = encode_multipart([("a", "1"), ("f", ("x", b"abc", None))])

    async def stream():
        yield body
        yield b""

    parser = MultiPartParser(Headers({"content-type": ctype}), stream(), max_files=1)
    assert (parser.max_files, parser.max_fields, parser.max_part_size) == (1, 1000, 1024 * 1024)
    assert MultiPartParser.spool_max_size == 1024 * 1024
    form = await parser.parse()
    assert form["a"] == "1"
    upload = form["f"]
    assert (upload.filename, upload.size, await upload.read()) == ("x", 3, b"abc")
    await form.close()
