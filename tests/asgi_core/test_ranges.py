"""``asgi_core.ranges``: Range header parsing, examples from Starlette and properties."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asgi_core.ranges import (
    MalformedRangeHeader,
    RangeError,
    RangeNotSatisfiable,
    TooManyRanges,
    merge_ranges,
    parse_range_header,
)

SIZE = 20


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-4", [(0, 5)]),
        ("bytes=5-", [(5, 20)]),
        ("bytes=-3", [(17, 20)]),
        ("bytes=-25", [(0, 20)]),
        ("bytes=0-100", [(0, 20)]),
        ("bytes=18-30", [(18, 20)]),
        ("bytes=19-19", [(19, 20)]),
        ("bytes=0-1,3-4", [(0, 2), (3, 5)]),
        ("bytes=3-4,0-1", [(0, 2), (3, 5)]),
        ("bytes=0-5,3-8", [(0, 9)]),
        ("bytes=0-1,2-3", [(0, 4)]),
        ("bytes=0-1,0-1", [(0, 2)]),
        ("bytes=0-0,-1", [(0, 1), (19, 20)]),
        ("BYTES=0-1", [(0, 2)]),
        (" bytes = 0-1", [(0, 2)]),
        ("bytes= 0-1 , 4-5", [(0, 2), (4, 6)]),
        ("bytes=0 - 1", [(0, 2)]),
        ("bytes= -3", [(17, 20)]),
        ("bytes=00-01", [(0, 2)]),
        ("bytes=0-1,", [(0, 2)]),
        ("bytes=0-1 ,, 3-4", [(0, 2), (3, 5)]),
        ("bytes=abc,0-1", [(0, 2)]),
        ("bytes=0-1,a-b", [(0, 2)]),
        ("bytes=-,0-1", [(0, 2)]),
        ("bytes=0-18446744073709551617", [(0, 20)]),
        ("bytes=0-" + "0" * 40 + "1", [(0, 2)]),
    ],
)
def test_parse_range_header_examples(header: str, expected: list[tuple[int, int]]) -> None:
    assert parse_range_header(header, SIZE) == expected


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("", "Malformed range header."),
        ("bytes", "Malformed range header."),
        ("items=0-1", "Only support bytes range"),
        ("=0-1", "Only support bytes range"),
        ("bytes=", "Range header: range must be requested"),
        ("bytes=,", "Range header: range must be requested"),
        ("bytes=-", "Range header: range must be requested"),
        ("bytes=1", "Range header: range must be requested"),
        ("bytes=abc", "Range header: range must be requested"),
        ("bytes=a-b", "Range header: range must be requested"),
        ("bytes=0-x", "Range header: range must be requested"),
        ("bytes=1-2-3", "Range header: range must be requested"),
        ("bytes=0-1;x", "Range header: range must be requested"),
        ("bytes=0-1=2", "Range header: range must be requested"),
        ("bytes=+1-2", "Range header: range must be requested"),
        ("bytes=\u0661-\u0662", "Range header: range must be requested"),
        ("bytes=5-2", "Range header: start must be less than end"),
        ("bytes=5-4", "Range header: start must be less than end"),
        ("bytes=10-5,0-1", "Range header: start must be less than end"),
        ("bytes=0-1,5-2", "Range header: start must be less than end"),
    ],
)
def test_malformed(header: str, message: str) -> None:
    with pytest.raises(MalformedRangeHeader) as info:
        parse_range_header(header, SIZE)
    assert info.value.content == message


@pytest.mark.parametrize(
    "header",
    [
        "bytes=20-",
        "bytes=25-30",
        "bytes=-0",
        "bytes=30-20",
        "bytes=0-1,30-40",
        "bytes=0-1,20-25",
        "bytes=-0,0-1",
        "bytes=5-2,30-40",
        "bytes=18446744073709551616-18446744073709551617",
    ],
)
def test_unsatisfiable(header: str) -> None:
    with pytest.raises(RangeNotSatisfiable) as info:
        parse_range_header(header, SIZE)
    assert info.value.max_size == SIZE


def test_empty_file_is_unsatisfiable() -> None:
    for header in ("bytes=0-1", "bytes=-1", "bytes=0-"):
        with pytest.raises(RangeNotSatisfiable):
            parse_range_header(header, 0)


def test_more_than_max_ranges_is_refused_before_parsing() -> None:
    hundred = "bytes=" + ",".join(f"{i * 3}-{i * 3}" for i in range(100))
    assert len(parse_range_header(hundred, 400)) == 100
    with pytest.raises(TooManyRanges) as info:
        parse_range_header(hundred + ",", 400)
    assert (info.value.count, info.value.max_ranges) == (101, 100)
    with pytest.raises(TooManyRanges):
        parse_range_header("bytes=" + ",".join(["0-1"] * 101), 400)
    # The unit is checked first, as Starlette does.
    with pytest.raises(MalformedRangeHeader):
        parse_range_header("items=" + ",".join(["0-1"] * 101), 400)
    # A smaller limit can be asked for.
    with pytest.raises(TooManyRanges):
        parse_range_header("bytes=0-1,3-4", 400, max_ranges=1)


def test_typed_errors_share_a_base() -> None:
    for error in (MalformedRangeHeader(), RangeNotSatisfiable(3), TooManyRanges(5, 1)):
        assert isinstance(error, RangeError)


def test_merge_ranges_sorts_and_merges_touching_ones() -> None:
    assert merge_ranges([(5, 8), (0, 2), (2, 3), (7, 10), (12, 13)]) == [(0, 3), (5, 10), (12, 13)]
    assert merge_ranges([(0, 10), (2, 3)]) == [(0, 10)]
    assert merge_ranges([]) == []


def test_thousands_of_ranges_are_cheap() -> None:
    header = "bytes=" + ",".join(f"{i}-{i + 5}" for i in range(0, 500_000, 3))
    started = time.perf_counter()
    with pytest.raises(TooManyRanges):
        parse_range_header(header, 1_000_000)
    many_parts = "bytes=" + ",".join(["0-" + "9" * 4000] * 100)
    assert parse_range_header(many_parts, 10) == [(0, 10)]
    assert time.perf_counter() - started < 0.5


# -- properties --------------------------------------------------------------------------

_number = st.integers(min_value=0, max_value=300).map(str) | st.text("0123456789", max_size=25)
_part = st.one_of(
    st.tuples(_number, _number).map(lambda p: f"{p[0]}-{p[1]}"),
    _number.map(lambda n: f"{n}-"),
    _number.map(lambda n: f"-{n}"),
    st.text(" -0123456789,abx;=\t", max_size=12),
)
_header = st.one_of(
    st.lists(_part, max_size=120).map(lambda parts: "bytes=" + ",".join(parts)),
    st.text(max_size=60),
    st.text(" bytesBYTES=-0123456789,", max_size=60),
)


@settings(max_examples=400)
@given(header=_header, size=st.integers(min_value=0, max_value=250))
def test_parse_never_raises_untyped_and_result_is_sound(header: str, size: int) -> None:
    try:
        ranges = parse_range_header(header, size)
    except RangeError:
        return
    assert 1 <= len(ranges) <= 100
    for start, end in ranges:
        assert 0 <= start < end <= size
    for (_, end), (next_start, _) in zip(ranges, ranges[1:]):
        assert end < next_start  # sorted, disjoint and not even touching


@settings(max_examples=200)
@given(
    pairs=st.lists(
        st.tuples(st.integers(0, 99), st.integers(0, 99)).map(sorted), min_size=1, max_size=100
    ),
)
def test_merged_ranges_cover_exactly_the_requested_bytes(pairs: list[list[int]]) -> None:
    header = "bytes=" + ",".join(f"{first}-{last}" for first, last in pairs)
    ranges = parse_range_header(header, 100)
    covered = {i for start, end in ranges for i in range(start, end)}
    assert covered == {i for first, last in pairs for i in range(first, last + 1)}
