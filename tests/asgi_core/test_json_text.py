"""``dumps_text`` (the prebuilt C encoder) renders exactly what the stock encoder does."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asgi_core._json import dumps_text
from asgi_core.responses import JSONResponse

_STOCK = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    | st.tuples(inner, inner),
    max_leaves=20,
)


@given(json_values)
def test_same_text_as_the_stock_encoder(value: Any) -> None:
    assert dumps_text(value) == _STOCK.encode(value)


def _error(call: Any) -> tuple[type[BaseException], str]:
    with pytest.raises(Exception) as info:
        call()
    return type(info.value), str(info.value)


@pytest.mark.parametrize(
    "value",
    [float("nan"), {"a": float("inf")}, [float("-inf")], {"a": object()}, {1.5j: 1}],
    ids=["nan", "inf", "-inf", "unknown type", "bad key"],
)
def test_same_errors_as_the_stock_encoder(value: Any) -> None:
    assert _error(lambda: dumps_text(value)) == _error(lambda: _STOCK.encode(value))


def test_a_cycle_is_reported_as_by_the_stock_encoder() -> None:
    cyclic: list[Any] = []
    cyclic.append(cyclic)
    assert _error(lambda: dumps_text(cyclic)) == (ValueError, "Circular reference detected")
    # the encoder is still good afterwards
    assert dumps_text({"é": [1, 2.5, None, True]}) == '{"é":[1,2.5,null,true]}'


def test_json_response_body() -> None:
    response = JSONResponse({"message": "héllo", "n": [1, 2]})
    assert response.body == '{"message":"héllo","n":[1,2]}'.encode()
    assert response.raw_headers == [
        (b"content-length", b"30"),
        (b"content-type", b"application/json"),
    ]
