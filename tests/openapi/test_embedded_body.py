"""An embedded body's ``Body_<id>`` component, built from its parameters' schemas, is the
generated model's, for any mix of parameter types and marker options.

``openapi.bodies`` documents an embedded body without creating a model class; the model
route (``body_model_field``) is kept as the reference. Both go through the same
``build_definitions`` call the document makes, in both schema modes, and every component
and the body's own schema must come out equal.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any, Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, Field, computed_field

from framework import Body, File, Form, UploadFile
from framework.dependencies.models import BodyField
from openapi.bodies import EmbeddedBodyField, body_model_field, embedded_body_field
from openapi.schemas import SchemaField, build_definitions


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Image(BaseModel):
    url: str = Field(description="Where the image lives")


class Item(BaseModel):
    """A thing for sale."""

    name: str
    price: float = Field(gt=0)
    images: list[Image] = []


class Priced(BaseModel):
    net: float

    @computed_field  # type: ignore[prop-decorator]
    @property
    def gross(self) -> float:
        return self.net * 1.2


# (annotation, constraint options that suit it)
TYPES: list[tuple[Any, list[dict[str, Any]]]] = [
    (int, [{}, {"gt": 0}, {"le": 100}]),
    (float, [{}, {"ge": 0.5}]),
    (str, [{}, {"max_length": 5}, {"pattern": "^a"}]),
    (bool, [{}]),
    (bytes, [{}]),
    (datetime, [{}]),
    (list[str], [{}, {"min_length": 1}]),
    (dict[str, int], [{}]),
    (Literal["a", "b"], [{}]),
    (Color, [{}]),
    (Item, [{}]),
    (Item | None, [{}]),
    (list[Item], [{}]),
    (Priced, [{}]),
    (UploadFile, [{}]),
    (list[UploadFile], [{}]),
]
MARKERS = (Body, Form, File)

names = st.from_regex(r"[a-z][a-z_]{0,6}", fullmatch=True)
notes = st.fixed_dictionaries(
    {},
    optional={
        "title": st.sampled_from(["Custom", "Another Title"]),
        "description": st.sampled_from(["A parameter", "Line one\n\nLine two"]),
        "examples": st.lists(st.one_of(st.integers(), st.text(max_size=3)), max_size=2),
        "deprecated": st.booleans(),
        "json_schema_extra": st.sampled_from([{"x-internal": True}, {"readOnly": False}]),
        "alias": st.just(True),  # replaced by "<name>-alias": distinct, as names are
    },
)


@st.composite
def body_fields(draw: st.DrawFn) -> list[BodyField]:
    chosen = draw(st.lists(names, min_size=1, max_size=4, unique=True))
    fields = []
    for name in chosen:
        annotation, constraint_options = draw(st.sampled_from(TYPES))
        options = {**draw(notes), **draw(st.sampled_from(constraint_options))}
        if options.pop("alias", False):
            options["alias"] = f"{name}-alias"
        if draw(st.booleans()):
            options["default"] = None
        info = draw(st.sampled_from(MARKERS))(**options)
        fields.append(BodyField(name, info.alias or name, annotation, info))
    return fields


def _document(field: SchemaField, separate: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    mapping, definitions = build_definitions([field], separate_input_output_schemas=separate)
    mode = field.effective_mode(separate)
    return mapping[(id(field.adapter), mode)], definitions


@settings(max_examples=150, deadline=None)
@given(bodies=body_fields(), separate=st.booleans())
def test_component_equals_the_generated_models(bodies: list[BodyField], separate: bool) -> None:
    built = embedded_body_field("Body_op_items_post", bodies)
    assert isinstance(built, EmbeddedBodyField)
    reference = body_model_field("Body_op_items_post", bodies)
    assert _document(built, separate) == _document(reference, separate)


def test_the_body_schema_is_a_reference_to_its_component() -> None:
    bodies = [
        BodyField("item", "item", Item, Body()),
        BodyField("importance", "importance", int, Body(gt=0, description="How much")),
    ]
    schema, definitions = _document(embedded_body_field("Body_create_item", bodies), True)
    assert schema == {"$ref": "#/components/schemas/Body_create_item"}
    assert definitions["Body_create_item"] == {
        "properties": {
            "item": {"$ref": "#/components/schemas/Item"},
            "importance": {
                "type": "integer",
                "exclusiveMinimum": 0,
                "title": "Importance",
                "description": "How much",
            },
        },
        "required": ["item", "importance"],
        "title": "Body_create_item",
        "type": "object",
    }


def _excluded(info: Any) -> Any:
    info.exclude = True  # (the markers take no ``exclude``; a merged ``Field`` can carry it)
    return info


@pytest.mark.parametrize(
    "info",
    [
        Body(validation_alias="other"),
        Body(serialization_alias="other"),
        Body(alias="a", validation_alias="b"),
        _excluded(Body(None)),
    ],
    ids=["validation-alias", "serialization-alias", "two-aliases", "excluded"],
)
def test_fields_it_cannot_mirror_take_the_model_route(info: Any) -> None:
    bodies = [BodyField("a", info.alias or "a", int, info), BodyField("b", "b", str, Body())]
    built = embedded_body_field("Body_op", bodies)
    assert not isinstance(built, EmbeddedBodyField)
    assert _document(built, True) == _document(body_model_field("Body_op", bodies), True)


def test_a_user_model_of_the_same_name_gets_qualified_names_both_ways() -> None:
    clash = type("Body_op", (BaseModel,), {"__annotations__": {"x": int}, "__module__": __name__})
    for make in (embedded_body_field, body_model_field):
        body = make("Body_op", [BodyField("a", "a", int, Body()), BodyField("b", "b", str, Body())])
        _, definitions = build_definitions(
            [body, SchemaField("clash", clash)], separate_input_output_schemas=True
        )
        assert sorted(definitions) == [
            "openapi__fields__Body_op",
            "tests__openapi__test_embedded_body__Body_op",
        ]
