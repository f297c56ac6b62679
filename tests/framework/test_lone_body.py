"""An endpoint whose only input is one JSON body model validates it straight from the bytes.

``Plan.lone_body`` skips the plan model (a ``Json[Model]`` field read under ``body``) and
calls the model's ``validate_json`` (on an error the plan model runs after all: some of
its messages are worded otherwise, e.g. ``model_type``). These properties pin that nothing
else changes: for any JSON document (and for bytes that are no JSON at all) the endpoint
gets an equal value, or the request fails with the same errors and the same ``exc.body``
as through the plan model alone; and the plan takes the direct way only where it may.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import json
import uuid
from decimal import Decimal
from typing import Annotated, Any, Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from asgi_core.requests import Request
from framework import App, Body, Depends, Header
from framework.dependencies.plan import Plan
from framework.dependencies.solver import RequestInputs, solve, solve_lone
from framework.exceptions import RequestValidationError
from testing import AsyncClient
from tests.asgi_helpers import http_scope


class Kind(enum.Enum):
    BOOK = "book"
    PEN = "pen"


class Address(BaseModel):
    street: str
    zip_code: str = Field(pattern=r"^\d{4}$")
    country: str = "NL"


class Line(BaseModel):
    sku: Annotated[str, Field(min_length=2)]
    price: Decimal
    quantity: int = Field(ge=1, le=99)
    kind: Kind = Kind.BOOK
    tags: set[str] = set()


class Cat(BaseModel):
    pet: Literal["cat"]
    lives: int


class Dog(BaseModel):
    pet: Literal["dog"]
    good: bool


class Order(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    id: int
    ref: uuid.UUID | None = None
    when: datetime.datetime | None = None
    count: int = 0
    customer: str = Field(alias="customerName")
    address: Address
    lines: list[Line]
    pet: Cat | Dog | None = Field(None, discriminator="pet")
    note: str | None = None

    @field_validator("note")
    @classmethod
    def no_shouting(cls, value: str | None) -> str | None:
        if value is not None and value.isupper():
            raise ValueError("no shouting")
        return value

    @model_validator(mode="after")
    def some_lines(self) -> Order:
        if len(self.lines) > 3:
            raise ValueError("at most three lines")
        return self


def _plan(endpoint: Any) -> Plan:
    app = App()
    app.post("/")(endpoint)
    route = app.routes[-1]
    return route._plans.current()  # type: ignore[attr-defined,no-any-return]


async def takes_order(order: Order) -> None:
    return None


PLAN = _plan(takes_order)
WITHOUT = dataclasses.replace(PLAN, lone_body=None, _models={})


def outcome(plan: Plan, raw: bytes) -> tuple[str, Any, Any]:
    """("ok", kwargs) or ("422", errors, exc.body) for ``raw`` posted as JSON, solved as
    a route solves it (``solve_lone``, then ``solve`` if that gave nothing)."""
    scope = http_scope("POST", "/", headers=[(b"content-type", b"application/json")])
    inputs = RequestInputs(Request(scope), body=raw, content_type="application/json")
    try:
        kwargs = solve_lone(plan, inputs)
        if kwargs is None:
            coro = solve(plan, inputs, None)
            try:
                coro.send(None)
            except StopIteration as done:
                kwargs = done.value
            else:  # pragma: no cover
                raise AssertionError("solve awaited something")
    except RequestValidationError as exc:
        return "422", [_comparable(error) for error in exc.errors()], exc.body
    return "ok", kwargs, None


def _comparable(error: dict[str, Any]) -> dict[str, Any]:
    """An error with the exception in its ``ctx`` (a new object each time) as its text."""
    ctx = error.get("ctx")
    if ctx and isinstance(ctx.get("error"), Exception):
        error = dict(error, ctx=dict(ctx, error=repr(ctx["error"])))
    return error


def _same(one: Any, other: Any) -> bool:
    """Equal, reading NaN as equal to itself (``NaN`` is valid JSON to both parsers, and
    ends up as an error's input)."""
    return bool(one == other) or repr(one) == repr(other)


def test_the_plan_takes_the_direct_way() -> None:
    assert PLAN.lone_body is not None
    assert PLAN.lone_body[0] == "order"


json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
    st.sampled_from(["book", "pen", "cat", "dog", "1234", "AB", "2026-11-28T12:00:00", "NOPE"]),
    st.sampled_from([str(uuid.UUID(int=7)), "12.50", "x"]),
)
json_value = st.recursive(
    json_leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.sampled_from(
                ["id", "ref", "when", "count", "customer", "customerName", "address",
                 "lines", "pet", "note", "street", "zip_code", "country", "sku", "price",
                 "quantity", "kind", "tags", "lives", "good", "other"]
            ),
            inner,
            max_size=8,
        ),
    ),
    max_leaves=25,
)
VALID = {
    "id": 1,
    "customerName": "Ada",
    "address": {"street": "Main 1", "zip_code": "1234"},
    "lines": [{"sku": "ab", "price": "1.50", "quantity": 2, "tags": ["x", "x"]}],
    "pet": {"pet": "cat", "lives": 9},
}


@st.composite
def near_valid(draw: st.DrawFn) -> Any:
    """The valid order with a few of its values swapped for arbitrary JSON."""
    document = json.loads(json.dumps(VALID))
    for _ in range(draw(st.integers(0, 3))):
        target = document
        path = draw(st.sampled_from([("id",), ("address", "zip_code"), ("lines", 0, "quantity"),
                                     ("lines", 0, "sku"), ("pet", "pet"), ("pet", "lives"),
                                     ("when",), ("count",), ("note",), ("ref",),
                                     ("lines", 0, "kind"), ("extra",)]))
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = draw(json_value)
    return document


@settings(max_examples=300, deadline=None)
@given(st.one_of(json_value, near_valid()))
def test_any_json_document_gives_the_plan_models_outcome(document: Any) -> None:
    raw = json.dumps(document).encode()
    assert _same(outcome(PLAN, raw), outcome(WITHOUT, raw))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=40) | st.text(max_size=30).map(str.encode))
def test_any_bytes_give_the_plan_models_outcome(raw: bytes) -> None:
    if not raw:
        raw = b" "
    assert _same(outcome(PLAN, raw), outcome(WITHOUT, raw))


def test_a_valid_order_and_an_invalid_one_in_full() -> None:
    ok = outcome(PLAN, json.dumps(VALID).encode())
    assert ok[0] == "ok" and ok[1]["order"] == Order.model_validate(VALID)
    bad = dict(VALID, id="x", address={"street": "Main 1", "zip_code": "12"})
    assert outcome(PLAN, json.dumps(bad).encode()) == (
        "422",
        [
            {"type": "int_parsing", "loc": ("body", "id"),
             "msg": "Input should be a valid integer, unable to parse string as an integer",
             "input": "x"},
            {"type": "string_pattern_mismatch", "loc": ("body", "address", "zip_code"),
             "msg": "String should match pattern '^\\d{4}$'", "input": "12",
             "ctx": {"pattern": "^\\d{4}$"}},
        ],
        bad,
    )


async def with_a_header(order: Order, x_token: str = Header()) -> None:
    return None


async def two_bodies(order: Order, extra: int = Body()) -> None:
    return None


async def constrained(orders: list[Order]) -> None:
    return None


async def a_dependency(order: Order, token: str = Depends(lambda: "t")) -> None:
    return None


async def bounded(order: Annotated[Order, Body(title="o", json_schema_extra={})]) -> None:
    return None


async def optional(order: Order | None = None) -> None:
    return None


class StrictLine(Line):
    quantity: int = Field(ge=1, strict=True)


class StrictOrder(BaseModel):
    lines: list[StrictLine]


async def strict(order: StrictOrder) -> None:
    return None


async def a_number(count: int = Body(gt=0)) -> None:
    return None


@pytest.mark.parametrize(
    "endpoint",
    [with_a_header, two_bodies, constrained, a_dependency, optional, a_number, strict],
    ids=lambda f: f.__name__,
)
def test_anything_more_than_one_body_model_takes_the_plan_model(endpoint: Any) -> None:
    assert _plan(endpoint).lone_body is None


def test_a_body_with_only_documentation_still_goes_direct() -> None:
    assert _plan(bounded).lone_body is not None


def _app(direct: bool) -> App:
    app = App()

    @app.post("/orders")
    async def create(order: Order) -> dict[str, Any]:
        return {"id": order.id, "lines": len(order.lines)}

    route = app.routes[-1]
    if not direct:  # every plan the route builds, without the direct way
        holder = route._plans  # type: ignore[attr-defined]
        build = holder.build
        holder.build = lambda overrides: dataclasses.replace(
            build(overrides), lone_body=None, _models={}
        )
        holder.plan = holder.build(None)
    return app


BODIES = [
    json.dumps(VALID).encode(),
    json.dumps(dict(VALID, lines=[])).encode(),
    json.dumps(dict(VALID, lines=[{"sku": "a", "price": "x", "quantity": 0}])).encode(),
    json.dumps(dict(VALID, count="3x", note="LOUD", surprise=1)).encode(),
    b'{"id": 1,',
    b"[]",
    b"null",
]


@pytest.mark.anyio
@pytest.mark.parametrize("raw", BODIES)
async def test_whole_responses_are_the_same_both_ways(raw: bytes) -> None:
    answers = []
    for direct in (True, False):
        async with AsyncClient(app=_app(direct), base_url="http://test") as client:
            response = await client.post(
                "/orders", content=raw, headers={"content-type": "application/json"}
            )
        answers.append((response.status_code, sorted(response.headers.items()), response.content))
    assert answers[0] == answers[1]
    assert answers[0][0] in (200, 422)


def test_the_json_worded_types_are_read_off_pydantic() -> None:
    from framework.dependencies.json_wording import json_worded_types

    worded = json_worded_types()
    assert {"model_type", "dict_type", "list_type", "none_required", "json_invalid"} <= worded
    assert not worded & {"missing", "int_parsing", "string_pattern_mismatch", "value_error"}
