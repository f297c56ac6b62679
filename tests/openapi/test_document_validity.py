"""Every document the suite's programs produce validates against the OpenAPI 3.1 schema.

(openapi-spec-validator checks both the JSON Schema of OpenAPI 3.1 and the rules it
cannot express, such as unique operation ids and resolvable ``$ref``s.)
"""

from __future__ import annotations

import pytest

from ._programs import assert_valid, program_documents
from .test_document_programs import PROGRAMS

# FastAPI 0.165 describes streamed items with OpenAPI 3.2's ``itemSchema`` inside its 3.1.0
# document; Keel emits the same document, which validates as 3.2 (and only that keyword
# keeps it from validating as 3.1).
STREAMING = {"streams"}


@pytest.mark.parametrize("name", sorted(set(PROGRAMS) - STREAMING))
def test_document_is_valid_openapi_3_1(name: str) -> None:
    for document in program_documents(name).values():
        assert_valid(document)


def test_streaming_document_is_valid_openapi_3_2_and_3_1_but_for_item_schema() -> None:
    from openapi_spec_validator import OpenAPIV32SpecValidator
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    document = program_documents("streams")["app"]
    OpenAPIV32SpecValidator({**document, "openapi": "3.2.0"}).validate()
    with pytest.raises(OpenAPIValidationError, match="'itemSchema' was unexpected"):
        assert_valid(document)
    assert_valid(_item_schema_as_schema(document))


def _item_schema_as_schema(value: object) -> object:
    if isinstance(value, dict):
        return {("schema" if k == "itemSchema" else k): _item_schema_as_schema(v)
                for k, v in value.items()}
    if isinstance(value, list):
        return [_item_schema_as_schema(v) for v in value]
    return value


def test_expected_documents_are_valid_too() -> None:
    """A sanity check of the fixtures: an invalid document would fail here first."""
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    with pytest.raises(OpenAPIValidationError):
        assert_valid({"openapi": "3.1.0", "info": {"title": "x"}, "paths": {}})
