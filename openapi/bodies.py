"""The schema of an embedded request body (``Body_<operation id>``), built without a model.

When an operation takes several body parameters (or one with ``embed=True``, or form
fields), FastAPI documents the body as a generated model ``Body_<operation id>`` holding
them as fields. Creating a pydantic model class per operation is the costliest part of a
big app's first document (about a millisecond each: field collection, type hints,
validator and serializer builds), and the document needs none of it but the core schema.

So the body's core schema is assembled here directly: a typed-dict schema whose fields
are the parameters' own (cached, shared) ``Annotated[annotation, field_info]`` core
schemas, under a ref named like the model's. pydantic's JSON-schema generator then writes
the component exactly as it writes the model's: same property names, titles, required
list, defaults, constraints and shared ``$defs``. Fields this path cannot mirror
(validation or serialization aliases that differ from ``alias``, ``exclude``) take the
model route, which stays as the reference (tests/openapi/test_embedded_body.py compares
the two on generated bodies).
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import copy
from typing import Any

from pydantic import create_model
from pydantic.fields import FieldInfo
from pydantic_core import CoreSchema, core_schema, to_jsonable_python

from framework.dependencies.models import BodyField
from openapi.schemas import JsonMode, SchemaField, field_adapter

__all__ = ["body_model_field", "embedded_body_field"]

_MODULE = __name__.rpartition(".")[0] + ".fields"  # where the model route's class lives


class _CoreSchemaOf:
    """Stands in for a ``TypeAdapter``: all the document reads of one is its core schema."""

    __slots__ = ("core_schema",)

    def __init__(self, schema: CoreSchema) -> None:
        self.core_schema = schema


class EmbeddedBodyField(SchemaField):
    """The ``Body_<id>`` schema field of an embedded body, from its parameters' schemas."""

    __slots__ = ()

    def __init__(self, name: str, bodies: Sequence[BodyField]) -> None:
        fields: dict[str, core_schema.TypedDictField] = {}
        for body in bodies:
            # As pydantic builds a model field: the type with the marker's constraints and
            # default inside, the marker's schema notes on the field around it (some types
            # write their JSON schema from scratch and would drop notes given inside).
            info = body.field_info
            inner = field_adapter(body.annotation, _without_notes(info)).core_schema
            fields[_property_name(body)] = core_schema.typed_dict_field(
                inner, required=body.required, metadata=_notes(info)
            )
        # A plain class carries the component's title (its name) and, having no
        # docstring or pydantic config, adds nothing else: as the generated model.
        holder = type(name, (), {"__module__": _MODULE})
        body_schema = core_schema.typed_dict_schema(
            fields, cls=holder, ref=f"{_MODULE}.{name}:{id(holder)}"
        )
        self.alias = "body"
        self.annotation = holder
        self.field_info = None
        self.mode: JsonMode = "validation"
        self.adapter = _CoreSchemaOf(body_schema)  # type: ignore[assignment]


_NOTES = ("title", "description", "deprecated", "examples", "json_schema_extra")


def _without_notes(info: FieldInfo) -> FieldInfo:
    bare = copy(info)
    for name in _NOTES:
        setattr(bare, name, None)
    return bare


def _notes(info: FieldInfo) -> dict[str, Any]:
    """The field-level JSON-schema metadata pydantic gives a model field of ``info``."""
    updates = {
        "title": info.title,
        "description": info.description,
        "deprecated": bool(info.deprecated) or info.deprecated == "" or None,
        "examples": to_jsonable_python(info.examples),
    }
    metadata: dict[str, Any] = {}
    present = {key: value for key, value in updates.items() if value is not None}
    if present:
        metadata["pydantic_js_updates"] = present
    if info.json_schema_extra is not None:
        metadata["pydantic_js_extra"] = info.json_schema_extra
    return metadata


def _property_name(body: BodyField) -> str:
    return body.field_info.alias or body.name


def _mirrorable(info: FieldInfo, name: str) -> bool:
    """Can the typed-dict field say what the model's field would? (Same property name in
    both modes, nothing excluded from serialization.)"""
    if info.exclude:
        return False
    aliases = (info.validation_alias, info.serialization_alias)
    return all(alias is None or alias == name for alias in aliases)


def body_model_field(name: str, bodies: Sequence[BodyField]) -> SchemaField:
    """The reference route: a generated pydantic model holding the parameters as fields."""
    definitions: dict[str, Any] = {b.name: (b.annotation, b.field_info) for b in bodies}
    model = create_model(name, __module__=_MODULE, **definitions)
    return SchemaField("body", model)


def embedded_body_field(name: str, bodies: Sequence[BodyField]) -> SchemaField:
    """The schema field documenting ``bodies`` as one ``name`` object."""
    if all(_mirrorable(b.field_info, _property_name(b)) for b in bodies):
        return EmbeddedBodyField(name, bodies)
    return body_model_field(name, bodies)
