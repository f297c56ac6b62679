"""Cookies both ways: a linear, lenient ``Cookie:`` parser and the ``Set-Cookie`` formatter.

``parse_cookie_header`` reads what browsers send the way Starlette's ``cookie_parser`` does
(split on ``;``, then on the first ``=``; a chunk without ``=`` is a value under the empty
name; the later duplicate wins; double-quoted values unescaped like ``http.cookies``), but
in one left-to-right pass of our own, so a header full of backslashes or quotes costs
linear time (HARDENING: CVE-2024-7592, the stdlib's quadratic unquoting).

``format_set_cookie`` produces the exact ``Set-Cookie`` value Starlette's
``Response.set_cookie`` emits (attributes in ``http.cookies`` order, values quoted the same
way) and refuses what could split or smuggle a header: CR, LF or NUL anywhere, an illegal
or reserved cookie name, an unknown ``SameSite``.
"""

from __future__ import annotations

import re
import string
import time
from datetime import datetime, timezone
from typing import Literal

__all__ = ["format_set_cookie", "parse_cookie_header"]

_OCTAL_FIRST = frozenset("0123")
_OCTAL = frozenset("01234567")


def _unquote(value: str) -> str:
    """``http.cookies``' unquoting of a ``"..."`` value, in linear time.

    Inside the quotes ``\\ooo`` (first digit 0-3) is an octal byte and ``\\c`` is ``c``
    for any character but a newline; any other backslash stays as it is.
    """
    if len(value) < 2 or value[0] != '"' or value[-1] != '"':
        return value
    inner = value[1:-1]
    if "\\" not in inner:
        return inner
    out: list[str] = []
    start = 0
    length = len(inner)
    index = inner.find("\\")
    while index >= 0:
        out.append(inner[start:index])
        octal = inner[index + 1 : index + 4]
        if len(octal) == 3 and octal[0] in _OCTAL_FIRST and _OCTAL.issuperset(octal[1:]):
            out.append(chr(int(octal, 8)))
            start = index + 4
        elif index + 1 < length and inner[index + 1] != "\n":
            out.append(inner[index + 1])
            start = index + 2
        else:
            out.append("\\")
            start = index + 1
        index = inner.find("\\", start)
    out.append(inner[start:])
    return "".join(out)


def parse_cookie_header(header: str) -> dict[str, str]:
    """The ``name -> value`` pairs of a ``Cookie:`` header; never raises on any input."""
    cookies: dict[str, str] = {}
    for chunk in header.split(";"):
        key, equals, value = chunk.partition("=")
        if not equals:
            key, value = "", key
        key = key.strip()
        value = value.strip()
        if key or value:
            cookies[key] = _unquote(value)
    return cookies


# --- Set-Cookie -------------------------------------------------------------------------

_LEGAL_CHARS = string.ascii_letters + string.digits + "!#$%&'*+-.^_`|~:"
_is_legal_token = re.compile(f"[{re.escape(_LEGAL_CHARS)}]+").fullmatch
# Printable characters left as they are inside a quoted value; all other bytes < 256 are
# written as octal escapes, the quote and the backslash backslash-escaped.
_UNESCAPED = _LEGAL_CHARS + " ()/<=>?@[]{}"
_QUOTE_TABLE = {code: f"\\{code:03o}" for code in range(256) if chr(code) not in _UNESCAPED}
_QUOTE_TABLE[ord('"')] = '\\"'
_QUOTE_TABLE[ord("\\")] = "\\\\"
_RESERVED_NAMES = frozenset(
    (
        "expires",
        "path",
        "comment",
        "domain",
        "max-age",
        "secure",
        "httponly",
        "version",
        "samesite",
        "partitioned",
    )
)
_SAMESITE = frozenset(("strict", "lax", "none"))
_FORBIDDEN = re.compile(r"[\r\n\x00]").search
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _quote_value(value: str) -> str:
    if _is_legal_token(value):
        return value
    return '"' + value.translate(_QUOTE_TABLE) + '"'


def _http_date(moment: time.struct_time | datetime) -> str:
    if isinstance(moment, datetime):
        weekday, day, month = moment.weekday(), moment.day, moment.month
        year, hour, minute, second = moment.year, moment.hour, moment.minute, moment.second
    else:
        weekday, day, month = moment.tm_wday, moment.tm_mday, moment.tm_mon
        year, hour, minute, second = moment.tm_year, moment.tm_hour, moment.tm_min, moment.tm_sec
    return (
        f"{_WEEKDAYS[weekday]}, {day:02d} {_MONTHS[month - 1]} {year:04d} "
        f"{hour:02d}:{minute:02d}:{second:02d} GMT"
    )


def _format_expires(expires: datetime | str | int) -> str:
    if isinstance(expires, datetime):
        if expires.tzinfo is None or expires.tzinfo != timezone.utc:
            raise ValueError("usegmt option requires a UTC datetime")
        return _http_date(expires)
    if isinstance(expires, int):
        return _http_date(time.gmtime(time.time() + expires))
    return str(expires)


def _check_text(what: str, value: str) -> None:
    if _FORBIDDEN(value):
        raise ValueError(f"Cookie {what} must not contain CR, LF or NUL: {value!r}")


def _check_name(key: str) -> None:
    if not isinstance(key, str) or not _is_legal_token(key):
        raise ValueError(f"Illegal cookie name {key!r}")
    if key.lower() in _RESERVED_NAMES:
        raise ValueError(f"Attempt to set a reserved cookie name {key!r}")


def _check_samesite(samesite: str | None) -> None:
    if samesite is not None and (
        not isinstance(samesite, str) or samesite.lower() not in _SAMESITE
    ):
        raise ValueError("samesite must be either 'strict', 'lax' or 'none'")


def _attributes(
    max_age: int | None,
    expires: datetime | str | int | None,
    path: str | None,
    domain: str | None,
    samesite: str | None,
) -> list[tuple[str, str | bool]]:
    """Every attribute in ``http.cookies``' order (sorted by lower-case name).

    A string is written ``Name=value`` unless empty, ``True`` as the bare flag name.
    """
    rendered_max_age = ""
    if max_age is not None:
        rendered_max_age = f"{max_age:d}" if isinstance(max_age, int) else str(max_age)
    return [
        ("Domain", domain or ""),
        ("expires", "" if expires is None else _format_expires(expires)),
        ("HttpOnly", False),
        ("Max-Age", rendered_max_age),
        ("Partitioned", False),
        ("Path", path or ""),
        ("SameSite", samesite or ""),
        ("Secure", False),
    ]


def format_set_cookie(
    key: str,
    value: str = "",
    max_age: int | None = None,
    expires: datetime | str | int | None = None,
    path: str | None = "/",
    domain: str | None = None,
    secure: bool = False,
    httponly: bool = False,
    samesite: Literal["lax", "strict", "none"] | None = "lax",
    partitioned: bool = False,
) -> str:
    """The ``Set-Cookie`` header value for a cookie, as ``Response.set_cookie`` sends it.

    ``expires`` is a UTC ``datetime``, a number of seconds from now, or a ready string.
    Raises ``ValueError`` for an illegal or reserved name, an unknown ``samesite``, a naive
    or non-UTC ``expires`` datetime, CR, LF or NUL in any part, and a character that
    latin-1 cannot encode (``UnicodeEncodeError``).
    """
    _check_name(key)
    _check_samesite(samesite)
    text = str(value)
    _check_text("value", text)
    flags = {"HttpOnly": httponly, "Partitioned": partitioned, "Secure": secure}
    parts = [f"{key}={_quote_value(text)}"]
    for name, rendered in _attributes(max_age, expires, path, domain, samesite):
        if rendered is False:
            if flags[name]:
                parts.append(name)
        elif rendered:
            _check_text(name, str(rendered))
            parts.append(f"{name}={rendered}")
    header = "; ".join(parts)
    header.encode("latin-1")  # UnicodeEncodeError (a ValueError) as Starlette's send would
    return header
