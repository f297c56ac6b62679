"""Parameters of every kind: constraints, aliases, examples, deprecation, models, hiding."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from framework import App, Cookie, Depends, Header, Path, Query

app = App()


class ModelName(str, Enum):
    alexnet = "alexnet"
    resnet = "resnet"
    lenet = "lenet"


class FilterParams(BaseModel):
    model_config = {"extra": "forbid"}

    limit: int = Field(100, gt=0, le=100)
    offset: int = Field(0, ge=0)
    order_by: Literal["created_at", "updated_at"] = "created_at"
    tags: list[str] = []


class CommonHeaders(BaseModel):
    host: str
    save_data: bool
    if_modified_since: str | None = None
    x_tag: list[str] = []


class Cookies(BaseModel):
    session_id: str
    fatebook_tracker: str | None = None


@app.get("/models/{model_name}")
async def get_model(model_name: ModelName):
    return {"model_name": model_name}


@app.get("/items/{item_id}")
async def read_items(
    item_id: Annotated[int, Path(title="The ID of the item to get", ge=0, le=1000)],
    q: Annotated[
        str | None,
        Query(
            alias="item-query",
            title="Query string",
            description="Query string for the items to search in the database",
            min_length=3,
            max_length=50,
            pattern="^fixedquery$",
            deprecated=True,
        ),
    ] = None,
    size: Annotated[float, Query(gt=0, lt=10.5, multiple_of=0.5)] = 1.0,
    hidden_query: Annotated[str | None, Query(include_in_schema=False)] = None,
    when: date | None = None,
    ident: UUID | None = None,
):
    return {}


@app.get("/list/")
async def read_list(
    q: Annotated[list[str] | None, Query(title="Qs", max_length=4)] = None,
    ids: Annotated[list[int], Query(openapi_examples={
        "one": {"summary": "One id", "value": [1]},
        "many": {"summary": "Some ids", "description": "Several", "value": [1, 2, 3]},
    })] = [],
    flag: bool = False,
):
    return {}


@app.get("/headers/")
async def read_headers(
    user_agent: Annotated[str | None, Header()] = None,
    strange_header: Annotated[str | None, Header(convert_underscores=False)] = None,
    x_token: Annotated[list[str] | None, Header(description="Tokens")] = None,
    ads_id: Annotated[str | None, Cookie(examples=["abc"])] = None,
):
    return {}


@app.get("/filter/")
async def read_filter(filter_query: Annotated[FilterParams, Query()]):
    return filter_query


@app.get("/header-model/")
async def read_header_model(headers: Annotated[CommonHeaders, Header()]):
    return headers


@app.get("/cookie-model/")
async def read_cookie_model(cookies: Annotated[Cookies, Cookie()]):
    return cookies


def pagination(skip: int = 0, limit: Annotated[int, Query(le=50)] = 10) -> dict[str, int]:
    return {"skip": skip, "limit": limit}


def token(x_key: Annotated[str, Header()], skip: int = 0) -> str:
    return x_key


@app.get("/deps/{kind}", dependencies=[Depends(token)])
async def read_deps(
    kind: Literal["a", "b"],
    page: Annotated[dict[str, int], Depends(pagination)],
    again: Annotated[dict[str, int], Depends(pagination)],
    skip: int,
):
    return page
