"""Hypothesis: whatever the Host header and the request target hold, ``request.url`` takes its
host only from a plain ``Host`` value or from ``scope["server"]``, never from the path
(HARDENING: Starlette CVE-2026-54282 / -48710)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st

from asgi_core.requests import HTTPConnection
from tests.asgi_helpers import http_scope

SETTINGS = settings(max_examples=300, deadline=None)
SERVER = ("srv", 8080)
SERVER_NETLOC = "srv:8080"
# Characters that would let a Host value carry userinfo, a path, a query or a fragment.
_NOT_IN_HOST = re.compile(r"[/?#@\\\s\x00-\x1f\x7f]")

paths = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)
# What an HTTP/1.1 server can hand over as a query string: no controls, spaces or '#'.
queries = st.lists(
    st.integers(0x21, 0xFF).filter(lambda b: b not in (0x23, 0x7F)), max_size=30
).map(bytes)
reg_names = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=", min_size=1, max_size=20
)
ports = st.one_of(st.just(""), st.integers(0, 65535).map(lambda p: f":{p}"))
valid_hosts = st.one_of(
    st.tuples(reg_names, ports).map("".join),
    st.ip_addresses(v=6).map(lambda ip: f"[{ip}]"),
    st.ip_addresses(v=4).map(str),
)


def connection(path: str, host: bytes | None, query: bytes = b"", server=SERVER):
    headers = [] if host is None else [(b"host", host)]
    scope = http_scope(path=path, query_string=query, server=server)
    scope["headers"] = headers
    return HTTPConnection(scope)


def decoded_query(query: bytes) -> str:
    """UTF-8 as Starlette decodes it; bytes that are not UTF-8 are read as latin-1."""
    try:
        return query.decode("utf-8")
    except UnicodeDecodeError:
        return query.decode("latin-1")


def expected_path(path: str) -> str:
    if path and not path.startswith("/"):
        path = "/" + path
    return path.replace("?", "%3F").replace("#", "%23").replace("\\", "%5C")


@SETTINGS
@given(path=paths, host=valid_hosts, query=queries)
def test_a_plain_host_is_used_and_the_path_never_adds_an_authority(path, host, query):
    url = connection(path, host.encode(), query).url
    parts = urlsplit(str(url))
    assert parts.netloc == host
    assert (url.netloc, url.path) == (host, expected_path(path))
    assert url.query == decoded_query(query)
    assert url.fragment == ""


@SETTINGS
@given(path=paths, host=st.binary(max_size=40))
def test_any_host_header_is_either_a_plain_host_or_ignored(path, host):
    url = connection(path, host).url
    netloc = urlsplit(str(url)).netloc
    decoded = host.decode("latin-1")
    # Either the header verbatim, and then free of anything but a host, or the server.
    if netloc != SERVER_NETLOC:
        assert netloc == decoded
        assert not _NOT_IN_HOST.search(netloc)
    if _NOT_IN_HOST.search(decoded) or not decoded:
        assert netloc == SERVER_NETLOC
    assert url.path == expected_path(path)


@SETTINGS
@given(path=paths, query=queries)
def test_with_no_host_and_no_server_the_url_is_relative(path, query):
    url = connection(path, None, query, server=None).url
    parts = urlsplit(str(url))
    assert (parts.scheme, parts.netloc) == ("", "")


@SETTINGS
@given(path=paths, host=st.sampled_from([b"evil.com/x", b"evil.com?q", b"u@evil.com", b"e vil"]))
def test_host_with_path_query_or_userinfo_falls_back_to_server(path, host):
    url = connection(path, host).url
    assert url.netloc == SERVER_NETLOC
    assert url.hostname == "srv"
