"""HTTP ``Range`` header parsing for ``FileResponse``, as pure functions (RFC 9110 §14).

``parse_range_header(value, size)`` turns ``bytes=0-99,200-`` into sorted, disjoint,
half-open ``(start, end)`` slices of a ``size``-byte file, or raises one of the typed errors
below. It answers the way Starlette does, and bounds the work an attacker can ask for
(HARDENING, CVE-2025-62727): more than ``max_ranges`` (100) comma-separated parts and the
header is ignored before any of it is parsed, and overlapping or adjacent ranges are merged
in one pass after sorting, so a request can never make the response bigger than the file
plus framing.

Grammar accepted, per comma-separated part (whitespace around numbers is allowed):
``first-last``, ``first-`` and ``-suffix_length`` with ASCII digits. A part without ``-``
or with non-digits is skipped, as Starlette skips it; if nothing usable remains the header is
malformed. Any range starting at or past the end makes the whole header unsatisfiable (416),
which is checked before inverted ranges (``5-2``: malformed, 400) — Starlette's order.
"""

from __future__ import annotations

__all__ = [
    "DEFAULT_MAX_RANGES",
    "MalformedRangeHeader",
    "RangeError",
    "RangeNotSatisfiable",
    "TooManyRanges",
    "merge_ranges",
    "parse_range_header",
]

DEFAULT_MAX_RANGES = 100
# A decimal of more than this many significant digits is past any real file size; it is
# never handed to int(), which would refuse (or take quadratic time on) huge strings.
_MAX_DIGITS = 19
_HUGE: int = int("1" + "0" * _MAX_DIGITS)


class RangeError(Exception):
    """Base of every error ``parse_range_header`` raises."""


class MalformedRangeHeader(RangeError):
    """The header cannot be parsed: answer 400 with ``content`` as the text body."""

    def __init__(self, content: str = "Malformed range header.") -> None:
        super().__init__(content)
        self.content = content


class RangeNotSatisfiable(RangeError):
    """A range starts at or past the end of the file: answer 416, ``bytes */max_size``."""

    def __init__(self, max_size: int) -> None:
        super().__init__(max_size)
        self.max_size = max_size


class TooManyRanges(RangeError):
    """More parts than allowed: ignore the header and send the whole file (200)."""

    def __init__(self, count: int, max_ranges: int) -> None:
        super().__init__(f"{count} ranges requested, at most {max_ranges} are served")
        self.count = count
        self.max_ranges = max_ranges


def _number(text: str) -> int | None:
    """``text`` as a non-negative decimal, ``None`` unless it is ASCII digits only."""
    if not (text.isascii() and text.isdigit()):
        return None
    significant = text.lstrip("0")
    if len(significant) > _MAX_DIGITS:
        return _HUGE
    return int(significant or "0")


def _parse_part(part: str, size: int) -> tuple[int, int] | None:
    """One ``first-last`` / ``first-`` / ``-suffix`` as a half-open slice, or ``None`` to skip."""
    first_text, dash, last_text = part.partition("-")
    if not dash:
        return None
    first_text = first_text.strip()
    last_text = last_text.strip()
    if not first_text:
        suffix = _number(last_text)
        if suffix is None:
            return None
        return max(size - suffix, 0), size
    first = _number(first_text)
    if first is None:
        return None
    if not last_text:
        return first, size
    last = _number(last_text)
    if last is None:
        return None
    return first, min(last + 1, size)


def merge_ranges(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort half-open ranges and merge the ones that overlap or touch, in one pass."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def parse_range_header(
    value: str, size: int, max_ranges: int = DEFAULT_MAX_RANGES
) -> list[tuple[int, int]]:
    """Parse a ``Range`` header for a ``size``-byte file into merged half-open slices.

    The result is non-empty, sorted, disjoint (not even touching), each ``0 <= start < end
    <= size``, and at most ``max_ranges`` long. Raises ``MalformedRangeHeader`` (400),
    ``RangeNotSatisfiable`` (416) or ``TooManyRanges`` (ignore the header) — nothing else.
    """
    unit, equals, specs = value.partition("=")
    if not equals:
        raise MalformedRangeHeader()
    if unit.strip().lower() != "bytes":
        raise MalformedRangeHeader("Only support bytes range")
    count = specs.count(",") + 1
    if count > max_ranges:
        raise TooManyRanges(count, max_ranges)
    ranges = [r for r in (_parse_part(part, size) for part in specs.split(",")) if r is not None]
    if not ranges:
        raise MalformedRangeHeader("Range header: range must be requested")
    if any(start >= size for start, _ in ranges):
        raise RangeNotSatisfiable(size)
    if any(start >= end for start, end in ranges):
        raise MalformedRangeHeader("Range header: start must be less than end")
    return merge_ranges(ranges)
