"""testing.strategies: operations read from the OpenAPI document, valid and invalid cases."""

from __future__ import annotations

from typing import Annotated, Literal

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, Field

from framework import App, Header, Path, Query
from testing._jsonschema import Resolver, breakages, errors, values
from testing.strategies import invalid_requests, operations, valid_requests


class Item(BaseModel):
    name: str = Field(min_length=1, max_length=8)
    price: float = Field(gt=0, le=1000)
    kind: Literal["a", "b"] = "a"
    tags: list[str] = []


APP = App()


@APP.post("/items/{item_id}", response_model=Item)
async def create(item_id: Annotated[int, Path(ge=1, le=100)], item: Item,
                 q: Annotated[str | None, Query(max_length=3)] = None,
                 x_token: Annotated[str, Header()] = "t") -> Item:
    return item


@APP.get("/ratio")
def ratio(n: Annotated[int, Query(ge=0, le=10)], verbose: bool = False):
    return {"ratio": n / 10}


DOCUMENT = APP.openapi()
RESOLVER = Resolver(DOCUMENT)
ITEM_SCHEMA = {"$ref": "#/components/schemas/Item"}


def test_operations_come_from_the_document():
    found = {str(op): op for op in operations(APP)}
    assert sorted(found) == ["GET /ratio", "POST /items/{item_id}"]
    create_op = found["POST /items/{item_id}"]
    assert create_op.operation_id == "create_items__item_id__post"
    assert [(p["name"], p["in"], p["required"]) for p in create_op.parameters] == [
        ("item_id", "path", True), ("q", "query", False), ("x-token", "header", False)
    ]
    assert create_op.body == {"schema": ITEM_SCHEMA, "required": True}
    assert sorted(create_op.responses) == ["200", "422"]
    assert operations(DOCUMENT) == operations(APP)  # a document works as well as the app


@settings(max_examples=60, deadline=None)
@given(case=valid_requests(APP))
def test_valid_cases_satisfy_every_schema(case):
    assert case.valid and case.broken is None
    by_name = {p["name"]: p for p in case.operation.parameters}
    for group in (case.path_params, case.query, case.headers):
        for name, value in group.items():
            assert errors(by_name[name]["schema"], value, RESOLVER) == []
    if case.operation.path == "/items/{item_id}":
        assert case.has_body and errors(ITEM_SCHEMA, case.body, RESOLVER) == []
        assert case.url == f"/items/{case.path_params['item_id']}"
    else:
        assert "n" in case.query and not case.has_body


@settings(max_examples=80, deadline=None)
@given(case=invalid_requests(APP))
def test_invalid_cases_break_exactly_what_they_say(case):
    assert not case.valid
    kwargs = case.kwargs()
    if case.broken == "required body missing":
        assert "json" not in kwargs
    elif case.broken.startswith("body: "):
        assert errors(ITEM_SCHEMA, case.body, RESOLVER) != []
    elif case.broken == "query 'n' missing":
        assert "n" not in case.query
    else:
        location, name = case.broken.split(":")[0].split(" ")
        group = {"path": case.path_params, "query": case.query}[location]
        value = group[name.strip("'")]
        schema = next(p["schema"] for p in case.operation.parameters
                      if p["name"] == name.strip("'"))
        assert errors(schema, value, RESOLVER) != [] or isinstance(value, str)


@settings(max_examples=40, deadline=None)
@given(case=valid_requests(APP))
def test_the_printed_call_is_the_request(case):
    code = case.as_code()
    recorded = {}

    class Recorder:
        def request(self, method, url, **kwargs):
            recorded.update(method=method, url=url, **kwargs)

    eval(code, {"client": Recorder()})
    assert recorded == {"method": case.operation.method, "url": case.url, **case.kwargs()}


def test_breakages_of_a_model_schema():
    labels = [label for label, _ in breakages(ITEM_SCHEMA, RESOLVER)]
    assert labels == [
        "a value that is not object",
        "required property 'name' missing",
        "required property 'price' missing",
        "property 'name': a value that is not string",
        "property 'name': minLength broken",
        "property 'name': maxLength broken",
        "property 'price': a value that is not number",
        "property 'price': maximum 1000.0 broken",
        "property 'price': exclusiveMinimum 0.0 broken",
        "property 'kind': a value outside the enum",
        "property 'tags': a value that is not array",
    ]


SCHEMAS = st.sampled_from([
    {"type": "integer", "minimum": -3, "exclusiveMaximum": 7},
    {"type": "number", "exclusiveMinimum": 0, "maximum": 2.5},
    {"type": "string", "minLength": 2, "maxLength": 4},
    {"type": "string", "pattern": "^[a-c]+$"},
    {"type": "array", "items": {"type": "boolean"}, "minItems": 1},
    {"anyOf": [{"type": "integer"}, {"type": "null"}]},
    {"enum": ["x", "y"]},
    ITEM_SCHEMA,
])


@settings(max_examples=100, deadline=None)
@given(data=st.data(), schema=SCHEMAS)
def test_generated_values_validate_and_breakages_do_not(data, schema):
    assert errors(schema, data.draw(values(schema, RESOLVER)), RESOLVER) == []
    for label, strategy in breakages(schema, RESOLVER):
        assert errors(schema, data.draw(strategy), RESOLVER) != [], label
