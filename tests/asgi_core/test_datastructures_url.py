"""URL and URLPath: components, replace, query helpers, scope building and its hardening."""

from __future__ import annotations

from typing import Any
from urllib.parse import SplitResult

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asgi_core.datastructures import URL, QueryParams, URLPath


def http_scope(**overrides: Any) -> dict[str, Any]:
    scope: dict[str, Any] = {
        "type": "http",
        "scheme": "http",
        "server": ("testserver", 80),
        "path": "/p",
        "query_string": b"",
        "root_path": "",
        "headers": [],
    }
    scope.update(overrides)
    return scope


def url_from(**overrides: Any) -> str:
    return str(URL(scope=http_scope(**overrides)))


# --- plain URLs ------------------------------------------------------------------------


def test_components() -> None:
    url = URL("https://user:pw@Example.com:8080/p/a?q=1&q=2#frag")
    assert url.scheme == "https"
    assert url.netloc == "user:pw@Example.com:8080"
    assert url.path == "/p/a"
    assert url.query == "q=1&q=2"
    assert url.fragment == "frag"
    assert url.username == "user"
    assert url.password == "pw"
    assert url.hostname == "example.com"
    assert url.port == 8080
    assert url.is_secure is True
    assert url.components == SplitResult(
        "https", "user:pw@Example.com:8080", "/p/a", "q=1&q=2", "frag"
    )
    assert str(url) == "https://user:pw@Example.com:8080/p/a?q=1&q=2#frag"


def test_repr_hides_password() -> None:
    assert repr(URL("https://user:pw@h.com/x")) == "URL('https://user:********@h.com/x')"
    assert repr(URL("http://:pw@h/")) == "URL('http://:********@h/')"
    assert repr(URL("http://u:@h/")) == "URL('http://u:@h/')"
    assert repr(URL("http://user@h/")) == "URL('http://user@h/')"
    assert repr(URL()) == "URL('')"


def test_is_secure_and_scheme_case() -> None:
    assert URL("ws://a").is_secure is False
    assert URL("wss://a").is_secure is True
    assert URL("HTTPS://a").is_secure is True
    assert URL("HTTP://A/").scheme == "http"
    assert repr(URL("HTTP://A/")) == "URL('HTTP://A/')"


def test_ports() -> None:
    assert URL("http://[::1]/").hostname == "::1"
    assert URL("http://[::1]:5/").port == 5
    assert URL("http://a/").port is None
    assert URL("http://a:abc/").netloc == "a:abc"
    with pytest.raises(ValueError):
        _ = URL("http://a:abc/").port


def test_equality_with_str_and_unhashable() -> None:
    assert URL("http://a/") == "http://a/"
    assert URL("http://a/") == URL("http://a/")
    assert URL("http://a/") != URL("http://b/")
    assert (URL("http://a") == 3) is False
    with pytest.raises(TypeError):
        hash(URL("http://a"))


def test_from_components() -> None:
    built = URL(scheme="https", netloc="a.com", path="/x", query="q", fragment="f")
    assert str(built) == "https://a.com/x?q#f"
    assert str(URL(path="/x", query="q")) == "/x?q"
    with pytest.raises(ValueError):
        URL("http://a", path="/x")
    with pytest.raises(ValueError):
        URL("http://a", scope=http_scope())


@pytest.mark.parametrize(
    ("start", "changes", "expected"),
    [
        ("https://user:pw@Example.com:8080/p", {"port": None}, "https://user:pw@Example.com/p"),
        ("https://user:pw@Example.com:8080/p", {"hostname": "h"}, "https://user:pw@h:8080/p"),
        (
            "https://user:pw@Example.com:8080/p",
            {"username": "x"},
            "https://x:pw@Example.com:8080/p",
        ),
        (
            "https://user:pw@Example.com:8080/p",
            {"password": None},
            "https://user@Example.com:8080/p",
        ),
        ("http://[::1]:80/", {"port": 81}, "http://[::1]:81/"),
        ("http://[::1]/", {"hostname": "::2"}, "http://[::2]/"),
        ("/path?a=1", {"scheme": "https"}, "https:///path?a=1"),
        ("/p", {"hostname": "x"}, "//x/p"),
        ("http://a/x", {"netloc": "b:1"}, "http://b:1/x"),
        ("http://a:8/x", {"hostname": "b"}, "http://b:8/x"),
        ("http://u:p@a:8/x", {"username": None}, "http://a:8/x"),
        ("http://u:p@a:8/x", {"port": None, "password": None}, "http://u@a/x"),
        ("http://u:p@[::1]:3/", {"port": 4}, "http://u:p@[::1]:4/"),
        ("http://h/", {"port": 5, "hostname": None}, "http://h:5/"),
        ("http://a/b?c#d", {"query": "x y"}, "http://a/b?x y#d"),
        ("http://a/b?c#d", {"fragment": ""}, "http://a/b?c"),
        ("http://a/b?c#d", {"path": "q"}, "http://a/q?c#d"),
    ],
)
def test_replace(start: str, changes: dict[str, Any], expected: str) -> None:
    replaced = URL(start).replace(**changes)
    assert isinstance(replaced, URL)
    assert str(replaced) == expected


def test_query_param_helpers() -> None:
    url = URL("https://h.com/p/a?q=1&q=2#frag")
    assert str(url.include_query_params(q=3, z="a b")) == "https://h.com/p/a?q=3&z=a+b#frag"
    assert str(url.replace_query_params(a=[1, 2])) == "https://h.com/p/a?a=%5B1%2C+2%5D#frag"
    assert str(url.remove_query_params("q")) == "https://h.com/p/a#frag"
    assert str(url.remove_query_params(["q", "x"])) == "https://h.com/p/a#frag"
    assert str(URL("http://a/?a=1&a=2&b=2").include_query_params(a=5)) == "http://a/?b=2&a=5"
    assert str(URL("http://a/?a=1&b=&c").remove_query_params("a")) == "http://a/?b=&c="
    assert (
        str(URL("http://a/?a=1").replace_query_params(x="ü", y=None, z=True))
        == "http://a/?x=%C3%BC&y=None&z=True"
    )
    assert str(URL("http://a/?a=1").replace_query_params()) == "http://a/"


# --- URLs built from a scope -------------------------------------------------------------


def test_scope_basic() -> None:
    assert url_from(path="/a b", query_string=b"x=1") == "http://testserver/a b?x=1"
    assert url_from(headers=[(b"host", b"example.com:8000")]) == "http://example.com:8000/p"
    assert url_from(scheme="https", server=("1.2.3.4", 443)) == "https://1.2.3.4/p"
    assert url_from(scheme="https", server=("1.2.3.4", 8443)) == "https://1.2.3.4:8443/p"
    assert url_from(scheme="https", server=("h", 80)) == "https://h:80/p"
    assert url_from(scheme="ws", server=("h", 443)) == "ws://h:443/p"
    assert url_from(scheme="wss", server=("h", 443)) == "wss://h/p"
    assert url_from(server=("::1", 8000)) == "http://[::1]:8000/p"
    assert url_from(server=("::1", 80)) == "http://[::1]/p"
    assert url_from(server=None, query_string=b"q=1") == "/p?q=1"
    # a server without a port (a unix socket): no ':None' in the URL, unlike Starlette
    assert url_from(server=("h", None)) == "http://h/p"
    assert url_from(root_path="/r", path="/r/p") == "http://testserver/r/p"
    assert url_from(type="websocket", scheme="ws") == "ws://testserver/p"
    # the first Host header is the one used
    two_hosts = [(b"host", b"one.com"), (b"host", b"two.com")]
    assert url_from(headers=two_hosts) == "http://one.com/p"


def test_scope_query_string() -> None:
    assert url_from(query_string=b"a=%20b&c") == "http://testserver/p?a=%20b&c"
    assert url_from(query_string="ü".encode()) == "http://testserver/p?ü"
    assert url_from(query_string=b"\xff") == "http://testserver/p?\xff"


@pytest.mark.parametrize(
    ("host", "expected_netloc"),
    [
        (b"[::1]:8000", "[::1]:8000"),
        (b"a_b.com", "a_b.com"),
        (b"EXAMPLE.com", "EXAMPLE.com"),
        (b"1.2.3.4:5", "1.2.3.4:5"),
        (b"a.com:65535", "a.com:65535"),
        (b"a.com:0080", "a.com:0080"),
        (b"[v1.x]", "[v1.x]"),
        (b"[::ffff:1.2.3.4]", "[::ffff:1.2.3.4]"),
        (b"a%2f.com", "a%2f.com"),
        # not a plain host: the scope's server is used instead
        (b"evil.com/x?y", "testserver"),
        (b"evil.com#f", "testserver"),
        (b"u@evil.com", "testserver"),
        (b"evil.com\\x", "testserver"),
        (b"", "testserver"),
        (b"exa mple.com", "testserver"),
        (b"example.com:abc", "testserver"),
        (b"a.com:", "testserver"),
        (b"a.com:99999", "testserver"),
        (b"a.com:65536", "testserver"),
        (b":80", "testserver"),
        (b"[::1", "testserver"),
        (b"[::1]x", "testserver"),
        (b"[::g]", "testserver"),
        (b"[1.2.3.4]", "testserver"),
        (b"[fe80::1%25eth0]", "testserver"),
        (b"a:b:c", "testserver"),
        (b"a.com:+80", "testserver"),
        (b" a.com", "testserver"),
        (b"a\x00b", "testserver"),
        (b"a\tb", "testserver"),
        ("ünï.com".encode(), "testserver"),
    ],
)
def test_scope_host_header_validation(host: bytes, expected_netloc: str) -> None:
    url = URL(scope=http_scope(headers=[(b"host", host)]))
    assert url.netloc == expected_netloc
    assert url.path == "/p"


@pytest.mark.parametrize(
    ("path", "expected_url", "expected_path"),
    [
        ("/a%20b", "http://testserver/a%20b", "/a%20b"),
        ("/a?b", "http://testserver/a%3Fb", "/a%3Fb"),
        ("/a#b", "http://testserver/a%23b", "/a%23b"),
        ("/a\\b", "http://testserver/a%5Cb", "/a%5Cb"),
        ("/ü", "http://testserver/ü", "/ü"),
        ("p", "http://testserver/p", "/p"),
        ("@evil.com", "http://testserver/@evil.com", "/@evil.com"),
        ("", "http://testserver", ""),
        ("//x", "http://testserver//x", "//x"),
    ],
)
def test_scope_path_never_changes_the_authority(
    path: str, expected_url: str, expected_path: str
) -> None:
    url = URL(scope=http_scope(path=path))
    assert str(url) == expected_url
    assert url.path == expected_path
    assert url.netloc == "testserver"


def test_scope_without_server_keeps_double_slash_path_a_path() -> None:
    url = URL(scope=http_scope(server=None, path="//evil.com/x"))
    assert str(url) == "/%2Fevil.com/x"
    assert url.netloc == ""
    assert url.path == "/%2Fevil.com/x"


# --- URLPath ---------------------------------------------------------------------------


def test_urlpath() -> None:
    path = URLPath("/foo", protocol="http")
    assert path == "/foo"
    assert isinstance(path, str)
    assert (path.protocol, path.host) == ("http", "")
    assert repr(path) == "'/foo'"
    with pytest.raises(ValueError):
        URLPath("/f", protocol="ftp")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("base", "http", "ws", "hosted", "plain"),
    [
        ("http://a.com", "http://a.com/foo", "ws://a.com/f", "http://h.com/f", "http://a.com/f"),
        (
            "https://a.com/root/",
            "https://a.com/root/foo",
            "wss://a.com/root/f",
            "https://h.com/root/f",
            "https://a.com/root/f",
        ),
        (
            URL("http://a.com/r"),
            "http://a.com/r/foo",
            "ws://a.com/r/f",
            "http://h.com/r/f",
            "http://a.com/r/f",
        ),
        ("wss://x/", "https://x/foo", "wss://x/f", "wss://h.com/f", "wss://x/f"),
    ],
)
def test_make_absolute_url(base: str | URL, http: str, ws: str, hosted: str, plain: str) -> None:
    assert URLPath("/foo", protocol="http").make_absolute_url(base) == http
    assert URLPath("/f", protocol="websocket").make_absolute_url(base) == ws
    assert URLPath("/f", host="h.com").make_absolute_url(base) == hosted
    absolute = URLPath("/f").make_absolute_url(base)
    assert isinstance(absolute, URL)
    assert absolute == plain


# --- properties ------------------------------------------------------------------------

_label = st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True)
_hostnames = st.lists(_label, min_size=1, max_size=3).map(".".join)
_segments = st.text(
    st.characters(codec="ascii", categories=["L", "N"], include_characters="-._~%!$&'()*+,;=:@"),
    max_size=10,
)
_paths = st.lists(_segments, max_size=4).map(lambda parts: "/" + "/".join(parts))
_query_pairs = st.lists(st.tuples(st.text(max_size=8), st.text(max_size=8)), max_size=5)


@settings(max_examples=150)
@given(
    scheme=st.sampled_from(["http", "https", "ws", "wss"]),
    host=_hostnames,
    port=st.none() | st.integers(1, 65535),
    path=_paths,
    pairs=_query_pairs,
    fragment=st.text(st.characters(codec="ascii", categories=["L", "N"]), max_size=6),
)
def test_url_round_trip(
    scheme: str,
    host: str,
    port: int | None,
    path: str,
    pairs: list[tuple[str, str]],
    fragment: str,
) -> None:
    netloc = host if port is None else f"{host}:{port}"
    query = str(QueryParams(pairs))
    url = URL(scheme=scheme, netloc=netloc, path=path, query=query, fragment=fragment)
    again = URL(str(url))
    assert again == url
    assert (again.scheme, again.hostname, again.port, again.path) == (scheme, host, port, path)
    assert QueryParams(again.query).multi_items() == pairs
    assert again.fragment == fragment
    assert again.is_secure == (scheme in ("https", "wss"))


@settings(max_examples=150)
@given(
    host=_hostnames,
    new_host=_hostnames,
    port=st.none() | st.integers(1, 65535),
    new_port=st.none() | st.integers(1, 65535),
    user=st.none() | _label,
    path=_paths,
)
def test_replace_changes_only_what_it_names(
    host: str,
    new_host: str,
    port: int | None,
    new_port: int | None,
    user: str | None,
    path: str,
) -> None:
    netloc = host if port is None else f"{host}:{port}"
    if user is not None:
        netloc = f"{user}:secret@{netloc}"
    url = URL(f"https://{netloc}{path}?a=1#f")
    moved = url.replace(hostname=new_host)
    assert (moved.hostname, moved.port, moved.username, moved.path) == (new_host, port, user, path)
    assert (moved.query, moved.fragment) == ("a=1", "f")
    reported = url.replace(port=new_port)
    assert (reported.hostname, reported.port, reported.path) == (host, new_port, path)
    assert url.replace(path="/x").netloc == url.netloc
    assert url.replace(scheme="http").replace(scheme="https") == url
    if user is not None:
        assert "secret" not in repr(url)


@settings(max_examples=150)
@given(host=st.binary(max_size=30), path=st.text(max_size=30))
def test_scope_url_never_takes_authority_from_junk(host: bytes, path: str) -> None:
    url = URL(scope=http_scope(headers=[(b"host", host)], path=path))
    # Whatever the host header and path hold, the netloc is either the (valid) header or
    # the server, and the path never leaks into it.
    text = host.decode("latin-1")
    assert url.netloc in (text, "testserver")
    for char in "/?#@\\ ":
        assert char not in url.netloc
    if path:
        assert url.path.startswith("/")
        assert "?" not in url.path
        assert "#" not in url.path
