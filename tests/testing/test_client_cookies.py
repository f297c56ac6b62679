"""TestClient cookies: kept across calls, deleted by Max-Age/Expires, Path/Domain/Secure."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from testing import URL, CookieConflict, Cookies
from testing._cookies import default_path, parse_set_cookie
from tests.testing._apps import send_json


async def cookie_app(scope, receive, send):
    """``/set?c=<set-cookie>`` sets cookies; every response echoes the Cookie header."""
    await receive()
    headers = dict(scope["headers"])
    set_cookies = [
        (b"set-cookie", value.encode("latin-1"))
        for name, value in parse_qsl(scope["query_string"].decode("latin-1"))
        if name == "c"
    ]
    cookie = headers.get(b"cookie", b"").decode()
    await send_json(send, 200, {"cookie": cookie}, set_cookies)


def set_cookie(client, header, url="/set"):
    return client.get(url, params={"c": header})


def sent(client, url="/"):
    return client.get(url).json()["cookie"]


def test_response_cookies_are_kept_across_calls(make_client):
    client = make_client(cookie_app)
    response = set_cookie(client, "a=1; Path=/")
    assert response.cookies == {"a": "1"}
    assert response.headers.get_list("set-cookie") == ["a=1; Path=/"]
    set_cookie(client, "b=2; Path=/")
    assert sent(client) == "a=1; b=2"
    assert dict(client.cookies) == {"a": "1", "b": "2"}


def test_max_age_zero_and_past_expires_delete(make_client):
    client = make_client(cookie_app)
    set_cookie(client, "a=1; Path=/")
    set_cookie(client, "b=2; Path=/")
    set_cookie(client, "c=3; Path=/; Max-Age=60")
    assert sent(client) == "a=1; b=2; c=3"
    set_cookie(client, 'a=""; Path=/; Max-Age=0')
    assert sent(client) == "b=2; c=3"
    set_cookie(client, "b=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT")
    assert sent(client) == "c=3"
    set_cookie(client, "c=; Path=/; Max-Age=-1; Expires=Fri, 01 Jan 2100 00:00:00 GMT")
    assert sent(client) == ""
    assert dict(client.cookies) == {}


def test_max_age_wins_over_expires_and_future_expires_keeps(make_client):
    client = make_client(cookie_app)
    set_cookie(client, "a=1; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=100")
    set_cookie(client, "b=2; Path=/; Expires=Fri, 01-Jan-2100 00:00:00 GMT")
    assert sent(client) == "a=1; b=2"


def test_path_matching_and_default_path(make_client):
    client = make_client(cookie_app)
    set_cookie(client, "p=1; Path=/sub")
    set_cookie(client, "d=2", url="/dir/set")  # default path: /dir
    assert sent(client, "/") == ""
    assert sent(client, "/subway") == ""
    assert sent(client, "/sub") == "p=1"
    assert sent(client, "/sub/deeper") == "p=1"
    assert sent(client, "/dir/x") == "d=2"
    assert sent(client, "/dir") == "d=2"


def test_longer_paths_are_sent_first(make_client):
    client = make_client(cookie_app)
    set_cookie(client, "short=1; Path=/")
    set_cookie(client, "long=2; Path=/a/b")
    assert sent(client, "/a/b/c") == "long=2; short=1"


def test_domain_matching(make_client):
    client = make_client(cookie_app, base_url="http://example.com")
    set_cookie(client, "host=1; Path=/")
    set_cookie(client, "dom=2; Domain=.example.com; Path=/")
    set_cookie(client, "evil=3; Domain=other.com; Path=/")  # rejected: not our domain
    assert sent(client) == "host=1; dom=2"
    assert sent(client, "http://api.example.com/") == "dom=2"
    assert sent(client, "http://notexample.com/") == ""
    assert sent(client, "http://other.com/") == ""


def test_secure_cookies_only_over_https(make_client):
    client = make_client(cookie_app, base_url="https://testserver")
    set_cookie(client, "s=1; Secure; HttpOnly; SameSite=Lax; Path=/")
    set_cookie(client, "p=2; Path=/")
    assert sent(client) == "s=1; p=2"
    assert sent(client, "http://testserver/") == "p=2"


def test_client_cookies_and_per_request_cookies(make_client):
    client = make_client(cookie_app, cookies={"init": "1"})
    assert sent(client, "http://anyhost/") == "init=1"
    response = client.get("/", cookies={"req": "2"})
    assert response.json()["cookie"] == "init=1; req=2"
    assert sent(client) == "init=1"  # per-request cookies are not kept
    client.cookies["later"] = "3"
    client.cookies.set("scoped", "4", path="/only")
    assert sent(client) == "init=1; later=3"
    assert sent(client, "/only") == "scoped=4; init=1; later=3"
    client.cookies.delete("init")
    del client.cookies["later"]
    assert sent(client) == ""
    client.cookies = {"new": "5"}
    assert sent(client) == "new=5"


def test_explicit_cookie_header_wins(make_client):
    client = make_client(cookie_app, cookies={"jar": "1"})
    response = client.get("/", headers={"Cookie": "mine=1"})
    assert response.json()["cookie"] == "mine=1"


def test_quoted_values_are_sent_back_verbatim(make_client):
    client = make_client(cookie_app)
    response = set_cookie(client, 'q="a b"; Path=/')
    assert response.cookies["q"] == '"a b"'
    assert sent(client) == 'q="a b"'


def test_cookie_conflict_and_jar_api():
    jar = Cookies({"a": "1"})
    jar.set("a", "2", domain="example.com")
    assert jar.get("a", domain="example.com") == "2"
    with pytest.raises(CookieConflict):
        jar.get("a")
    with pytest.raises(KeyError):
        jar["missing"]
    assert len(jar) == 1 and list(jar) == ["a"]
    jar.clear(domain="example.com")
    assert jar["a"] == "1"
    jar.clear()
    assert not jar


@pytest.mark.parametrize(
    "header",
    ["novalue", "=nameless", "", ";;;", "a=1; Domain=elsewhere.org"],
)
def test_void_set_cookie_values_are_ignored(header):
    assert parse_set_cookie(header, URL("http://testserver/x")) is None


@pytest.mark.parametrize(
    ("path", "expected"),
    [("", "/"), ("/", "/"), ("/a", "/"), ("/a/", "/a"), ("/a/b", "/a"), ("x", "/")],
)
def test_default_path(path, expected):
    assert default_path(path) == expected


@settings(max_examples=200)
@given(st.text(max_size=300))
def test_set_cookie_parser_never_crashes(header):
    cookie = parse_set_cookie(header, URL("http://testserver/a/b"))
    if cookie is not None:
        assert cookie.name and "=" in header
        assert cookie.path.startswith("/")


_token = st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E,
                                        exclude_characters=';=,"\\'), min_size=1, max_size=12)


@settings(max_examples=100)
@given(st.dictionaries(_token, _token, max_size=6))
def test_set_cookie_round_trip(cookies):
    jar = Cookies()
    url = URL("http://testserver/")
    jar.extract([f"{name}={value}; Path=/" for name, value in cookies.items()], url)
    assert dict(jar) == cookies
    header = jar.header_for(url)
    assert header == ("; ".join(f"{k}={v}" for k, v in cookies.items()) or None)
