"""framework.params: the markers carry FastAPI's attributes, defaults and warnings.

Expected values were observed on FastAPI 0.165 / pydantic 2.14 and are written here as facts.
"""

from __future__ import annotations

import dataclasses
import inspect
import warnings
from typing import Annotated

import pytest
from annotated_types import Ge, Gt, Le, Lt, MaxLen, MinLen, MultipleOf
from pydantic import AliasChoices, BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from framework import params
from framework.params import (
    Body,
    Cookie,
    Depends,
    File,
    Form,
    FrameworkDeprecationWarning,
    Header,
    Param,
    ParamTypes,
    Path,
    Query,
    Security,
    Unset,
)

VALUE_MARKERS = [Path, Query, Header, Cookie, Body, Form, File]


def get_db() -> None:
    pass


class Dep:
    def __call__(self) -> int:
        return 1


def test_param_types_enum() -> None:
    assert [(m.name, m.value) for m in ParamTypes] == [
        ("query", "query"), ("header", "header"), ("path", "path"), ("cookie", "cookie")]
    assert ParamTypes.query != "query"  # a plain Enum, as in FastAPI


@pytest.mark.parametrize(
    ("marker", "in_"),
    [(Path, ParamTypes.path), (Query, ParamTypes.query), (Header, ParamTypes.header),
     (Cookie, ParamTypes.cookie)],
)
def test_param_markers_defaults(marker: type[Param], in_: ParamTypes) -> None:
    field = marker()
    assert isinstance(field, Param) and isinstance(field, FieldInfo)
    assert field.in_ is in_
    assert field.default is PydanticUndefined
    assert field.is_required()
    assert field.default_factory is None
    assert field.alias is None and field.validation_alias is None
    assert field.serialization_alias is None and field.alias_priority is None
    assert field.title is None and field.description is None
    assert field.examples is None and field.json_schema_extra is None
    assert field.deprecated is None and field.discriminator is None
    assert field.metadata == []
    assert field.include_in_schema is True
    assert field.openapi_examples is None
    assert field.example is Unset
    assert field.annotation is None
    assert field._attributes_set == {"annotation": None}
    assert repr(field) == f"{marker.__name__}(PydanticUndefined)"
    assert str(field) == "annotation=NoneType required=True"


def test_header_convert_underscores() -> None:
    assert Header().convert_underscores is True
    field = Header(convert_underscores=False, alias="X-Y")
    assert field.convert_underscores is False
    assert field._attributes_set == {"annotation": None, "alias": "X-Y",
                                     "validation_alias": "X-Y", "serialization_alias": "X-Y"}


@pytest.mark.parametrize(
    ("marker", "media_type"),
    [(Body, "application/json"), (Form, "application/x-www-form-urlencoded"),
     (File, "multipart/form-data")],
)
def test_body_markers_defaults(marker: type[Body], media_type: str) -> None:
    field = marker()
    assert isinstance(field, Body) and not isinstance(field, Param)
    assert not hasattr(field, "in_")
    assert field.media_type == media_type
    assert field.embed is None
    assert field.default is PydanticUndefined
    assert field.include_in_schema is True and field.openapi_examples is None
    assert field.example is Unset
    assert repr(field) == f"{marker.__name__}(PydanticUndefined)"
    assert marker(media_type="text/plain").media_type == "text/plain"


def test_body_embed_and_media_type() -> None:
    field = Body(embed=True, media_type="text/plain", deprecated=True)
    assert field.embed is True and field.media_type == "text/plain"
    assert field.deprecated is True
    assert field._attributes_set == {"annotation": None, "deprecated": True}
    assert Body(embed=False).embed is False


def test_defaults_and_default_factory() -> None:
    field = Query(3)
    assert field.default == 3 and not field.is_required()
    assert repr(field) == "Query(3)"
    assert str(field) == "annotation=NoneType required=False default=3"
    assert Cookie(None).default is None and repr(Cookie(None)) == "Cookie(None)"
    assert Query(default="x").default == "x"
    field = Query(default_factory=list)
    assert field.default is PydanticUndefined and field.default_factory is list
    assert repr(field) == "Query(PydanticUndefined)"


def test_path_is_always_required() -> None:
    assert Path().default is PydanticUndefined
    assert Path(...).default is PydanticUndefined
    assert Path(...)._attributes_set == {"annotation": None}
    assert Path(default_factory=lambda: 1).default is PydanticUndefined


@pytest.mark.parametrize("default", [3, None, "x", PydanticUndefined])
def test_path_refuses_a_default(default: object) -> None:
    with pytest.raises(AssertionError, match="^Path parameters cannot have a default value$"):
        Path(default)


def test_constraints_go_to_pydantic_metadata_in_pydantic_order() -> None:
    field = Query(strict=True, multiple_of=2, allow_inf_nan=False, max_digits=3,
                  decimal_places=1, gt=0, lt=10, le=9, min_length=1, discriminator="t")
    assert repr(field.metadata) == (
        "[Strict(strict=True), Gt(gt=0), Lt(lt=10), Le(le=9), MultipleOf(multiple_of=2), "
        "MinLen(min_length=1), AllowInfNan(allow_inf_nan=False), "
        "_PydanticGeneralMetadata(max_digits=3, decimal_places=1)]")
    assert field.discriminator == "t"
    field = Query(ge=1, max_length=3, pattern="^a")
    assert repr(field.metadata) == (
        "[Ge(ge=1), MaxLen(max_length=3), _PydanticGeneralMetadata(pattern='^a')]")
    assert Query(gt=None, title=None).metadata == []
    assert Query(gt=None, title=None)._attributes_set == {"annotation": None, "title": None}
    assert Gt(gt=0) in Path(gt=0).metadata and Lt(lt=1) in Path(lt=1).metadata
    assert Ge(ge=0) in Header(ge=0).metadata and Le(le=1) in Cookie(le=1).metadata
    assert MinLen(1) in Body(min_length=1).metadata
    assert MaxLen(2) in Form(max_length=2).metadata
    assert MultipleOf(3) in File(multiple_of=3).metadata


def test_openapi_options() -> None:
    field = Query(alias="x", title="T", description="D", examples=[1],
                  openapi_examples={"a": {"value": 1}}, deprecated=True,
                  include_in_schema=False, json_schema_extra={"x": 1})
    assert field.title == "T" and field.description == "D" and field.examples == [1]
    assert field.openapi_examples == {"a": {"value": 1}}
    assert field.deprecated is True and field.include_in_schema is False
    assert field.json_schema_extra == {"x": 1}
    assert Query(deprecated="use y").deprecated == "use y"
    assert Query(validate_default=True).validate_default is True


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"alias": "x"}, ("x", "x", "x", 2)),
        ({"alias": "x", "validation_alias": "v"}, ("x", "v", "x", 2)),
        ({"alias": "x", "serialization_alias": "s"}, ("x", "x", "s", 2)),
        ({"alias": None}, (None, None, None, None)),
        ({"validation_alias": "v"}, (None, "v", None, 2)),
        ({"alias": "x", "alias_priority": 1}, ("x", "x", "x", 1)),
        ({"alias": None, "serialization_alias": "s"}, (None, None, "s", 2)),
        ({"alias": "x", "validation_alias": None}, ("x", "x", "x", 2)),
    ],
)
def test_alias_fills_validation_and_serialization_alias(kwargs: dict, expected: tuple) -> None:
    field = Query(**kwargs)
    assert (field.alias, field.validation_alias, field.serialization_alias,
            field.alias_priority) == expected


def test_alias_choices() -> None:
    choices = AliasChoices("a", "b")
    assert Query(validation_alias=choices).validation_alias is choices


def test_regex_is_deprecated_for_pattern() -> None:
    with pytest.warns(DeprecationWarning,
                      match="^`regex` has been deprecated, please use `pattern` instead$"):
        field = Query(regex="^x")
    assert repr(field.metadata) == "[_PydanticGeneralMetadata(pattern='^x')]"
    with pytest.warns(FrameworkDeprecationWarning):
        field = Header(regex="^r", pattern="^p")
    assert repr(field.metadata) == "[_PydanticGeneralMetadata(pattern='^p')]"


def test_example_is_deprecated_for_examples() -> None:
    with pytest.warns(DeprecationWarning,
                      match="^`example` has been deprecated, please use `examples` instead$"):
        field = Body(example={"a": 1})
    assert field.example == {"a": 1} and field.examples is None
    assert field.json_schema_extra is None
    with pytest.warns(UserWarning):  # FastAPI's own warning class is a UserWarning
        assert Query(example=None).example is None


def test_deprecation_warnings_point_at_the_caller() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        Path(regex="^a")
        File(example=1)
    assert [w.filename for w in caught] == [__file__, __file__]
    assert all(issubclass(w.category, FrameworkDeprecationWarning) for w in caught)


def test_extra_keywords_are_deprecated_and_kept_as_json_schema_extra() -> None:
    with pytest.warns(DeprecationWarning, match="Extra keys: \\['foo'\\]"):
        field = Query(foo="bar", json_schema_extra={"x": 1})
    assert field.json_schema_extra == {"foo": "bar", "x": 1}
    with pytest.warns(DeprecationWarning), pytest.raises(TypeError):
        Query(foo=1, json_schema_extra=lambda schema: None)


def test_markers_validate_through_pydantic() -> None:
    class Model(BaseModel):
        q: Annotated[int, Query(ge=1, le=5)] = 2
        h: Annotated[str, Header(max_length=3, alias="X-H")] = "a"

    assert Model(q=5, **{"X-H": "abc"}).model_dump() == {"q": 5, "h": "abc"}
    with pytest.raises(ValidationError) as info:
        Model(q=0)
    assert info.value.errors(include_url=False) == [
        {"type": "greater_than_equal", "loc": ("q",), "msg": "Input should be greater than "
         "or equal to 1", "input": 0, "ctx": {"ge": 1}}]
    adapter = TypeAdapter(Annotated[str, Query(pattern="^a+$")])
    assert adapter.validate_python("aa") == "aa"
    with pytest.raises(ValidationError):
        adapter.validate_python("b")


@pytest.mark.parametrize("marker", VALUE_MARKERS)
def test_every_marker_shows_its_full_signature(marker: type) -> None:
    sig = inspect.signature(marker)
    names = list(sig.parameters)
    assert names[0] == "default"
    shared = list(params.FieldOptions.__annotations__)
    assert names[-len(shared):] == shared
    assert sig.parameters["default"].default is (... if marker is Path else PydanticUndefined)
    assert sig.parameters["include_in_schema"].default is True
    assert sig.parameters["gt"].default is None
    assert sig.parameters["title"].default is Unset
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in list(sig.parameters.values())[1:])


def test_marker_specific_signature_parts() -> None:
    assert inspect.signature(Header).parameters["convert_underscores"].default is True
    body = inspect.signature(Body).parameters
    assert body["embed"].default is None and body["media_type"].default == "application/json"
    assert inspect.signature(Form).parameters["media_type"].default == (
        "application/x-www-form-urlencoded")
    assert inspect.signature(File).parameters["media_type"].default == "multipart/form-data"


def test_unset_sentinel() -> None:
    assert repr(Unset) == "Unset" and not Unset


def test_depends() -> None:
    dep = Depends(get_db)
    assert dep.dependency is get_db and dep.use_cache is True and dep.scope is None
    assert repr(dep) == "Depends(get_db)"
    assert repr(Depends()) == "Depends()"
    assert repr(Depends(get_db, use_cache=False)) == "Depends(get_db, use_cache=False)"
    assert repr(Depends(Dep())) == "Depends(Dep)"
    assert repr(Depends(get_db, scope="function")) == "Depends(get_db, scope='function')"
    assert Depends(get_db) == Depends(get_db)
    assert hash(Depends(get_db)) == hash(Depends(get_db))
    assert Depends(get_db) != Depends(get_db, use_cache=False)
    with pytest.raises(dataclasses.FrozenInstanceError):
        dep.use_cache = False  # type: ignore[misc]
    with pytest.raises(TypeError):
        Depends(get_db, False)  # type: ignore[misc]
    assert not hasattr(dep, "__dict__")


def test_security() -> None:
    sec = Security(get_db, scopes=["a", "b"])
    assert isinstance(sec, Depends)
    assert sec.dependency is get_db and sec.scopes == ["a", "b"] and sec.use_cache is True
    assert repr(sec) == "Security(get_db, scopes=['a', 'b'])"
    assert Security(get_db).scopes is None
    assert repr(Security(get_db)) == "Security(get_db)"
    assert repr(Security(get_db, use_cache=False, scopes=("x",))) == (
        "Security(get_db, use_cache=False, scopes=['x'])")
    assert repr(Security()) == "Security()"
    assert Security(get_db, scopes=["a"]) == Security(get_db, scopes=["a"])
    assert Security(get_db) != Depends(get_db)


def test_ellipsis_default_means_required() -> None:
    assert Query(...).default is PydanticUndefined and Query(...).is_required()
    assert Body(...).default is PydanticUndefined
    assert Query(...)._attributes_set == {"annotation": None}


def test_markers_merge_with_pydantic_fields_like_fastapis() -> None:
    from pydantic import Field

    class Model(BaseModel):
        a: Annotated[int, Query(ge=1), Field(le=5)] = 3
        b: Annotated[str, Field(max_length=2), Header(alias="X-B")] = "x"

    fields = Model.model_fields
    assert repr(fields["a"].metadata) == "[Ge(ge=1), Le(le=5)]"
    assert (fields["a"].alias, fields["a"].default) == (None, 3)
    assert repr(fields["b"].metadata) == "[MaxLen(max_length=2)]"
    assert (fields["b"].alias, fields["b"].default) == ("X-B", "x")
    merged = FieldInfo.merge_field_infos(Query(ge=1), Query(le=3, description="d"))
    assert repr(merged.metadata) == "[Ge(ge=1), Le(le=3)]" and merged.description == "d"


def test_markers_copy_with_their_own_attributes() -> None:
    import copy

    field = Header(ge=1, alias="x", convert_underscores=False, include_in_schema=False)
    for clone in (copy.copy(field), copy.deepcopy(field)):
        assert type(clone) is Header
        assert clone.convert_underscores is False and clone.include_in_schema is False
        assert clone.alias == "x" and repr(clone.metadata) == "[Ge(ge=1)]"


def test_depends_fields() -> None:
    assert [f.name for f in dataclasses.fields(Depends)] == ["dependency", "use_cache", "scope"]
    assert [f.name for f in dataclasses.fields(Security)] == [
        "dependency", "use_cache", "scope", "scopes"]
