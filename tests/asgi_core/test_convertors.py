"""Path convertors: regexes, both directions of conversion, the registry."""

from __future__ import annotations

import math
import re
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asgi_core.convertors import (
    CONVERTOR_TYPES,
    Convertor,
    FloatConvertor,
    IntegerConvertor,
    PathConvertor,
    StringConvertor,
    UUIDConvertor,
    register_url_convertor,
)


def test_registry_holds_the_five_builtin_types():
    assert {k: type(v) for k, v in CONVERTOR_TYPES.items()} == {
        "str": StringConvertor,
        "path": PathConvertor,
        "int": IntegerConvertor,
        "float": FloatConvertor,
        "uuid": UUIDConvertor,
    }


def test_regexes():
    assert StringConvertor.regex == "[^/]+"
    assert PathConvertor.regex == ".*"
    assert IntegerConvertor.regex == "[0-9]+"
    assert FloatConvertor.regex == r"[0-9]+(\.[0-9]+)?"
    uuid_regex = re.compile(UUIDConvertor.regex)
    assert uuid_regex.fullmatch("12345678-1234-5678-1234-567812345678")
    assert uuid_regex.fullmatch("12345678123456781234567812345678")
    assert not uuid_regex.fullmatch("12345678-1234-5678-1234-56781234567")


def test_conversions():
    assert StringConvertor().convert("abc") == "abc"
    assert PathConvertor().convert("a/b") == "a/b"
    assert IntegerConvertor().convert("0042") == 42
    assert FloatConvertor().convert("1.5") == 1.5
    assert UUIDConvertor().convert("12345678123456781234567812345678") == uuid.UUID(
        "12345678-1234-5678-1234-567812345678"
    )


def test_to_string():
    assert StringConvertor().to_string("abc") == "abc"
    assert StringConvertor().to_string(12) == "12"  # type: ignore[arg-type]
    assert PathConvertor().to_string("a/b/") == "a/b/"
    assert IntegerConvertor().to_string(7) == "7"
    assert FloatConvertor().to_string(1.5) == "1.5"
    assert FloatConvertor().to_string(3) == "3"
    assert FloatConvertor().to_string(0.1) == "0.10000000000000000555"
    assert FloatConvertor().to_string(1e-7) == "0.0000001"
    assert FloatConvertor().to_string(1e20) == "100000000000000000000"
    u = uuid.UUID("12345678-1234-5678-1234-567812345678")
    assert UUIDConvertor().to_string(u) == "12345678-1234-5678-1234-567812345678"


@pytest.mark.parametrize(
    ("convertor", "value", "message"),
    [
        (StringConvertor(), "a/b", "May not contain path separators"),
        (StringConvertor(), "", "Must not be empty"),
        (IntegerConvertor(), -1, "Negative integers are not supported"),
        (FloatConvertor(), -0.5, "Negative floats are not supported"),
        (FloatConvertor(), math.nan, "NaN values are not supported"),
        (FloatConvertor(), math.inf, "Infinite values are not supported"),
    ],
)
def test_invalid_values_raise_value_error(convertor, value, message):
    with pytest.raises(ValueError, match=f"^{message}$"):
        convertor.to_string(value)


@given(st.text(alphabet=st.characters(blacklist_characters="/\n"), min_size=1))
def test_string_round_trip(text):
    conv = StringConvertor()
    assert re.fullmatch(conv.regex, conv.to_string(text))
    assert conv.convert(conv.to_string(text)) == text


@given(st.integers(min_value=0))
def test_integer_round_trip(n):
    conv = IntegerConvertor()
    assert re.fullmatch(conv.regex, conv.to_string(n))
    assert conv.convert(conv.to_string(n)) == n


@given(st.floats(min_value=0, max_value=1e15, allow_nan=False, allow_infinity=False))
def test_float_round_trip(x):
    conv = FloatConvertor()
    text = conv.to_string(x)
    assert re.fullmatch(conv.regex, text)
    assert conv.convert(text) == pytest.approx(x, rel=1e-12, abs=1e-19)


@given(st.uuids())
def test_uuid_round_trip(u):
    conv = UUIDConvertor()
    assert re.fullmatch(conv.regex, conv.to_string(u))
    assert conv.convert(conv.to_string(u)) == u


def test_register_url_convertor_adds_a_type():
    class TwoLetters(Convertor[str]):
        regex = "[a-z]{2}"

        def convert(self, value: str) -> str:
            return value.upper()

        def to_string(self, value: str) -> str:
            return value.lower()

    conv = TwoLetters()
    register_url_convertor("test_two_letters", conv)
    try:
        assert CONVERTOR_TYPES["test_two_letters"] is conv
    finally:
        del CONVERTOR_TYPES["test_two_letters"]
