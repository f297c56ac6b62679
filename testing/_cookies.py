"""A small RFC 6265 cookie jar for the test client.

Cookies set by responses are kept across calls and sent back where they apply: host-only
or ``Domain`` (suffix) matching, ``Path`` matching (default path from the request URL),
``Secure`` cookies only to ``https``/``wss``, ``Max-Age``/``Expires`` honoured (a past date
or ``Max-Age<=0`` deletes the cookie). Cookies given by the test (``cookies=``) have no
domain and are sent to every host. The ``Set-Cookie`` parser is linear and lenient.
"""

from __future__ import annotations

import ipaddress
import itertools
import time
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from email.utils import parsedate_to_datetime
from typing import Union

from ._urls import URL

__all__ = ["Cookie", "CookieConflict", "CookieTypes", "Cookies", "parse_set_cookie"]

_counter = itertools.count()


class CookieConflict(LookupError):
    """``Cookies.get(name)`` matched several cookies with different values."""


class Cookie:
    """One stored cookie."""

    __slots__ = (
        "created",
        "domain",
        "expires",
        "host_only",
        "http_only",
        "name",
        "path",
        "same_site",
        "secure",
        "value",
    )

    def __init__(
        self,
        name: str,
        value: str,
        *,
        domain: str = "",
        path: str = "/",
        host_only: bool = False,
        secure: bool = False,
        expires: float | None = None,
        http_only: bool = False,
        same_site: str | None = None,
    ) -> None:
        self.name = name
        self.value = value
        self.domain = domain
        self.path = path
        self.host_only = host_only
        self.secure = secure
        self.expires = expires
        self.http_only = http_only
        self.same_site = same_site
        self.created = next(_counter)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.domain, self.path, self.name)

    def is_expired(self, now: float) -> bool:
        return self.expires is not None and self.expires <= now

    def matches(self, url: URL, now: float) -> bool:
        """Whether this cookie goes into a request for ``url``."""
        if self.is_expired(now):
            return False
        if self.secure and url.scheme not in ("https", "wss"):
            return False
        if self.domain and not _domain_matches(url.host.lower(), self.domain, self.host_only):
            return False
        return _path_matches(url.path, self.path)

    def __repr__(self) -> str:
        return f"<Cookie {self.name}={self.value} for {self.domain or '*'}{self.path}>"


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _domain_matches(host: str, domain: str, host_only: bool) -> bool:
    if host == domain:
        return True
    return not host_only and host.endswith("." + domain) and not _is_ip(host)


def _path_matches(request_path: str, cookie_path: str) -> bool:
    if request_path == cookie_path:
        return True
    if not request_path.startswith(cookie_path):
        return False
    return cookie_path.endswith("/") or request_path[len(cookie_path)] == "/"


def default_path(request_path: str) -> str:
    """RFC 6265 5.1.4: the directory of the request path."""
    if not request_path.startswith("/") or request_path.count("/") == 1:
        return "/"
    return request_path[: request_path.rfind("/")]


def _parse_expires(value: str) -> float | None:
    try:
        return parsedate_to_datetime(value.replace("-", " ")).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _apply_attribute(cookie: Cookie, name: str, value: str, max_age: list[int]) -> None:
    if name == "expires":
        expires = _parse_expires(value)
        if expires is not None:
            cookie.expires = expires
    elif name == "max-age":
        try:
            max_age.append(int(value))
        except ValueError:
            pass
    elif name == "domain" and value.strip("."):
        cookie.domain = value.strip(".").lower()
        cookie.host_only = False
    elif name == "path":
        cookie.path = value if value.startswith("/") else cookie.path
    elif name == "secure":
        cookie.secure = True
    elif name == "httponly":
        cookie.http_only = True
    elif name == "samesite":
        cookie.same_site = value


def parse_set_cookie(header: str, url: URL, now: float | None = None) -> Cookie | None:
    """The cookie a ``Set-Cookie`` value received from ``url`` describes (``None`` if void)."""
    now = time.time() if now is None else now
    first, *attributes = header.split(";")
    name, sep, value = first.partition("=")
    name, value = name.strip(), value.strip()
    if not sep or not name:
        return None
    host = url.host.lower()
    cookie = Cookie(name, value, domain=host, path=default_path(url.path), host_only=True)
    max_age: list[int] = []
    for attribute in attributes:
        key, _, val = attribute.partition("=")
        _apply_attribute(cookie, key.strip().lower(), val.strip(), max_age)
    if max_age:
        cookie.expires = now + max_age[-1] if max_age[-1] > 0 else 0.0
    if not cookie.host_only and not _domain_matches(host, cookie.domain, False):
        return None
    return cookie


class Cookies(MutableMapping[str, str]):
    """The jar: a mapping of name to value over every stored cookie."""

    __slots__ = ("_cookies",)

    def __init__(self, cookies: CookieTypes | None = None) -> None:
        self._cookies: dict[tuple[str, str, str], Cookie] = {}
        if cookies is not None:
            self.update(cookies)

    @property
    def jar(self) -> list[Cookie]:
        """The stored (unexpired) cookies, oldest first."""
        self._purge(time.time())
        return list(self._cookies.values())

    def set(self, name: str, value: str, domain: str = "", path: str = "/") -> None:
        self.store(Cookie(name, value, domain=domain.lstrip(".").lower(), path=path))

    def store(self, cookie: Cookie) -> None:
        """Add or replace ``cookie``; an already expired one deletes its namesake."""
        old = self._cookies.pop(cookie.key, None)
        if cookie.is_expired(time.time()):
            return
        if old is not None:
            cookie.created = old.created
        self._cookies[cookie.key] = cookie

    def _select(self, name: str, domain: str | None, path: str | None) -> list[Cookie]:
        return [
            c
            for c in self.jar
            if c.name == name
            and (domain is None or c.domain == domain.lstrip(".").lower())
            and (path is None or c.path == path)
        ]

    def get(  # type: ignore[override]
        self,
        name: str,
        default: str | None = None,
        domain: str | None = None,
        path: str | None = None,
    ) -> str | None:
        values = {c.value for c in self._select(name, domain, path)}
        if len(values) > 1:
            raise CookieConflict(f"Multiple cookies exist with name={name}")
        return values.pop() if values else default

    def delete(self, name: str, domain: str | None = None, path: str | None = None) -> None:
        for cookie in self._select(name, domain, path):
            del self._cookies[cookie.key]

    def clear(self, domain: str | None = None, path: str | None = None) -> None:
        for cookie in self.jar:
            if domain is not None and cookie.domain != domain.lstrip(".").lower():
                continue
            if path is None or cookie.path == path:
                del self._cookies[cookie.key]

    def update(self, cookies: CookieTypes | None = None) -> None:  # type: ignore[override]
        if isinstance(cookies, Cookies):
            for cookie in cookies.jar:
                self.store(cookie)
            return
        items = cookies.items() if isinstance(cookies, Mapping) else (cookies or [])
        for name, value in items:
            self.set(name, value)

    def copy(self) -> Cookies:
        return Cookies(self)

    def extract(self, set_cookie_values: Iterable[str], url: URL) -> None:
        """Store what a response's ``Set-Cookie`` fields say, received from ``url``."""
        now = time.time()
        for header in set_cookie_values:
            cookie = parse_set_cookie(header, url, now)
            if cookie is not None:
                self.store(cookie)

    def header_for(self, url: URL) -> str | None:
        """The ``Cookie`` request header value for ``url`` (longest path first)."""
        now = time.time()
        matching = [c for c in self._cookies.values() if c.matches(url, now)]
        if not matching:
            return None
        matching.sort(key=lambda c: (-len(c.path), c.created))
        return "; ".join(f"{c.name}={c.value}" for c in matching)

    def _purge(self, now: float) -> None:
        for key in [k for k, c in self._cookies.items() if c.is_expired(now)]:
            del self._cookies[key]

    def __getitem__(self, name: str) -> str:
        value = self.get(name)
        if value is None:
            raise KeyError(name)
        return value

    def __setitem__(self, name: str, value: str) -> None:
        self.set(name, value)

    def __delitem__(self, name: str) -> None:
        if not self._select(name, None, None):
            raise KeyError(name)
        self.delete(name)

    def __iter__(self) -> Iterator[str]:
        return iter({c.name: None for c in self.jar})

    def __len__(self) -> int:
        return len({c.name for c in self.jar})

    def __bool__(self) -> bool:
        return bool(self.jar)

    def __repr__(self) -> str:
        return f"<Cookies{self.jar!r}>"


CookieTypes = Union[Cookies, Mapping[str, str], Iterable[tuple[str, str]]]
