"""A hand-written OpenAPI 3.1 document that uses every object of ``openapi.models``.

Its core is what FastAPI emits for a small shop app (path/query/header/cookie parameters,
a JSON body with a discriminated union, a multipart upload, callbacks, webhooks, every
security scheme kind); around it are the objects FastAPI never emits by itself (links,
encodings, XML, server variables, reusable components, JSON Schema 2020-12 keywords) and
``x-`` extensions on every open object. URLs are written in pydantic's normal form
(``https://example.com/``) so the round trip is exact.
"""

from __future__ import annotations

from typing import Any

ERROR_422 = {
    "description": "Validation Error",
    "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}
    },
}
ITEM_JSON = {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}

DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "Shop",
        "summary": "A shop",
        "description": "Sells **things**.",
        "termsOfService": "https://example.com/terms",
        "contact": {"name": "Support", "url": "https://example.com/support",
                    "email": "support@example.com", "x-team": "core"},
        "license": {"name": "MIT", "identifier": "MIT", "x-spdx": True},
        "version": "1.2.3",
        "x-logo": {"url": "https://example.com/logo.png"},
    },
    "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
    "servers": [
        {"url": "https://api.example.com", "description": "prod"},
        {
            "url": "https://{region}.example.com/{base}",
            "description": "regional",
            "variables": {
                "region": {"enum": ["eu", "us"], "default": "eu", "description": "Region"},
                "base": {"default": "v1", "x-internal": False},
            },
        },
        {"url": "/api/v1"},
    ],
    "paths": {
        "/items/{item_id}": {
            "summary": "One item",
            "description": "Read or replace one item.",
            "parameters": [{"$ref": "#/components/parameters/Locale"}],
            "get": {
                "tags": ["items"],
                "summary": "Read Item",
                "description": "Reads an item.",
                "externalDocs": {"description": "More", "url": "https://docs.example.com/items"},
                "operationId": "read_item_items__item_id__get",
                "deprecated": True,
                "security": [{"OAuth2PasswordBearer": ["items:read"]}],
                "parameters": [
                    {"name": "item_id", "in": "path", "required": True,
                     "schema": {"type": "integer", "minimum": 1, "title": "Item Id"}},
                    {"name": "q", "in": "query", "required": False,
                     "schema": {"anyOf": [{"type": "string", "maxLength": 5}, {"type": "null"}],
                                "deprecated": True, "title": "Q"},
                     "examples": {"a": {"summary": "A", "value": "x"}}, "deprecated": True},
                    {"name": "x-token", "in": "header", "required": False,
                     "schema": {"type": "string", "default": "t", "title": "X-Token"}},
                    {"name": "session", "in": "cookie", "required": False,
                     "schema": {"anyOf": [{"type": "string"}, {"type": "null"}],
                                "title": "Session"}},
                    {"name": "ids", "in": "query", "style": "form", "explode": False,
                     "allowReserved": True, "example": [1, 2],
                     "schema": {"type": "array", "items": {"type": "integer"}, "maxItems": 10,
                                "minItems": 1, "uniqueItems": True}},
                    {"name": "filter", "in": "query",
                     "content": {"application/json": {"schema": {"type": "object"}}},
                     "x-example-note": "JSON in a query"},
                    {"$ref": "#/components/parameters/Limit"},
                ],
                "responses": {
                    "200": {
                        "description": "Successful Response",
                        "headers": {
                            "X-Rate-Limit": {"description": "Calls left",
                                             "schema": {"type": "integer"}},
                            "X-Trace": {"$ref": "#/components/headers/Trace"},
                        },
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Item"},
                                "examples": {
                                    "cat": {"$ref": "#/components/examples/CatItem"},
                                    "dog": {"summary": "Dog", "value": {"name": "Rex"},
                                            "x-origin": "manual"},
                                },
                            },
                            "application/xml": {
                                "schema": {"$ref": "#/components/schemas/Item"},
                                "example": "<item/>",
                            },
                        },
                        "links": {
                            "owner": {"operationId": "read_owner", "parameters":
                                      {"id": "$response.body#/owner"},
                                      "requestBody": {"a": 1}, "description": "Owner",
                                      "server": {"url": "https://owners.example.com"}},
                            "self": {"$ref": "#/components/links/Self"},
                        },
                    },
                    "404": {"$ref": "#/components/responses/NotFound"},
                    "422": ERROR_422,
                },
            },
            "put": {
                "operationId": "replace_item",
                "requestBody": {"$ref": "#/components/requestBodies/ItemBody"},
                "responses": {"204": {"description": "Replaced"}},
                "servers": [{"url": "https://write.example.com"}],
            },
            "delete": {"responses": {"204": {"description": "Gone"}}, "security": []},
            "options": {"responses": {"200": {"description": "OK"}}},
            "head": {"responses": {"200": {"description": "OK"}}},
            "patch": {"responses": {"default": {"description": "Anything"}}},
            "trace": {"responses": {"200": {"description": "Echo"}}},
            "servers": [{"url": "https://items.example.com"}],
            "x-path-ext": 1,
        },
        "/items/": {
            "post": {
                "summary": "Create Item",
                "operationId": "create_item_items__post",
                "requestBody": {"content": ITEM_JSON, "required": True},
                "responses": {
                    "201": {"description": "Successful Response", "content": ITEM_JSON},
                    "404": {"description": "Nope"},
                    "422": ERROR_422,
                },
                "callbacks": {
                    "invoice_notification": {
                        "{$callback_url}/invoices/{$request.body.id}": {
                            "post": {
                                "summary": "Invoice Notification",
                                "operationId": "invoice_notification__callback_url__invoices"
                                               "___request_body_id__post",
                                "requestBody": {"content": ITEM_JSON, "required": True},
                                "responses": {
                                    "200": {"description": "Successful Response",
                                            "content": {"application/json": {"schema": {}}}},
                                    "422": ERROR_422,
                                },
                            }
                        }
                    },
                    "shared": {"$ref": "#/components/callbacks/Shared"},
                },
                "security": [{"APIKeyHeader": []}, {"HTTPBearer": []}, {"HTTPBasic": []},
                             {"OpenIdConnect": []}],
                "x-codegen": {"name": "create"},
            }
        },
        "/upload": {
            "post": {
                "summary": "Upload",
                "operationId": "upload_upload_post",
                "requestBody": {
                    "description": "A file and a note",
                    "content": {
                        "multipart/form-data": {
                            "schema": {"$ref": "#/components/schemas/Body_upload_upload_post"},
                            "encoding": {
                                "f": {"contentType": "image/png",
                                      "headers": {"X-Checksum": {"schema": {"type": "string"},
                                                                 "required": True},
                                                  "X-Ref": {"$ref": "#/components/headers/Trace"}},
                                      "x-max": 10},
                                "note": {"style": "form", "explode": True,
                                         "allowReserved": False},
                            },
                        }
                    },
                    "required": True,
                },
                "responses": {
                    "200": {"description": "Successful Response",
                            "content": {"application/json": {"schema": {}}}},
                    "422": ERROR_422,
                },
            }
        },
        "/legacy": {"$ref": "#/components/pathItems/Legacy"},
        "x-paths-ext": {"note": "extensions may sit among paths"},
    },
    "webhooks": {
        "new-item": {
            "post": {
                "summary": "New Item",
                "operationId": "new_itemnew_item_post",
                "requestBody": {"content": ITEM_JSON, "required": True},
                "responses": {
                    "200": {"description": "Successful Response",
                            "content": {"application/json": {"schema": {}}}},
                    "422": ERROR_422,
                },
            }
        },
        "old-item": {"$ref": "#/components/pathItems/Legacy"},
    },
    "components": {
        "schemas": {
            "Body_upload_upload_post": {
                "properties": {
                    "f": {"type": "string", "contentMediaType": "application/octet-stream",
                          "title": "F"},
                    "note": {"type": "string", "title": "Note"},
                },
                "type": "object",
                "required": ["f", "note"],
                "title": "Body_upload_upload_post",
            },
            "Cat": {
                "properties": {
                    "pet_type": {"type": "string", "const": "cat", "title": "Pet Type"},
                    "meows": {"type": "integer", "title": "Meows"},
                },
                "type": "object",
                "required": ["pet_type", "meows"],
                "title": "Cat",
            },
            "Dog": {
                "properties": {
                    "pet_type": {"type": "string", "const": "dog", "title": "Pet Type"},
                    "barks": {"type": "number", "title": "Barks"},
                },
                "type": "object",
                "required": ["pet_type", "barks"],
                "title": "Dog",
            },
            "HTTPValidationError": {
                "properties": {
                    "detail": {"items": {"$ref": "#/components/schemas/ValidationError"},
                               "type": "array", "title": "Detail"}
                },
                "type": "object",
                "title": "HTTPValidationError",
            },
            "Item": {
                "properties": {
                    "name": {"type": "string", "title": "Name", "examples": ["Foo"]},
                    "price": {"type": "number", "exclusiveMinimum": 0.0, "title": "Price"},
                    "tags": {"items": {"type": "string"}, "type": "array", "title": "Tags",
                             "default": []},
                    "pet": {
                        "oneOf": [{"$ref": "#/components/schemas/Cat"},
                                  {"$ref": "#/components/schemas/Dog"}],
                        "title": "Pet",
                        "discriminator": {
                            "propertyName": "pet_type",
                            "mapping": {"cat": "#/components/schemas/Cat",
                                        "dog": "#/components/schemas/Dog"},
                        },
                    },
                },
                "type": "object",
                "required": ["name", "price", "pet"],
                "title": "Item",
                "xml": {"name": "item", "namespace": "https://example.com/ns", "prefix": "ex",
                        "attribute": False, "wrapped": True},
                "externalDocs": {"url": "https://docs.example.com/item"},
                "example": {"name": "Foo", "price": 1.5},
            },
            "ValidationError": {
                "properties": {
                    "loc": {"items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                            "type": "array", "title": "Location"},
                    "msg": {"type": "string", "title": "Message"},
                    "type": {"type": "string", "title": "Error Type"},
                    "input": {"title": "Input"},
                    "ctx": {"type": "object", "title": "Context"},
                },
                "type": "object",
                "required": ["loc", "msg", "type"],
                "title": "ValidationError",
            },
            "Everything": {
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "$vocabulary": "https://json-schema.org/draft/2020-12/vocab/core",
                "$id": "https://example.com/everything",
                "$anchor": "top",
                "$dynamicAnchor": "node",
                "$dynamicRef": "#node",
                "$comment": "Uses every keyword",
                "$defs": {"Positive": {"type": "integer", "exclusiveMinimum": 0.0},
                          "Anything": True},
                "allOf": [{"type": "object"}],
                "anyOf": [True, {"required": ["a"]}],
                "oneOf": [{"required": ["b"]}, False],
                "not": {"required": ["c"]},
                "if": {"properties": {"kind": {"const": "x"}}},
                "then": {"required": ["x"]},
                "else": False,
                "dependentSchemas": {"a": {"required": ["b"]}},
                "properties": {
                    "tuple": {"type": "array", "prefixItems": [{"type": "string"}],
                              "items": False, "contains": {"type": "string"},
                              "maxContains": 2, "minContains": 1,
                              "unevaluatedItems": False},
                    "n": {"type": ["number", "null"], "multipleOf": 0.5, "maximum": 10.0,
                          "exclusiveMaximum": 11.0, "minimum": -1.0, "default": 1,
                          "readOnly": True},
                    "s": {"type": "string", "maxLength": 9, "minLength": 1,
                          "pattern": "^[a-z]+$", "format": "email", "writeOnly": True,
                          "contentEncoding": "base64", "contentMediaType": "image/png",
                          "contentSchema": {"type": "string"}, "enum": ["a", "b"],
                          "x-kind": "secret"},
                    "ref": {"$ref": "#/components/schemas/Item", "description": "Ref'd"},
                },
                "patternProperties": {"^x-": {"type": "string"}},
                "additionalProperties": {"type": "integer"},
                "propertyNames": {"maxLength": 20},
                "unevaluatedProperties": False,
                "maxProperties": 9,
                "minProperties": 0,
                "dependentRequired": {"a": ["b"]},
                "deprecated": False,
                "examples": [{"a": 1, "b": 2}],
            },
            "Aliased": {"$ref": "#/components/schemas/Item"},
        },
        "responses": {
            "NotFound": {"description": "Not found",
                         "content": {"application/json": {"schema": {"type": "object"}}}},
            "Moved": {"$ref": "#/components/responses/NotFound"},
        },
        "parameters": {
            "Locale": {"name": "locale", "in": "header", "description": "Language",
                       "schema": {"type": "string"}},
            "Limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}},
            "Alias": {"$ref": "#/components/parameters/Limit"},
        },
        "examples": {
            "CatItem": {"summary": "A cat", "description": "Meows",
                        "value": {"name": "Tom", "pet": {"pet_type": "cat", "meows": 3}}},
            "External": {"externalValue": "https://example.com/examples/item.json"},
            "Alias": {"$ref": "#/components/examples/CatItem"},
        },
        "requestBodies": {
            "ItemBody": {"description": "An item", "content": ITEM_JSON, "required": True},
            "Alias": {"$ref": "#/components/requestBodies/ItemBody"},
        },
        "headers": {
            "Trace": {"description": "Trace id", "required": False,
                      "schema": {"type": "string", "format": "uuid"}},
            "Alias": {"$ref": "#/components/headers/Trace"},
        },
        "securitySchemes": {
            "OAuth2PasswordBearer": {
                "type": "oauth2",
                "flows": {"password": {"scopes": {"items:read": "Read items"},
                                       "tokenUrl": "token"}},
            },
            "OAuth2All": {
                "type": "oauth2",
                "description": "Every flow",
                "flows": {
                    "implicit": {"authorizationUrl": "https://auth.example.com/authorize",
                                 "scopes": {}},
                    "password": {"tokenUrl": "https://auth.example.com/token",
                                 "refreshUrl": "https://auth.example.com/refresh",
                                 "scopes": {"me": "Me"}},
                    "clientCredentials": {"tokenUrl": "https://auth.example.com/token",
                                          "scopes": {}},
                    "authorizationCode": {
                        "authorizationUrl": "https://auth.example.com/authorize",
                        "tokenUrl": "https://auth.example.com/token",
                        "scopes": {"admin": "Admin"},
                        "x-pkce": True,
                    },
                },
            },
            "APIKeyHeader": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
            "APIKeyQuery": {"type": "apiKey", "in": "query", "name": "key"},
            "APIKeyCookie": {"type": "apiKey", "in": "cookie", "name": "session",
                             "description": "Session cookie"},
            "HTTPBearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
            "HTTPBasic": {"type": "http", "scheme": "basic"},
            "OpenIdConnect": {
                "type": "openIdConnect",
                "openIdConnectUrl": "https://id.example.com/.well-known/openid-configuration",
            },
            "Alias": {"$ref": "#/components/securitySchemes/HTTPBasic"},
        },
        "links": {
            "Self": {"operationRef": "#/paths/~1items~1{item_id}/get",
                     "parameters": {"item_id": "$response.body#/id"}},
            "Alias": {"$ref": "#/components/links/Self"},
        },
        "callbacks": {
            "Shared": {
                "{$request.body#/url}": {
                    "post": {"responses": {"200": {"description": "Received"}}}
                }
            },
            "Alias": {"$ref": "#/components/callbacks/Shared"},
        },
        "pathItems": {
            "Legacy": {"get": {"summary": "Legacy", "responses": {"410": {"description": "Gone"}}}},
            "Alias": {"$ref": "#/components/pathItems/Legacy"},
        },
        "x-components-ext": "kept",
    },
    "security": [{"HTTPBearer": []}, {"OAuth2All": ["me", "admin"]}, {}],
    "tags": [
        {"name": "items", "description": "Items",
         "externalDocs": {"description": "Item docs", "url": "https://docs.example.com/"}},
        {"name": "bare"},
    ],
    "externalDocs": {"description": "Handbook", "url": "https://docs.example.com/handbook"},
    "x-generator": "hand",
}
