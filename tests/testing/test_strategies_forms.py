"""testing.strategies: form and file bodies, string formats; check_app over them."""

from __future__ import annotations

import datetime
import uuid
from typing import Annotated

from hypothesis import given, settings
from pydantic import BaseModel

from framework import App, File, Form, UploadFile
from testing.check import check_app
from testing.strategies import invalid_requests, operations, valid_requests

APP = App()


@APP.post("/login")
async def login(username: Annotated[str, Form(max_length=5)],
                password: Annotated[str, Form()]):
    return {"username": username}


@APP.post("/upload")
async def upload(file: Annotated[UploadFile, File()], note: Annotated[str, Form()] = "n"):
    return {"name": file.filename, "size": len(await file.read()), "note": note}


class Event(BaseModel):
    at: datetime.datetime
    day: datetime.date
    id: uuid.UUID


@APP.post("/events", response_model=Event)
async def event(item: Event) -> Event:
    return item


def test_form_and_file_bodies_are_described():
    found = {str(op): op.body for op in operations(APP)}
    assert found["POST /login"]["media_type"] == "application/x-www-form-urlencoded"
    assert found["POST /login"]["files"] == []
    assert found["POST /upload"]["media_type"] == "multipart/form-data"
    assert found["POST /upload"]["files"] == ["file"]
    assert "media_type" not in found["POST /events"]


@settings(max_examples=40, deadline=None)
@given(case=valid_requests(APP, only=["POST /login", "POST /upload"]))
def test_valid_form_cases_send_data_and_files(case):
    kwargs = case.kwargs()
    assert "json" not in kwargs
    if case.operation.path == "/login":
        assert set(kwargs["data"]) == {"username", "password"}
        assert kwargs["data"]["username"] != "" and len(kwargs["data"]["username"]) <= 5
        assert "files" not in kwargs
    else:
        assert [name for name, _ in kwargs["files"]] == ["file"]
        assert kwargs["files"][0][1][0] == "file.bin"


@settings(max_examples=40, deadline=None)
@given(case=invalid_requests(APP, only=["POST /login"]))
def test_invalid_form_cases_break_a_field_as_text(case):
    assert case.broken in ("required body missing", "body: a value that is not object",
                           "body: required property 'username' missing",
                           "body: required property 'password' missing",
                           "body: property 'username': maxLength broken")
    kwargs = case.kwargs()
    if case.broken == "body: a value that is not object":
        assert kwargs["content"] == "not-a-object"
        assert kwargs["headers"] == {"content-type": "application/x-www-form-urlencoded"}


@settings(max_examples=30, deadline=None)
@given(case=valid_requests(APP, only=["POST /events"]))
def test_formatted_strings_parse(case):
    datetime.datetime.fromisoformat(case.body["at"])
    datetime.date.fromisoformat(case.body["day"])
    uuid.UUID(case.body["id"])


def test_check_app_passes_forms_files_and_formats():
    for backend in ("asyncio", "trio"):
        check_app(APP, max_examples=25, backend=backend)
