"""``URL`` and ``URLPath``: the request URL, split lazily, and the paths routes build.

A URL built from an ASGI scope never takes its host from a ``Host`` header that is not a
plain RFC 3986 host (a path, query, userinfo or junk in it falls back to ``scope["server"]``)
and never lets the path smuggle a query, fragment or second authority in (HARDENING:
"request.url never takes its host or path from such input").
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from typing import Any, Literal
from urllib.parse import SplitResult, urlsplit

from asgi_core._multidict import MultiDict, QueryParams
from asgi_core.types import Scope

__all__ = ["URL", "URLPath", "is_valid_host"]

_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}
_SECURE_SCHEMES = frozenset(("https", "wss"))
# RFC 3986 reg-name (unreserved / pct-encoded / sub-delims); IPv4 addresses fit it too.
_REG_NAME = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,;=%]+")
_IP_FUTURE = re.compile(r"v[0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+")
_PORT = re.compile(r"[0-9]+")
# Characters a decoded ASGI path may hold that would change how the URL splits.
_PATH_ESCAPES = str.maketrans({"?": "%3F", "#": "%23", "\\": "%5C"})


def _valid_ip_literal(inner: str) -> bool:
    if _IP_FUTURE.fullmatch(inner):
        return True
    try:
        ipaddress.IPv6Address(inner)
    except ValueError:
        return False
    return "%" not in inner


def is_valid_host(host: str) -> bool:
    """True when ``host`` is ``reg-name[:port]`` or ``[IP-literal][:port]`` (port <= 65535)."""
    if host.startswith("["):
        end = host.find("]")
        if end < 0 or not _valid_ip_literal(host[1:end]):
            return False
        rest = host[end + 1 :]
        if not rest:
            return True
        if rest[0] != ":":
            return False
        port = rest[1:]
    else:
        name, colon, port = host.partition(":")
        if not _REG_NAME.fullmatch(name):
            return False
        if not colon:
            return True
    return _PORT.fullmatch(port) is not None and int(port) <= 65535


def _host_header(headers: Sequence[tuple[bytes, bytes]]) -> str | None:
    for key, value in headers:
        if key == b"host":
            return value.decode("latin-1")
    return None


def _netloc_from_scope(scope: Scope, scheme: str) -> str:
    host = _host_header(scope.get("headers") or ())
    if host and is_valid_host(host):
        return host
    server = scope.get("server")
    if not server:
        return ""
    name, port = server[0], server[1]
    if ":" in name and not name.startswith("["):
        name = f"[{name}]"
    if port is None or port == _DEFAULT_PORTS.get(scheme):
        return str(name)
    return f"{name}:{port}"


def _url_from_scope(scope: Scope) -> str:
    scheme = scope.get("scheme", "http")
    netloc = _netloc_from_scope(scope, scheme)
    path: str = scope.get("path", "")
    if path:
        path = path.translate(_PATH_ESCAPES)
        if not path.startswith("/"):
            path = "/" + path
    query: bytes = scope.get("query_string", b"")
    if netloc:
        url = f"{scheme}://{netloc}{path}"
    elif path.startswith("//"):
        url = "/%2F" + path[2:]
    else:
        url = path
    if query:
        try:
            url += "?" + query.decode("utf-8")
        except UnicodeDecodeError:
            url += "?" + query.decode("latin-1")
    return url


def _strip_port(netloc: str) -> str:
    host = netloc.rpartition("@")[2]
    if host and not host.endswith("]"):
        host = host.rsplit(":", 1)[0]
    return host


class URL:
    """A URL as a string, split into its components on first use."""

    __slots__ = ("_components", "_url")

    def __init__(self, url: str = "", scope: Scope | None = None, **components: Any) -> None:
        if scope is not None:
            if url:
                raise ValueError('Cannot set both "url" and "scope".')
            if components:
                raise ValueError('Cannot set both "scope" and "**components".')
            url = _url_from_scope(scope)
        elif components:
            if url:
                raise ValueError('Cannot set both "url" and "**components".')
            url = URL("").replace(**components).components.geturl()
        self._url = url
        self._components: SplitResult | None = None

    @property
    def components(self) -> SplitResult:
        if self._components is None:
            self._components = urlsplit(self._url)
        return self._components

    @property
    def scheme(self) -> str:
        return self.components.scheme

    @property
    def netloc(self) -> str:
        return self.components.netloc

    @property
    def path(self) -> str:
        return self.components.path

    @property
    def query(self) -> str:
        return self.components.query

    @property
    def fragment(self) -> str:
        return self.components.fragment

    @property
    def username(self) -> str | None:
        return self.components.username

    @property
    def password(self) -> str | None:
        return self.components.password

    @property
    def hostname(self) -> str | None:
        return self.components.hostname

    @property
    def port(self) -> int | None:
        return self.components.port

    @property
    def is_secure(self) -> bool:
        return self.scheme in _SECURE_SCHEMES

    def replace(self, **kwargs: Any) -> URL:
        """A new URL with the given components (``scheme``, ``netloc``, ``path``, ``query``,
        ``fragment``, or the netloc parts ``username``, ``password``, ``hostname``, ``port``)."""
        if {"username", "password", "hostname", "port"} & kwargs.keys():
            kwargs["netloc"] = self._build_netloc(kwargs)
        return URL(self.components._replace(**kwargs).geturl())

    def _build_netloc(self, kwargs: dict[str, Any]) -> str:
        hostname = kwargs.pop("hostname", None)
        port = kwargs.pop("port", self.port)
        username = kwargs.pop("username", self.username)
        password = kwargs.pop("password", self.password)
        if hostname is None:
            netloc = _strip_port(self.netloc)
        elif ":" in hostname and not hostname.startswith("["):
            netloc = f"[{hostname}]"
        else:
            netloc = hostname
        if port is not None:
            netloc += f":{port}"
        if username is not None:
            userpass = username if password is None else f"{username}:{password}"
            netloc = f"{userpass}@{netloc}"
        return netloc

    def include_query_params(self, **kwargs: Any) -> URL:
        """Set each given parameter (replacing its old values), keeping the others."""
        params = MultiDict(QueryParams(self.query).multi_items())
        params.update({str(key): str(value) for key, value in kwargs.items()})
        return self.replace(query=str(QueryParams(params)))

    def replace_query_params(self, **kwargs: Any) -> URL:
        """Replace the whole query with the given parameters."""
        return self.replace(query=str(QueryParams(kwargs)))

    def remove_query_params(self, keys: str | Sequence[str]) -> URL:
        """Drop every value of the given parameter name(s)."""
        names = {keys} if isinstance(keys, str) else set(keys)
        kept = [(k, v) for k, v in QueryParams(self.query).multi_items() if k not in names]
        return self.replace(query=str(QueryParams(kept)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (str, URL)):
            return str(self) == str(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __str__(self) -> str:
        return self._url

    def __repr__(self) -> str:
        url = self._url
        if self.password:
            url = str(self.replace(password="********"))
        return f"{type(self).__name__}({url!r})"


_SCHEMES = {
    "http": ("http", "https"),
    "websocket": ("ws", "wss"),
}


class URLPath(str):
    """A path produced by ``url_path_for``, made absolute against a base URL on demand."""

    __slots__ = ("host", "protocol")

    def __new__(
        cls, path: str, protocol: Literal["http", "websocket", ""] = "", host: str = ""
    ) -> URLPath:
        if protocol not in ("http", "websocket", ""):
            raise ValueError(f"protocol must be 'http', 'websocket' or '', not {protocol!r}")
        return str.__new__(cls, path)

    def __init__(
        self, path: str, protocol: Literal["http", "websocket", ""] = "", host: str = ""
    ) -> None:
        self.protocol = protocol
        self.host = host

    def make_absolute_url(self, base_url: str | URL) -> URL:
        """This path under ``base_url``, with the scheme the protocol needs there."""
        if isinstance(base_url, str):
            base_url = URL(base_url)
        protocol = self.protocol
        scheme = _SCHEMES[protocol][base_url.is_secure] if protocol else base_url.scheme
        netloc = self.host or base_url.netloc
        path = base_url.path.rstrip("/") + str(self)
        return URL(scheme=scheme, netloc=netloc, path=path)
