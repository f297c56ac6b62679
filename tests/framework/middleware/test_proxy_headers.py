"""ProxyHeadersMiddleware: the scope a raw ASGI app sees, on asyncio and trio.

Client selection follows uvicorn's middleware (walk ``X-Forwarded-For`` from the right to
the first untrusted address; all trusted -> the leftmost; port 0); ``X-Forwarded-Host`` is
Keel's addition so ``request.url`` is the public URL.
"""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asgi_core.datastructures import URL
from asgi_core.types import Receive, Scope, Send
from framework.middleware.proxy_headers import ProxyHeadersMiddleware, TrustedHosts
from tests.asgi_helpers import http_scope, response_parts, run_http

pytestmark = pytest.mark.anyio


async def seen_scope(
    headers: list[tuple[bytes, bytes]],
    client: tuple[str, int] | None = ("127.0.0.1", 50000),
    trusted: Any = "127.0.0.1",
    scope_type: str = "http",
) -> Scope:
    seen: list[Scope] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(scope)
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    scope = http_scope(path="/items", query_string=b"q=1", headers=headers, client=client)
    scope["type"] = scope_type
    messages = await run_http(ProxyHeadersMiddleware(app, trusted_hosts=trusted), scope)
    assert response_parts(messages) == (204, [], b"")
    return seen[0]


def summary(scope: Scope) -> tuple[Any, str, str]:
    return scope["client"], scope["scheme"], str(URL(scope=scope))


FORWARDED = [
    (b"x-forwarded-for", b"203.0.113.7"),
    (b"x-forwarded-proto", b"https"),
    (b"x-forwarded-host", b"api.example.com"),
]


async def test_trusted_proxy_sets_client_scheme_and_host() -> None:
    scope = await seen_scope(FORWARDED)
    assert summary(scope) == (
        ("203.0.113.7", 0),
        "https",
        "https://api.example.com/items?q=1",
    )
    assert scope["headers"] == [(b"host", b"api.example.com"), *FORWARDED]


@pytest.mark.parametrize("client", [("10.1.1.1", 4000), None])
async def test_untrusted_peer_is_ignored(client: tuple[str, int] | None) -> None:
    scope = await seen_scope(FORWARDED, client=client)
    assert summary(scope) == (client, "http", "http://testserver/items?q=1")
    assert scope["headers"] == [(b"host", b"testserver"), *FORWARDED]


async def test_no_forwarding_headers_leave_the_scope_alone() -> None:
    scope = await seen_scope([])
    assert summary(scope) == (("127.0.0.1", 50000), "http", "http://testserver/items?q=1")


@pytest.mark.parametrize(
    ("trusted", "chain", "client"),
    [
        ("127.0.0.1", b"1.1.1.1, 2.2.2.2", "2.2.2.2"),
        ("127.0.0.1, 2.2.2.2", b"1.1.1.1, 2.2.2.2", "1.1.1.1"),
        ("127.0.0.1,10.0.0.0/8", b"6.6.6.6, 1.1.1.1, 10.2.3.4, 10.9.9.9", "1.1.1.1"),
        (["127.0.0.1", "10.0.0.0/8"], b"10.2.3.4, 10.9.9.9", "10.2.3.4"),
        ("*", b"1.1.1.1, 2.2.2.2, 3.3.3.3", "1.1.1.1"),
        ("127.0.0.1, ::1", b"2001:db8::1, ::1", "2001:db8::1"),
        ("127.0.0.1, 2001:db8::/32", b"fe80::1, 2001:db8::5", "fe80::1"),
        ("127.0.0.1", b"spoofed, 1.1.1.1", "1.1.1.1"),
        ("127.0.0.1", b"1.1.1.1,,", "1.1.1.1"),
    ],
)
async def test_forwarded_for_is_walked_from_the_right(
    trusted: Any, chain: bytes, client: str
) -> None:
    scope = await seen_scope([(b"x-forwarded-for", chain)], trusted=trusted)
    assert scope["client"] == (client, 0)


async def test_cidr_and_wildcard_trust_the_peer() -> None:
    scope = await seen_scope(FORWARDED, client=("10.4.5.6", 1), trusted="10.0.0.0/8")
    assert summary(scope)[1:] == ("https", "https://api.example.com/items?q=1")
    scope = await seen_scope(FORWARDED, client=("8.8.8.8", 1), trusted="*")
    assert summary(scope)[1:] == ("https", "https://api.example.com/items?q=1")
    scope = await seen_scope(FORWARDED, client=None, trusted="*")
    assert scope["client"] == ("203.0.113.7", 0)


async def test_unix_socket_literal_is_trusted() -> None:
    scope = await seen_scope(
        FORWARDED, client=("unix:/run/app.sock", 0), trusted="unix:/run/app.sock"
    )
    assert scope["client"] == ("203.0.113.7", 0)


async def test_lists_are_read_at_the_outermost_trusted_hop() -> None:
    headers = [
        (b"x-forwarded-for", b"203.0.113.7, 10.0.0.2"),
        (b"x-forwarded-proto", b"https, http"),
        (b"x-forwarded-host", b"public.example.com, internal:8080"),
    ]
    scope = await seen_scope(headers, trusted="127.0.0.1, 10.0.0.0/8")
    assert summary(scope) == (("203.0.113.7", 0), "https", "https://public.example.com/items?q=1")
    # Trusting only the direct peer, the client is 10.0.0.2 and the host the one it reported.
    scope = await seen_scope(headers, trusted="127.0.0.1")
    assert summary(scope) == (("10.0.0.2", 0), "http", "http://internal:8080/items?q=1")


@pytest.mark.parametrize(
    ("proto", "host", "scheme", "url"),
    [
        (b"ftp", b"a.example.com", "http", "http://a.example.com/items?q=1"),
        (b"HTTPS", b"evil.com/x?", "https", "https://testserver/items?q=1"),
        (b"https", b"user@evil.com", "https", "https://testserver/items?q=1"),
        (b"wss", b"[::1]:8443", "https", "https://[::1]:8443/items?q=1"),
    ],
)
async def test_bad_proto_or_host_values_are_ignored(
    proto: bytes, host: bytes, scheme: str, url: str
) -> None:
    headers = [(b"x-forwarded-proto", proto), (b"x-forwarded-host", host)]
    scope = await seen_scope(headers)
    assert summary(scope) == (("127.0.0.1", 50000), scheme, url)


@pytest.mark.parametrize(("proto", "scheme"), [(b"https", "wss"), (b"wss", "wss"), (b"http", "ws")])
async def test_websocket_scheme(proto: bytes, scheme: str) -> None:
    scope = await seen_scope([(b"x-forwarded-proto", proto)], scope_type="websocket")
    assert scope["scheme"] == scheme


async def test_lifespan_passes_through() -> None:
    seen: list[Scope] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(scope)

    async def noop(*args: Any) -> Any:
        return None

    scope = {"type": "lifespan"}
    await ProxyHeadersMiddleware(app, trusted_hosts="*")(scope, noop, noop)
    assert seen == [scope]


def test_trusted_hosts_membership() -> None:
    trusted = TrustedHosts("127.0.0.1, 10.0.0.0/8 , ::1, 2001:db8::/32, unix:/s, not/a-net")
    inside = ["127.0.0.1", "10.255.0.1", "[::1]:80", "::1", "2001:db8::9", "unix:/s", "not/a-net"]
    outside = ["127.0.0.2", "11.0.0.1", "2001:db9::1", "unix:/t", "", None]
    assert [h in trusted for h in inside] == [True] * len(inside)
    assert [h in trusted for h in outside] == [False] * len(outside)


_ips = st.one_of(st.ip_addresses(v=4), st.ip_addresses(v=6)).map(str)


@given(st.lists(_ips, min_size=1, max_size=6), st.sets(_ips, max_size=4), st.data())
def test_client_is_the_rightmost_untrusted_entry_property(
    chain: list[str], extra: set[str], data: Any
) -> None:
    trusted_set = extra | set(data.draw(st.lists(st.sampled_from(chain), max_size=len(chain))))
    trusted = TrustedHosts(sorted(trusted_set) or ["127.0.0.1"])
    index = trusted.client_index(chain)
    normalised = {ipaddress.ip_address(h) for h in trusted_set}
    untrusted = [i for i, h in enumerate(chain) if ipaddress.ip_address(h) not in normalised]
    assert index == (untrusted[-1] if untrusted else 0)
    assert all(ipaddress.ip_address(h) in normalised for h in chain[index + 1 :])
