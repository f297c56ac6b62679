"""framework.encoders.jsonable_encoder: FastAPI's output for every type it supports.

Every expected value below was observed from ``fastapi.encoders.jsonable_encoder``
(FastAPI 0.165, pydantic 2.14) and is written here as a fact.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import decimal
import enum
import ipaddress
import json
import pathlib
import re
import uuid
import warnings
from typing import Any, Optional

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import (
    AnyUrl,
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    NameEmail,
    PostgresDsn,
    RootModel,
    SecretBytes,
    SecretStr,
    TypeAdapter,
)
from pydantic_core import PydanticUndefined, Url

from framework.encoders import ENCODERS_BY_TYPE, decimal_encoder, jsonable_encoder


class E(enum.Enum):
    a = "x"
    b = 2
    d = dt.date(2020, 1, 1)


class IE(enum.IntEnum):
    one = 1


class SE(str, enum.Enum):
    s = "sv"


class MyStr(str):
    pass


class MyInt(int):
    pass


class Sub(BaseModel):
    x: int = 1
    y: Optional[str] = None


class M(BaseModel):
    a: int
    b: str = Field("d", alias="B")
    c: Optional[int] = None
    d: dt.datetime = dt.datetime(2020, 1, 1)
    sub: Sub = Sub()
    secret: SecretStr = SecretStr("s")
    dec: decimal.Decimal = decimal.Decimal("1.5")
    td: dt.timedelta = dt.timedelta(seconds=90)
    b2: bytes = b"hi"


M_FULL = {"a": 1, "B": "d", "c": None, "d": "2020-01-01T00:00:00", "sub": {"x": 1, "y": None},
          "secret": "**********", "dec": "1.5", "td": "PT1M30S", "b2": "hi"}


class M2(BaseModel):
    a: int = 1
    b: Sub = Sub()


@dataclasses.dataclass
class DC:
    a: int
    b: dt.date = dt.date(2020, 1, 1)
    n: Optional[int] = None
    sub: Optional[Sub] = None


class WithVars:
    def __init__(self) -> None:
        self.x = 1
        self.y = dt.date(2020, 1, 2)
        self.n = None


class PairsIterable:
    def __iter__(self) -> Any:
        return iter([("k", "v")])


class MappingLike:
    __slots__ = ()

    def keys(self) -> list[str]:
        return ["k"]

    def __getitem__(self, key: str) -> dt.date:
        return dt.date(2020, 1, 1)


class SQLAlchemyLike:
    def __init__(self) -> None:
        self._sa_instance_state = "state"
        self.v = 2


UTC2 = dt.timezone(dt.timedelta(hours=2))

SCALAR_CASES: list[tuple[str, Any, Any]] = [
    ("datetime", dt.datetime(2024, 1, 2, 3, 4, 5, 678901), "2024-01-02T03:04:05.678901"),
    ("datetime tz", dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC2), "2024-01-02T03:04:05+02:00"),
    ("datetime utc", dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc),
     "2024-01-02T03:04:05+00:00"),
    ("date", dt.date(2024, 1, 2), "2024-01-02"),
    ("time", dt.time(3, 4, 5, 6), "03:04:05.000006"),
    ("time tz", dt.time(3, 4, tzinfo=dt.timezone.utc), "03:04:00+00:00"),
    ("timedelta", dt.timedelta(days=1, seconds=2, microseconds=3), 86402.000003),
    ("timedelta negative", dt.timedelta(seconds=-1.5), -1.5),
    ("timedelta zero", dt.timedelta(), 0.0),
    ("decimal int", decimal.Decimal("10"), 10),
    ("decimal exponent", decimal.Decimal("1E+2"), 100),
    ("decimal fraction", decimal.Decimal("1.50"), 1.5),
    ("decimal negative", decimal.Decimal("-0.1"), -0.1),
    ("decimal -0", decimal.Decimal("-0"), 0),
    ("decimal 0E-2", decimal.Decimal("0E-2"), 0.0),
    ("decimal big", decimal.Decimal("123456789012345678901234567890.5"),
     1.2345678901234568e29),
    ("decimal inf", decimal.Decimal("Infinity"), float("inf")),
    ("bytes", b"abc", "abc"),
    ("uuid", uuid.UUID("12345678-1234-5678-1234-567812345678"),
     "12345678-1234-5678-1234-567812345678"),
    ("IPv4Address", ipaddress.IPv4Address("1.2.3.4"), "1.2.3.4"),
    ("IPv6Address", ipaddress.IPv6Address("::1"), "::1"),
    ("IPv4Interface", ipaddress.IPv4Interface("1.2.3.4/24"), "1.2.3.4/24"),
    ("IPv6Interface", ipaddress.IPv6Interface("::1/64"), "::1/64"),
    ("IPv4Network", ipaddress.IPv4Network("10.0.0.0/8"), "10.0.0.0/8"),
    ("IPv6Network", ipaddress.IPv6Network("fe80::/10"), "fe80::/10"),
    ("pattern", re.compile(r"^a+$", re.I), "^a+$"),
    ("bytes pattern", re.compile(rb"^a"), b"^a"),
    ("enum", E.a, "x"),
    ("enum int value", E.b, 2),
    ("enum value not encoded", E.d, dt.date(2020, 1, 1)),
    ("int enum", IE.one, 1),
    ("str enum", SE.s, "sv"),
    ("pure path", pathlib.PurePosixPath("/a/b"), "/a/b"),
    ("path", pathlib.Path("x/y"), "x/y"),
    ("windows path", pathlib.PureWindowsPath("C:/a/b"), "C:\\a\\b"),
    ("secret str", SecretStr("pw"), "**********"),
    ("secret bytes", SecretBytes(b"pw"), "b'**********'"),
    ("name email", NameEmail("John", "j@x.com"), "John <j@x.com>"),
    ("any url", AnyUrl("http://example.com"), "http://example.com/"),
    ("http url", HttpUrl("https://example.com/p?q=1"), "https://example.com/p?q=1"),
    ("core url", Url("http://x.org"), "http://x.org/"),
    ("set", {3}, [3]),
    ("frozenset", frozenset({1}), [1]),
    ("deque", collections.deque([1, 2]), [1, 2]),
    ("tuple", (1, "a"), [1, "a"]),
    ("generator", (i for i in range(3)), [0, 1, 2]),
    ("big int", 10**30, 10**30),
    ("bool", True, True),
    ("none", None, None),
    ("str", "s", "s"),
    ("undefined", PydanticUndefined, None),
    ("ordered dict", collections.OrderedDict(a=1), {"a": 1}),
    ("defaultdict", collections.defaultdict(int, a=1), {"a": 1}),
    ("keys kept, None key too", {None: 1, "_sa_x": 2, 3: 4}, {None: 1, 3: 4}),
    ("enum dict key", {IE.one: 1}, {1: 1}),
    ("model in list and dict", [Sub(), {"k": Sub(x=2)}],
     [{"x": 1, "y": None}, {"k": {"x": 2, "y": None}}]),
    ("root model", RootModel[list[int]]([1, 2]), [1, 2]),
    ("dataclass", DC(1), {"a": 1, "b": "2020-01-01", "n": None, "sub": None}),
    ("dataclass with model", DC(1, sub=Sub()),
     {"a": 1, "b": "2020-01-01", "n": None, "sub": {"x": 1, "y": None}}),
    ("vars", WithVars(), {"x": 1, "y": "2020-01-02", "n": None}),
    ("iterable of pairs", PairsIterable(), {"k": "v"}),
    ("mapping-like", MappingLike(), {"k": "2020-01-01"}),
    ("sqlalchemy-like object", SQLAlchemyLike(), {"v": 2}),
]


@pytest.mark.parametrize(("label", "value", "expected"), SCALAR_CASES,
                         ids=[case[0] for case in SCALAR_CASES])
def test_supported_types(label: str, value: Any, expected: Any) -> None:
    result = jsonable_encoder(value)
    assert result == expected
    assert type(result) is type(expected)


def test_nan_values() -> None:
    assert jsonable_encoder(float("nan")) != jsonable_encoder(float("nan"))
    result = jsonable_encoder(decimal.Decimal("NaN"))
    assert isinstance(result, float) and result != result


def test_scalar_subclasses_are_returned_as_they_are() -> None:
    value = MyStr("a")
    assert jsonable_encoder(value) is value
    number = MyInt(3)
    assert jsonable_encoder(number) is number
    real = type("F", (float,), {})(1.5)
    assert jsonable_encoder(real) is real


def test_pydantic_multi_host_url_is_a_string() -> None:
    # FastAPI fails on these (ValueError); Keel encodes them as their string form
    dsn = TypeAdapter(PostgresDsn).validate_python("postgres://a:b@h1:5432,h2:5433/db")
    assert jsonable_encoder(dsn) == "postgres://a:b@h1:5432,h2:5433/db"


def test_color() -> None:
    from pydantic.color import Color

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        red, rgba, short = Color("red"), Color((1, 2, 3, 0.5)), Color("#abc")
    assert jsonable_encoder(red) == "red"
    assert jsonable_encoder(rgba) == "#01020380"
    assert jsonable_encoder({"c": short}) == {"c": "#abc"}


def test_models_and_their_flags() -> None:
    m = M(a=1)
    assert jsonable_encoder(m) == M_FULL
    assert jsonable_encoder(m, by_alias=False) == {
        **{k: v for k, v in M_FULL.items() if k != "B"}, "b": "d"}
    assert jsonable_encoder(m, exclude_unset=True) == {"a": 1}
    assert jsonable_encoder(M(a=1, c=None), exclude_defaults=True) == {"a": 1}
    assert jsonable_encoder(m, exclude_none=True) == {
        "a": 1, "B": "d", "d": "2020-01-01T00:00:00", "sub": {"x": 1}, "secret": "**********",
        "dec": "1.5", "td": "PT1M30S", "b2": "hi"}
    assert jsonable_encoder(m, include={"a", "sub"}) == {"a": 1, "sub": {"x": 1, "y": None}}
    assert jsonable_encoder(m, exclude={"sub": {"x"}}) == {**M_FULL, "sub": {"y": None}}
    assert jsonable_encoder(m, include={"b"}) == {"B": "d"}
    assert jsonable_encoder(M2(), include=["a"]) == {"a": 1}
    assert jsonable_encoder(M2(), exclude=["a"]) == {"b": {"x": 1, "y": None}}
    assert jsonable_encoder(M2(), include={"b": {"x"}}) == {"b": {"x": 1}}
    assert jsonable_encoder(M2(a=1, b=Sub(x=1)), exclude_defaults=True) == {}
    assert jsonable_encoder(M2(a=2, b=Sub(x=2)), exclude_defaults=True) == {
        "a": 2, "b": {"x": 2}}
    assert jsonable_encoder([M2(a=5)], exclude_unset=True) == [{"a": 5}]
    assert jsonable_encoder({"m": M2(a=5)}, exclude_unset=True) == {"m": {"a": 5}}
    assert jsonable_encoder({"m": Sub()}, exclude_none=True) == {"m": {"x": 1}}


def test_model_json_encoders_config_is_pydantics() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)

        class Cfg(BaseModel):
            model_config = ConfigDict(json_encoders={dt.datetime: lambda d: "ENC"})
            d: dt.datetime = dt.datetime(2020, 1, 1)

    assert jsonable_encoder(Cfg()) == {"d": "ENC"}


def test_custom_encoder() -> None:
    upper = {str: lambda s: s.upper()}
    assert jsonable_encoder("abc", custom_encoder=upper) == "ABC"
    as_dt = {dt.datetime: lambda d: "DT"}
    assert jsonable_encoder({"d": dt.datetime(2020, 1, 1)}, custom_encoder=as_dt) == {"d": "DT"}
    # by MRO: a datetime is a date
    as_date = {dt.date: lambda d: "DATE"}
    assert jsonable_encoder({"d": dt.datetime(2020, 1, 1)}, custom_encoder=as_date) == {
        "d": "DATE"}
    assert jsonable_encoder({"a": 1, "b": True}, custom_encoder={int: lambda v: "INT"}) == {
        "a": "INT", "b": "INT"}
    assert jsonable_encoder({"a": 1, "b": True}, custom_encoder={bool: lambda v: "BOOL"}) == {
        "a": 1, "b": "BOOL"}
    # exact type wins over an earlier isinstance match
    both = {int: lambda v: "INT", bool: lambda v: "BOOL"}
    assert jsonable_encoder([1, True], custom_encoder=both) == ["INT", "BOOL"]
    # a model is dumped by pydantic: custom encoders do not reach inside it
    assert jsonable_encoder(M(a=1), custom_encoder=as_dt) == M_FULL
    assert jsonable_encoder(Sub(), custom_encoder=upper) == {"x": 1, "y": None}
    assert jsonable_encoder({"m": M2()}, custom_encoder={int: str}) == {
        "m": {"a": 1, "b": {"x": 1, "y": None}}}
    assert jsonable_encoder(Sub(), custom_encoder={Sub: lambda s: "SUB"}) == "SUB"


def test_dict_include_exclude_and_flags() -> None:
    data = {"a": 1, "b": 2, "c": 3}
    assert jsonable_encoder(data, include={"a", "b"}) == {"a": 1, "b": 2}
    assert jsonable_encoder(data, exclude={"a"}) == {"b": 2, "c": 3}
    assert jsonable_encoder(data, include=["a"]) == {"a": 1}
    # only top-level keys are filtered in plain dicts
    assert jsonable_encoder({"a": {"x": 1, "y": 2}, "b": 2}, include={"a": {"x"}}) == {
        "a": {"x": 1, "y": 2}}
    assert jsonable_encoder({"a": None, "b": 1}, exclude_none=True) == {"b": 1}
    assert jsonable_encoder({"a": {"b": None}}, exclude_none=True) == {"a": {}}
    assert jsonable_encoder([None, 1, {"a": None}], exclude_none=True) == [None, 1, {}]
    sa = {"_sa_instance_state": 1, "b": 2}
    assert jsonable_encoder(sa) == {"b": 2}
    assert jsonable_encoder(sa, sqlalchemy_safe=False) == sa
    assert jsonable_encoder(SQLAlchemyLike(), sqlalchemy_safe=False) == {
        "_sa_instance_state": "state", "v": 2}
    assert jsonable_encoder({"a": (1, 2)}) == {"a": [1, 2]}


def test_sequences_pass_include_exclude_to_items() -> None:
    assert jsonable_encoder([{"a": 1, "b": 2}], include={"a"}) == [{"a": 1}]
    assert jsonable_encoder([{"a": 1, "b": 2}], exclude={"a"}) == [{"b": 2}]


def test_dataclass_and_vars_flags() -> None:
    assert jsonable_encoder(DC(1), exclude_none=True) == {"a": 1, "b": "2020-01-01"}
    assert jsonable_encoder(DC(1, sub=Sub()), include={"a"}) == {"a": 1}
    assert jsonable_encoder(DC(1), exclude={"a"}) == {"b": "2020-01-01", "n": None,
                                                      "sub": None}
    assert jsonable_encoder(WithVars(), exclude_none=True, exclude={"x"}) == {
        "y": "2020-01-02"}


def test_dataclass_class_is_refused() -> None:
    with pytest.raises(AssertionError):
        jsonable_encoder(DC)


@pytest.mark.parametrize(
    ("value", "errors"),
    [
        (object(), "[TypeError(\"'object' object is not iterable\"), "
                   "TypeError('vars() argument must have __dict__ attribute')]"),
        (1 + 2j, "[TypeError(\"'complex' object is not iterable\"), "
                 "TypeError('vars() argument must have __dict__ attribute')]"),
        (bytearray(b"ab"), "[TypeError('cannot convert dictionary update sequence element #0 "
                           "to a sequence'), TypeError('vars() argument must have __dict__ "
                           "attribute')]"),
        ({"a": 1}.keys(), "[ValueError('dictionary update sequence element #0 has length 1; "
                          "2 is required'), TypeError('vars() argument must have __dict__ "
                          "attribute')]"),
    ],
)
def test_unsupported_objects_raise_fastapis_error(value: Any, errors: str) -> None:
    with pytest.raises(ValueError) as info:
        jsonable_encoder(value)
    assert str(info.value) == errors


def test_unhashable_encoded_key_fails_as_in_fastapi() -> None:
    with pytest.raises(TypeError, match="unhashable type: 'list'"):
        jsonable_encoder({(1, 2): 6})


def test_non_utf8_bytes_fail_as_in_fastapi() -> None:
    with pytest.raises(UnicodeDecodeError):
        jsonable_encoder(b"\xff\xfe")


def test_decimal_encoder_and_table() -> None:
    assert decimal_encoder(decimal.Decimal("1")) == 1
    assert isinstance(decimal_encoder(decimal.Decimal("1.0")), float)
    assert ENCODERS_BY_TYPE[uuid.UUID] is str


_scalars = (
    st.none() | st.booleans() | st.integers() | st.text()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.datetimes() | st.dates() | st.times() | st.timedeltas()
    | st.decimals(allow_nan=False, allow_infinity=False) | st.uuids()
    | st.ip_addresses() | st.binary().map(lambda b: b.hex().encode())
    | st.sampled_from([E.a, E.b, IE.one, SE.s]) | st.builds(pathlib.PurePosixPath, st.text())
    | st.builds(SecretStr, st.text()) | st.builds(Sub, x=st.integers())
)
_keys = st.text() | st.integers() | st.booleans() | st.none()
_values = st.recursive(
    _scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.tuples(children, children)
        | st.frozensets(st.integers() | st.text(), max_size=4)
        | st.dictionaries(_keys, children, max_size=4)
        | st.builds(collections.deque, st.lists(children, max_size=3))
        | st.builds(DC, a=st.integers(), n=st.none() | st.integers())
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(_values, st.booleans())
def test_output_always_dumps_to_json(value: Any, exclude_none: bool) -> None:
    encoded = jsonable_encoder(value, exclude_none=exclude_none)
    text = json.dumps(encoded)
    # encoding is idempotent on its own output: already JSON-ready data comes back unchanged
    assert json.dumps(jsonable_encoder(json.loads(text))) == json.dumps(json.loads(text))
