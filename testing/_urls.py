"""URLs for the test client: joining onto ``base_url``, percent-encoding, query ``params``.

``URL`` is a ``str`` so tests can compare ``response.url == "http://testserver/x"``; its
properties mirror httpx's (``path`` decoded, ``raw_path`` and ``query`` as bytes, ``port``
``None`` for the scheme's default port).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Union
from urllib.parse import (
    SplitResult,
    parse_qsl,
    quote,
    quote_plus,
    unquote,
    urlencode,
    urljoin,
    urlsplit,
    urlunsplit,
)

__all__ = ["URL", "QueryParamTypes", "DEFAULT_PORTS", "encode_params", "merge_url"]

DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}
_PATH_SAFE = "!$&'()*+,;=:@/%-._~"
_QUERY_SAFE = "!$&'()*+,;=:@/?%-._~"

QueryParamTypes = Union[
    Mapping[str, Any],
    Iterable[tuple[str, Any]],
    str,
    bytes,
    None,
]


class URL(str):
    """An absolute URL; a ``str`` with httpx-style accessors."""

    __slots__ = ()

    @property
    def _parts(self) -> SplitResult:
        return urlsplit(str(self))

    @property
    def scheme(self) -> str:
        return self._parts.scheme

    @property
    def host(self) -> str:
        return self._parts.hostname or ""

    @property
    def port(self) -> int | None:
        port = self._parts.port
        return None if port == DEFAULT_PORTS.get(self.scheme) else port

    @property
    def effective_port(self) -> int:
        """The port in use: explicit, or the scheme's default."""
        return self._parts.port or DEFAULT_PORTS.get(self.scheme, 80)

    @property
    def netloc(self) -> bytes:
        """``host[:port]`` as sent in the Host header (default port omitted)."""
        host = self.host
        if ":" in host:
            host = f"[{host}]"
        port = self.port
        return (host if port is None else f"{host}:{port}").encode("ascii")

    @property
    def path(self) -> str:
        return unquote(self._parts.path or "/")

    @property
    def raw_path(self) -> bytes:
        """The percent-encoded path plus ``?query`` when there is one."""
        parts = self._parts
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        return target.encode("ascii")

    @property
    def query(self) -> bytes:
        return self._parts.query.encode("ascii")

    @property
    def params(self) -> list[tuple[str, str]]:
        return parse_qsl(self._parts.query, keep_blank_values=True)

    @property
    def fragment(self) -> str:
        return self._parts.fragment

    @property
    def is_relative_url(self) -> bool:
        return not self._parts.scheme

    def join(self, url: str) -> URL:  # type: ignore[override]
        """Resolve ``url`` against this one (RFC 3986), as a redirect ``Location`` is."""
        return normalize(urljoin(str(self), url))

    def copy_with(self, **parts: str) -> URL:
        return URL(urlunsplit(self._parts._replace(**parts)))

    def __repr__(self) -> str:
        return f"URL({str(self)!r})"


def _primitive(value: Any) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def encode_params(params: QueryParamTypes) -> list[tuple[str, str]]:
    """``params`` (dict with scalar or list values, pairs, or a query string) as pairs."""
    if params is None:
        return []
    if isinstance(params, bytes):
        params = params.decode("ascii")
    if isinstance(params, str):
        return parse_qsl(params, keep_blank_values=True)
    items = params.items() if isinstance(params, Mapping) else params
    pairs: list[tuple[str, str]] = []
    for key, value in items:
        values = value if isinstance(value, (list, tuple)) else [value]
        pairs.extend((str(key), _primitive(v)) for v in values)
    return pairs


def _merge_query(query: str, params: list[tuple[str, str]]) -> str:
    """The URL's query with ``params`` merged in: a key in ``params`` replaces the URL's."""
    merged: dict[str, list[str]] = {}
    for key, value in parse_qsl(query, keep_blank_values=True):
        merged.setdefault(key, []).append(value)
    overrides: dict[str, list[str]] = {}
    for key, value in params:
        overrides.setdefault(key, []).append(value)
    merged.update(overrides)
    return urlencode([(k, v) for k, values in merged.items() for v in values], quote_via=quote_plus)


def normalize(url: str) -> URL:
    """Percent-encode what must be encoded in path and query; drop the fragment."""
    parts = urlsplit(url)
    path = quote(parts.path, safe=_PATH_SAFE) or "/"
    query = quote(parts.query, safe=_QUERY_SAFE)
    return URL(urlunsplit((parts.scheme.lower(), parts.netloc, path, query, "")))


def merge_url(base_url: URL, url: str, params: QueryParamTypes = None) -> URL:
    """``url`` made absolute against ``base_url`` (httpx rules), with ``params`` merged in.

    A relative URL is appended to the base URL's path, so ``base_url="http://h/api"`` and
    ``"/items"`` give ``http://h/api/items``; an absolute URL is kept as is.
    """
    target = URL(url)
    if target.is_relative_url:
        base = urlsplit(str(base_url))
        base_path = base.path if base.path.endswith("/") else base.path + "/"
        joined = urlunsplit((base.scheme, base.netloc, base_path, "", "")) + url.lstrip("/")
        target = URL(joined)
    result = normalize(str(target))
    pairs = encode_params(params)
    if pairs:
        result = result.copy_with(query=_merge_query(result._parts.query, pairs))
    return result
