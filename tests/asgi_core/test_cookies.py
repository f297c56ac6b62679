"""Cookie parsing (lenient, linear: HARDENING CVE-2024-7592 class) and Set-Cookie formatting.

The expected strings were observed from Starlette's ``cookie_parser`` and
``Response.set_cookie`` for the same inputs.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asgi_core.cookies import format_set_cookie, parse_cookie_header

# --- parsing ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("a=1; b=2", {"a": "1", "b": "2"}),
        ("a=1;b=2;a=3", {"a": "3", "b": "2"}),
        ("novalue", {"": "novalue"}),
        ("a=1; novalue; b=2", {"a": "1", "": "novalue", "b": "2"}),
        ("a = 1 ; b= 2 ", {"a": "1", "b": "2"}),
        ('a="x y"', {"a": "x y"}),
        (r'a="x\"y"', {"a": 'x"y'}),
        (r'a="\101\\b"', {"a": "A\\b"}),
        (r'a="\777"', {"a": "777"}),
        (r'a="\400"', {"a": "400"}),
        (r'a="\0"', {"a": "0"}),
        (r'a="\12"', {"a": "12"}),
        (r'a="\1234"', {"a": "S4"}),
        (r'a="\3777"', {"a": "\xff7"}),
        (r'a="\08"', {"a": "08"}),
        (r'a="\q"', {"a": "q"}),
        ('a="\\"', {"a": "\\"}),
        ('a="\\\\"', {"a": "\\"}),
        ('a="\\"\\""', {"a": '""'}),
        ('a="x\\\ny"', {"a": "x\\\ny"}),  # a backslash before a newline stays
        (r'a="x\;y"', {"a": '"x\\', "": 'y"'}),
        ('a="unterminated', {"a": '"unterminated'}),
        ('a=x"y"', {"a": 'x"y"'}),
        ('a=""', {"a": ""}),
        ('a="', {"a": '"'}),
        ("a=x=y", {"a": "x=y"}),
        ("=v", {"": "v"}),
        ("", {}),
        (";;", {}),
        (" ; ", {}),
        ("path=/; domain=x", {"path": "/", "domain": "x"}),
        ("a=1; Path=/", {"a": "1", "Path": "/"}),
        ('a=  "q"  ', {"a": "q"}),
        ('a="x";b', {"a": "x", "": "b"}),
        ("a=%20", {"a": "%20"}),
        ("a;b", {"": "b"}),
        ('"a"=1', {'"a"': "1"}),
        ('a= "1', {"a": '"1'}),
        ('a=" 1 "', {"a": " 1 "}),
        ('"a="', {'"a': '"'}),
        ("ü=é", {"ü": "é"}),
    ],
)
def test_parse_cookie_header(header: str, expected: dict[str, str]) -> None:
    assert parse_cookie_header(header) == expected


def _parse_seconds(header: str) -> float:
    start = time.perf_counter()
    parse_cookie_header(header)
    return time.perf_counter() - start


@pytest.mark.parametrize(
    "unit",
    [
        "\\",
        '"',
        '\\"',
        "\\0",
        "\\12",
        "a=",
        ";",
        "=",
        " ",
    ],
)
def test_parser_is_linear_on_adversarial_input(unit: str) -> None:
    def header(n: int) -> str:
        return 'a="' + unit * n + '"; ' + unit * n

    small = min(_parse_seconds(header(10_000)) for _ in range(3))
    large = min(_parse_seconds(header(100_000)) for _ in range(3))
    # 10x the input: a linear parser takes ~10x the time, a quadratic one ~100x.
    assert large < max(small * 40, 0.05)
    assert large < 1.0


def test_parser_handles_a_huge_header() -> None:
    header = "; ".join(f"c{i}=v{i}" for i in range(20_000))
    cookies = parse_cookie_header(header)
    assert len(cookies) == 20_000
    assert cookies["c19999"] == "v19999"


def _reference_parse(header: str) -> dict[str, str]:
    """The obvious reading of a well-formed header (unquoted values, one '=' each)."""
    cookies = {}
    for pair in header.split("; "):
        name, value = pair.split("=")
        cookies[name] = value
    return cookies


_token = st.text(st.sampled_from("abcXYZ019!#$%&'*+-.^_`|~"), min_size=1, max_size=8)


@settings(max_examples=300)
@given(st.lists(st.tuples(_token, _token), min_size=1, max_size=8))
def test_parser_agrees_with_reference_on_well_formed_input(pairs: list[tuple[str, str]]) -> None:
    header = "; ".join(f"{k}={v}" for k, v in pairs)
    assert parse_cookie_header(header) == _reference_parse(header)


@settings(max_examples=500)
@given(st.text(alphabet=st.sampled_from(' ;="\\0123478ab\n\tü'), max_size=60))
def test_parser_never_raises(header: str) -> None:
    cookies = parse_cookie_header(header)
    for key, value in cookies.items():
        assert key == key.strip()
        assert ";" not in key
        assert isinstance(value, str)


_latin1_values = st.text(st.characters(codec="latin-1", exclude_characters="\r\n\x00"), max_size=20)


@settings(max_examples=300)
@given(name=_token, value=_latin1_values)
def test_set_cookie_value_round_trips_through_the_parser(name: str, value: str) -> None:
    # (no reserved attribute name can be spelled from _token's alphabet)
    header = format_set_cookie(name, value, path=None, samesite=None)
    assert parse_cookie_header(header) == {name: value}


# --- formatting ------------------------------------------------------------------------

UTC_2030 = datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        (("a",), {}, 'a=""; Path=/; SameSite=lax'),
        (("a", "b"), {}, "a=b; Path=/; SameSite=lax"),
        (("a", "b c"), {}, 'a="b c"; Path=/; SameSite=lax'),
        (("a", 'x"y'), {}, 'a="x\\"y"; Path=/; SameSite=lax'),
        (("a", "x;y"), {}, 'a="x\\073y"; Path=/; SameSite=lax'),
        (("a", "x,y"), {}, 'a="x\\054y"; Path=/; SameSite=lax'),
        (("a", "x\\y"), {}, 'a="x\\\\y"; Path=/; SameSite=lax'),
        (("a", "ü"), {}, 'a="\\374"; Path=/; SameSite=lax'),
        (("a", "\t"), {}, 'a="\\011"; Path=/; SameSite=lax'),
        (("a", "\x7f"), {}, 'a="\\177"; Path=/; SameSite=lax'),
        (("a", "x/y:z"), {}, 'a="x/y:z"; Path=/; SameSite=lax'),
        (("a", "'"), {}, "a='; Path=/; SameSite=lax"),
        (("a", "x=y"), {}, 'a="x=y"; Path=/; SameSite=lax'),
        (("a", "[{x}]@?"), {}, 'a="[{x}]@?"; Path=/; SameSite=lax'),
        (("a", 5), {}, "a=5; Path=/; SameSite=lax"),
        (("a", "b"), {"max_age": 10}, "a=b; Max-Age=10; Path=/; SameSite=lax"),
        (("a", "b"), {"max_age": 0}, "a=b; Max-Age=0; Path=/; SameSite=lax"),
        (("a", "b"), {"max_age": -1}, "a=b; Max-Age=-1; Path=/; SameSite=lax"),
        (
            ("a", "b"),
            {"expires": UTC_2030},
            "a=b; expires=Wed, 02 Jan 2030 03:04:05 GMT; Path=/; SameSite=lax",
        ),
        (
            ("a", "b"),
            {"expires": "Wed, 01 Jan 2031 00:00:00 GMT"},
            "a=b; expires=Wed, 01 Jan 2031 00:00:00 GMT; Path=/; SameSite=lax",
        ),
        (("a", "b"), {"path": None}, "a=b; SameSite=lax"),
        (("a", "b"), {"path": ""}, "a=b; SameSite=lax"),
        (("a", "b"), {"path": "/x y"}, "a=b; Path=/x y; SameSite=lax"),
        (("a", "b"), {"domain": "ex.com"}, "a=b; Domain=ex.com; Path=/; SameSite=lax"),
        (("a", "b"), {"domain": ""}, "a=b; Path=/; SameSite=lax"),
        (
            ("a", "b"),
            {"secure": True, "httponly": True},
            "a=b; HttpOnly; Path=/; SameSite=lax; Secure",
        ),
        (("a", "b"), {"samesite": "strict"}, "a=b; Path=/; SameSite=strict"),
        (("a", "b"), {"samesite": "Strict"}, "a=b; Path=/; SameSite=Strict"),
        (("a", "b"), {"samesite": "none"}, "a=b; Path=/; SameSite=none"),
        (("a", "b"), {"samesite": None}, "a=b; Path=/"),
        (("a", "b"), {"partitioned": True}, "a=b; Partitioned; Path=/; SameSite=lax"),
        (
            ("a", "b"),
            {
                "max_age": 5,
                "expires": UTC_2030,
                "path": "/p",
                "domain": "d",
                "secure": True,
                "httponly": True,
                "samesite": "none",
                "partitioned": True,
            },
            "a=b; Domain=d; expires=Wed, 02 Jan 2030 03:04:05 GMT; HttpOnly; Max-Age=5; "
            "Partitioned; Path=/p; SameSite=none; Secure",
        ),
    ],
)
def test_format_set_cookie(args: tuple[Any, ...], kwargs: dict[str, Any], expected: str) -> None:
    assert format_set_cookie(*args, **kwargs) == expected


@pytest.mark.parametrize("seconds", [0, 10, 3600])
def test_expires_in_seconds_is_an_http_date_from_now(seconds: int) -> None:
    before = datetime.now(timezone.utc).replace(microsecond=0)
    header = format_set_cookie("a", "b", expires=seconds)
    after = datetime.now(timezone.utc)
    prefix, date_and_rest = header.split("; expires=")
    date, rest = date_and_rest.split("; ", 1)
    assert (prefix, rest) == ("a=b", "Path=/; SameSite=lax")
    assert date.endswith(" GMT")
    when = parsedate_to_datetime(date)
    assert before + timedelta(seconds=seconds) <= when <= after + timedelta(seconds=seconds)
    assert format_set_cookie("a", expires=when) == f'a=""; expires={date}; Path=/; SameSite=lax'


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (("a b", "c"), {}),
        (("a;b", "c"), {}),
        (("a=b", "c"), {}),
        (("", ""), {}),
        (("a\n", "b"), {}),
        (("ü", "b"), {}),
        (("path", "c"), {}),
        (("Expires", "c"), {}),
        (("SameSite", "c"), {}),
        (("a", "b"), {"samesite": "bad"}),
        (("a", "b"), {"samesite": ""}),
        (("a", "b\r\nX-Evil: 1"), {}),
        (("a", "b\x00"), {}),
        (("a", "b"), {"path": "/x\ny"}),
        (("a", "b"), {"path": "/x\r"}),
        (("a", "b"), {"domain": "x\r\nSet-Cookie: evil=1"}),
        (("a", "b"), {"domain": "x\x00"}),
        (("a", "b"), {"expires": "Wed\n"}),
        (("a", "b"), {"expires": datetime(2030, 1, 2)}),
        (("a", "b"), {"expires": datetime(2030, 1, 2, tzinfo=timezone(timedelta(hours=2)))}),
        (("a", "€"), {}),
    ],
)
def test_format_set_cookie_rejects(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        format_set_cookie(*args, **kwargs)


_any_text = st.text(max_size=12)


@settings(max_examples=300)
@given(
    key=_any_text,
    value=_any_text,
    path=st.none() | _any_text,
    domain=st.none() | _any_text,
    expires=st.none() | _any_text,
)
def test_set_cookie_never_lets_a_line_break_or_nul_through(
    key: str, value: str, path: str | None, domain: str | None, expires: str | None
) -> None:
    try:
        header = format_set_cookie(key, value, path=path, domain=domain, expires=expires)
    except ValueError:
        return
    for forbidden in "\r\n\x00":
        assert forbidden not in header
    header.encode("latin-1")
    assert header.split("=", 1)[0] == key
