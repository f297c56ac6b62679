"""Conditional-request checks for ``FileResponse`` (RFC 9110 §13), as pure functions.

``is_not_modified`` decides a 304 from ``If-None-Match`` (weak comparison, ``*``) or, only
when that is absent, ``If-Modified-Since`` against ``Last-Modified`` — a date that is not
older than the file's answers 304 (HARDENING, CVE-2025-62727 row). ``if_range_allows``
applies ``If-Range``: the range is served only when the validator matches exactly.
"""

from __future__ import annotations

import calendar
from email.utils import parsedate_tz

__all__ = [
    "NOT_MODIFIED_HEADERS",
    "etag_matches",
    "if_range_allows",
    "is_not_modified",
    "parse_http_date",
]

# The headers a 304 repeats from the 200 it stands for (RFC 9110 §15.4.5), as Starlette's
# StaticFiles keeps them; representation headers (length, type, ranges) are dropped.
NOT_MODIFIED_HEADERS = frozenset(
    {b"cache-control", b"content-location", b"date", b"etag", b"expires", b"vary"}
)


def parse_http_date(value: str) -> int | None:
    """An HTTP date as a Unix timestamp, or ``None`` when it does not parse."""
    try:
        parsed = parsedate_tz(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed is None:
        return None
    try:
        return calendar.timegm(parsed[:9]) - (parsed[9] or 0)
    except (ValueError, OverflowError):
        return None


def _opaque_tag(tag: str) -> str:
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag


def etag_matches(if_none_match: str, etag: str | None) -> bool:
    """Whether ``If-None-Match`` names ``etag`` (weakly) or is ``*``."""
    if if_none_match.strip() == "*":
        return True
    if etag is None:
        return False
    target = _opaque_tag(etag)
    return any(_opaque_tag(tag) == target for tag in if_none_match.split(","))


def is_not_modified(
    if_none_match: str | None,
    if_modified_since: str | None,
    etag: str | None,
    last_modified: str | None,
) -> bool:
    """Whether a GET/HEAD with these request validators gets 304 for this response."""
    if if_none_match is not None:
        return etag_matches(if_none_match, etag)
    if if_modified_since is None or last_modified is None:
        return False
    since = parse_http_date(if_modified_since)
    modified = parse_http_date(last_modified)
    return since is not None and modified is not None and modified <= since


def if_range_allows(if_range: str | None, etag: str | None, last_modified: str | None) -> bool:
    """Whether ``If-Range`` (absent, or an exact strong ETag/date match) lets ranges apply."""
    if if_range is None:
        return True
    if if_range.startswith("W/"):  # a weak validator never allows a range
        return False
    return if_range in (etag, last_modified)
