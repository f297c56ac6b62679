"""openapi.models: a full document round-trips; each model keeps FastAPI's names and rules."""

from __future__ import annotations

import copy
import json

import pytest
from pydantic import ValidationError

from framework.encoders import jsonable_encoder
from openapi import constants
from openapi.models import (
    XML,
    APIKey,
    APIKeyIn,
    Components,
    Contact,
    Discriminator,
    Encoding,
    Example,
    ExternalDocumentation,
    Header,
    HTTPBase,
    HTTPBearer,
    Info,
    License,
    Link,
    MediaType,
    OAuth2,
    OAuthFlow,
    OAuthFlowAuthorizationCode,
    OAuthFlowClientCredentials,
    OAuthFlowImplicit,
    OAuthFlowPassword,
    OAuthFlows,
    OpenAPI,
    OpenIdConnect,
    Operation,
    Parameter,
    ParameterBase,
    ParameterInType,
    PathItem,
    Reference,
    RequestBody,
    Response,
    Schema,
    SecurityBase,
    SecuritySchemeType,
    Server,
    ServerVariable,
    Tag,
)

from ._document import DOCUMENT


def _canonical(data: object) -> str:
    return json.dumps(data, sort_keys=True)


def test_full_document_round_trips_through_model_dump() -> None:
    model = OpenAPI(**copy.deepcopy(DOCUMENT))
    out = model.model_dump(mode="json", by_alias=True, exclude_none=True)
    assert _canonical(out) == _canonical(DOCUMENT)


def test_full_document_round_trips_through_jsonable_encoder() -> None:
    # the emitter's path: jsonable_encoder(OpenAPI(**doc), by_alias=True, exclude_none=True)
    out = jsonable_encoder(OpenAPI(**copy.deepcopy(DOCUMENT)), by_alias=True, exclude_none=True)
    assert _canonical(out) == _canonical(DOCUMENT)


def test_document_parts_become_the_right_models() -> None:
    doc = OpenAPI(**copy.deepcopy(DOCUMENT))
    comps = doc.components
    assert isinstance(comps, Components)
    assert isinstance(doc.info, Info) and isinstance(doc.info.contact, Contact)
    assert isinstance(doc.info.license, License)
    assert doc.info.model_extra == {"x-logo": {"url": "https://example.com/logo.png"}}
    assert doc.servers is not None
    assert isinstance(doc.servers[1].variables["region"], ServerVariable)
    kinds = {name: type(s).__name__ for name, s in comps.securitySchemes.items()}
    assert kinds == {
        "OAuth2PasswordBearer": "OAuth2", "OAuth2All": "OAuth2", "APIKeyHeader": "APIKey",
        "APIKeyQuery": "APIKey", "APIKeyCookie": "APIKey", "HTTPBearer": "HTTPBearer",
        "HTTPBasic": "HTTPBase", "OpenIdConnect": "OpenIdConnect", "Alias": "Reference",
    }
    flows = comps.securitySchemes["OAuth2All"].flows
    assert isinstance(flows, OAuthFlows)
    assert isinstance(flows.implicit, OAuthFlowImplicit)
    assert isinstance(flows.password, OAuthFlowPassword)
    assert isinstance(flows.clientCredentials, OAuthFlowClientCredentials)
    assert isinstance(flows.authorizationCode, OAuthFlowAuthorizationCode)
    assert comps.securitySchemes["APIKeyCookie"].in_ is APIKeyIn.cookie
    # inside ``PathItem | Any`` pydantic's smart union may keep a path item as the plain dict
    # (FastAPI's models do the same for this one); the dump is identical either way
    item_path = PathItem(**copy.deepcopy(DOCUMENT["paths"]["/items/{item_id}"]))
    get = item_path.get
    assert isinstance(get, Operation)
    assert isinstance(get.externalDocs, ExternalDocumentation)
    assert [type(p).__name__ for p in get.parameters] == ["Parameter"] * 6 + ["Reference"]
    assert get.parameters[0].in_ is ParameterInType.path
    ok = get.responses["200"]
    assert isinstance(ok, Response)
    assert isinstance(ok.headers["X-Rate-Limit"], Header)
    assert isinstance(ok.headers["X-Trace"], Reference)
    assert isinstance(ok.links["owner"], Link) and isinstance(ok.links["self"], Reference)
    media = ok.content["application/json"]
    assert isinstance(media, MediaType) and isinstance(media.schema_, Schema)
    assert media.schema_.ref == "#/components/schemas/Item"
    assert media.examples["dog"] == {"summary": "Dog", "value": {"name": "Rex"},
                                     "x-origin": "manual"}
    assert isinstance(media.examples["cat"], Reference)
    upload = doc.paths["/upload"].post.requestBody
    assert isinstance(upload, RequestBody)
    assert isinstance(upload.content["multipart/form-data"].encoding["f"], Encoding)
    item = comps.schemas["Item"]
    assert isinstance(item.xml, XML)
    assert isinstance(item.properties["pet"].discriminator, Discriminator)
    assert isinstance(comps.callbacks["Shared"]["{$request.body#/url}"], PathItem)
    assert isinstance(doc.tags[0], Tag)


def test_schema_keywords_use_their_json_schema_aliases() -> None:
    doc = OpenAPI(**copy.deepcopy(DOCUMENT))
    everything = doc.components.schemas["Everything"]
    assert everything.schema_ == "https://json-schema.org/draft/2020-12/schema"
    assert everything.id == "https://example.com/everything"
    assert everything.defs["Anything"] is True
    assert everything.not_.required == ["c"]
    assert everything.if_.properties["kind"].const == "x"
    assert everything.then.required == ["x"]
    assert everything.else_ is False
    assert everything.anyOf[0] is True and everything.oneOf[1] is False
    assert everything.dependentRequired == {"a": {"b"}}
    assert everything.properties["n"].type == ["number", "null"]
    assert everything.properties["s"].model_extra == {"x-kind": "secret"}
    # aliases are the only input names, like FastAPI's models (no populate_by_name)
    assert Schema(**{"not": True}).not_ is True
    assert Schema(not_=True).not_ is None
    assert Schema(not_=True).model_extra == {"not_": True}


def test_schema_validates_its_numeric_keywords() -> None:
    with pytest.raises(ValidationError):
        Schema(minLength=-1)
    with pytest.raises(ValidationError):
        Schema(multipleOf=0)
    with pytest.raises(ValidationError):
        Schema(type="text")
    with pytest.raises(ValidationError):
        ServerVariable(default="x", enum=[])


def test_required_fields_and_defaults() -> None:
    with pytest.raises(ValidationError):
        Info(title="no version")
    with pytest.raises(ValidationError):
        Parameter(name="q")  # "in" is required
    with pytest.raises(ValidationError):
        Response()
    with pytest.raises(ValidationError):
        RequestBody()
    with pytest.raises(ValidationError):
        Reference()
    with pytest.raises(ValidationError):
        HTTPBearer(scheme="basic")
    dump = {"by_alias": True, "exclude_none": True, "mode": "json"}
    assert APIKey(**{"in": "query", "name": "k"}).model_dump(**dump) == {
        "type": "apiKey", "in": "query", "name": "k"}
    assert HTTPBase(scheme="basic").model_dump(**dump) == {"type": "http", "scheme": "basic"}
    assert HTTPBearer().model_dump(**dump) == {"type": "http", "scheme": "bearer"}
    assert OAuth2(flows=OAuthFlows()).model_dump(**dump) == {"type": "oauth2", "flows": {}}
    assert OpenIdConnect(openIdConnectUrl="u").model_dump(**dump) == {
        "type": "openIdConnect", "openIdConnectUrl": "u"}
    assert OAuthFlow().model_dump(**dump) == {"scopes": {}}
    assert SecurityBase(type="http").type_ is SecuritySchemeType.http
    assert Header().model_dump(**dump) == {}
    assert ParameterBase(**{"schema": {"type": "string"}}).model_dump(**dump) == {
        "schema": {"type": "string"}}


def test_closed_objects_drop_unknown_keys_open_ones_keep_them() -> None:
    assert Reference(**{"$ref": "#/x", "x-a": 1}).model_dump(by_alias=True) == {"$ref": "#/x"}
    assert Discriminator(propertyName="t", extra=1).model_dump() == {
        "propertyName": "t", "mapping": None}
    assert Tag(name="t", **{"x-order": 2}).model_dump(exclude_none=True) == {
        "name": "t", "x-order": 2}


def test_urls_are_validated_and_normalised_like_pydantic_does() -> None:
    assert str(Contact(url="https://example.com").url) == "https://example.com/"
    with pytest.raises(ValidationError):
        ExternalDocumentation(url="not a url")
    # a server URL may be relative: it is kept as the string it was
    assert Server(url="/api").url == "/api"
    assert Server(url="https://x.example.com").url == "https://x.example.com"


def test_example_is_an_open_typed_dict() -> None:
    from pydantic import TypeAdapter

    adapter = TypeAdapter(Example)
    assert adapter.validate_python({"summary": "s", "value": 1, "x-a": 2}) == {
        "summary": "s", "value": 1, "x-a": 2}


def test_constants() -> None:
    assert constants.METHODS_WITH_BODY == {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"}
    assert constants.REF_PREFIX == "#/components/schemas/"
    assert constants.REF_TEMPLATE.format(model="Item") == "#/components/schemas/Item"
