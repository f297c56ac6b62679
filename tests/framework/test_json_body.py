"""A path operation's JSON body without a response model equals encoding it first.

``_json_body`` (``encode_json_text``) writes plain data straight away and hands everything
else to ``jsonable_encoder``; these properties pin that the bytes (or the error) are exactly
those of ``JSONResponse(jsonable_encoder(value))`` for plain data and for every kind of
value the encoder changes.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import uuid
from collections import OrderedDict, namedtuple
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from framework.encoders import jsonable_encoder
from framework.responses import JSONResponse
from framework.routing.api_route import _json_body


class Color(enum.Enum):
    RED = "red"


class Level(enum.IntEnum):
    HIGH = 3


class Name(str, enum.Enum):
    ADA = "ada"


class Model(BaseModel):
    a: int
    b: str | None = None


@dataclasses.dataclass
class Point:
    x: float
    y: float


Pair = namedtuple("Pair", "left right")


class Text(str):
    pass


ODD_VALUES: list[Any] = [
    datetime.datetime(2026, 11, 28, 12, 0, 1),
    datetime.date(2026, 1, 2),
    uuid.UUID(int=7),
    Decimal("1.50"),
    Color.RED,
    Level.HIGH,
    Name.ADA,
    Model(a=1),
    Point(1.0, 2.5),
    Pair(1, "two"),
    {1, 2},
    frozenset({"a"}),
    b"bytes",
    Text("sub"),
    OrderedDict(a=1),
    {"_sa_instance_state": 1, "kept": 2},
    {"nested": [{"_sa_x": 1}]},
    {"value": "_sample text"},
    {Color.RED: 1},
    {1: "int key", "1": "str key"},
    {True: 1, None: 2, 1.5: 3},
    (1, (2, 3)),
]

plain = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    | st.tuples(inner, inner),
    max_leaves=20,
)


def _expected(value: Any) -> bytes | tuple[type[BaseException], str]:
    try:
        return bytes(JSONResponse(jsonable_encoder(value)).body)
    except (TypeError, ValueError) as exc:
        return type(exc), str(exc)


def _actual(value: Any) -> bytes | tuple[type[BaseException], str]:
    try:
        return _json_body(value)
    except (TypeError, ValueError) as exc:
        return type(exc), str(exc)


@given(plain)
def test_plain_data(value: Any) -> None:
    assert _actual(value) == _expected(value)


@given(st.lists(st.sampled_from(ODD_VALUES), max_size=3), plain)
def test_odd_values_inside_plain_data(odd: list[Any], value: Any) -> None:
    document = {"odd": odd, "plain": value}
    assert _actual(document) == _expected(document)


@pytest.mark.parametrize("value", ODD_VALUES, ids=lambda v: type(v).__name__)
def test_each_odd_value(value: Any) -> None:
    assert _actual(value) == _expected(value)


@pytest.mark.parametrize("value", [float("nan"), {"a": float("inf")}, object()])
def test_errors_are_the_encoders(value: Any) -> None:
    expected = _expected(value)
    assert isinstance(expected, tuple)
    assert _actual(value) == expected


class Shout(str):
    pass


def test_a_registered_encoder_for_a_str_subclass_is_applied(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from framework.encoders import ENCODERS_BY_TYPE

    value = {"greeting": Shout("hello")}
    assert _json_body(value) == b'{"greeting":"hello"}'
    monkeypatch.setitem(ENCODERS_BY_TYPE, Shout, lambda s: s.upper())
    assert _json_body(value) == b'{"greeting":"HELLO"}' == _expected(value)
    monkeypatch.undo()
    assert _json_body(value) == b'{"greeting":"hello"}'
