"""Run a ``Plan`` for one request: gather inputs, validate once, call the dependencies.

The fast path validates every value of the tree in one pydantic call and then calls the
steps in order. When validation fails, the slow path replays FastAPI's order exactly:
each dependency is validated on its own and called if it and its sub-dependencies are
valid (so an auth dependency still answers 401 before the endpoint's 422), and every error
is reported together at the end.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import AsyncExitStack
from typing import Any

from pydantic import BaseModel, ValidationError

from asgi_core.concurrency import run_in_threadpool
from framework.dependencies.json_wording import json_worded_types
from framework.dependencies.models import SecurityScopes, SpecialKind
from framework.dependencies.plan import (
    SRC_SCOPES,
    SRC_SPECIAL,
    SRC_STEP,
    BodyMode,
    FieldSpec,
    Plan,
    Step,
)
from framework.exceptions import RequestValidationError

__all__ = ["RequestInputs", "json_decode_error", "solve", "solve_lone", "solve_lone_body"]


class RequestInputs:
    """What a request offers the plan: the connection, the read body, the special objects."""

    __slots__ = (
        "background",
        "body",
        "connection",
        "content_type",
        "form",
        "function_stack",
        "response",
        "strict_content_type",
    )

    def __init__(
        self,
        connection: Any,
        *,
        body: bytes | None = None,
        form: Any = None,
        content_type: str | None = None,
        response: Any = None,
        background: Any = None,
        strict_content_type: bool = True,
    ) -> None:
        self.connection = connection
        self.strict_content_type = strict_content_type
        self.function_stack: AsyncExitStack | None = None
        self.body = body
        self.form = form
        self.content_type = content_type
        self.response = response
        self.background = background


def _location_source(connection: Any, location: str) -> Any:
    if location == "query":
        return connection.query_params
    if location == "header":
        return connection.headers
    if location == "cookie":
        return connection.cookies
    return connection.scope.get("path_params", {})


def _whole(source: Any, spec: FieldSpec) -> dict[str, Any]:
    """Everything at the location, the model's own keys first (FastAPI's input order)."""
    renames = spec.renames
    seq_keys = spec.seq_keys
    multi = hasattr(source, "getlist")
    out: dict[str, Any] = {}
    for key in spec.known:
        if key in source:
            value = source.getlist(key) if multi and key in seq_keys else source[key]
            out[renames.get(key, key)] = value
    lower = spec.location == "header"
    for key in source:
        name = key.lower() if lower else key
        if name in spec.known:
            continue
        out[name] = source.getlist(key) if multi and name in seq_keys else source[key]
    return out


def _lookup(source: Any, spec: FieldSpec) -> Any:
    if spec.is_sequence and hasattr(source, "getlist"):
        values = source.getlist(spec.lookup)
        return values if values else None
    return source.get(spec.lookup)


def _fill(inputs: dict[str, Any], spec: FieldSpec, source: Any) -> None:
    location = spec.location
    if spec.whole:
        inputs[location] = _whole(source, spec)
        return
    bucket = inputs.get(location)
    if bucket is None:
        bucket = inputs[location] = {}
    value = _lookup(source, spec)
    if value is not None:
        bucket[spec.alias] = value


def gather(
    plan: Plan, request: RequestInputs, fields: list[FieldSpec], body: Any
) -> dict[str, Any]:
    """The dict the plan's model validates: ``{"query": {...}, "header": {...}, "body": ...}``."""
    connection = request.connection
    inputs: dict[str, Any] = {}
    sources: dict[str, Any] = {}
    for spec in fields:
        location = spec.location
        if location == "body":
            continue
        source = sources.get(location)
        if source is None:
            source = sources[location] = _location_source(connection, location)
        _fill(inputs, spec, source)
    if body is not _NO_BODY:
        inputs["body"] = body
    return inputs


_NO_BODY = object()


def json_decode_error(raw: bytes) -> RequestValidationError:
    """FastAPI's 422 for a JSON body that does not parse (Python's json wording)."""
    try:
        json.loads(raw)
    except json.JSONDecodeError as exc:
        error = {
            "type": "json_invalid",
            "loc": ("body", exc.pos),
            "msg": "JSON decode error",
            "input": {},
            "ctx": {"error": exc.msg},
        }
        return RequestValidationError([error], body=exc.doc)
    except (UnicodeDecodeError, ValueError) as exc:
        error = {
            "type": "json_invalid",
            "loc": ("body", 0),
            "msg": "JSON decode error",
            "input": {},
            "ctx": {"error": str(exc)},
        }
        return RequestValidationError([error], body=raw)
    return RequestValidationError([], body=raw)


def _is_json(content_type: str | None, strict: bool = True) -> bool:
    """JSON media types; a missing Content-Type counts only when ``strict`` is off."""
    if not content_type:
        return not strict
    known = _JSON_TYPES.get(content_type)
    if known is None:
        if len(_JSON_TYPES) >= 256:
            _JSON_TYPES.clear()  # bounded: clients choose these strings
        known = _JSON_TYPES[content_type] = _is_json_type(content_type)
    return known


_JSON_TYPES: dict[str, bool] = {}


def _is_json_type(content_type: str) -> bool:
    main = content_type.partition(";")[0].strip().lower()
    if main == "application/json":
        return True
    maintype, _, subtype = main.partition("/")
    return maintype == "application" and (subtype == "json" or subtype.endswith("+json"))


def _body_input(plan: Plan, request: RequestInputs) -> tuple[Any, str]:
    """(the body value the model reads, which model variant reads it)."""
    mode = plan.body_mode
    if mode == BodyMode.NONE:
        return _NO_BODY, "fast"
    if mode == BodyMode.FORM:
        return _form_input(plan, request.form), "raw"
    raw = request.body or b""
    is_json = _is_json(request.content_type, request.strict_content_type)
    if mode == BodyMode.JSON_SINGLE:
        if not raw:
            return _NO_BODY, "fast"
        if not is_json:
            return raw, "raw"
        if not plan.validates_strictly():
            return raw, "fast"  # parsed and validated by pydantic in one go
    elif not raw:
        return {}, "raw"
    elif not is_json:
        return raw, "raw"
    try:
        return json.loads(raw), "raw"
    except ValueError:
        raise json_decode_error(raw) from None


def _form_input(plan: Plan, form: Any) -> dict[str, Any]:
    if form is None:
        return {}
    out: dict[str, Any] = {}
    for spec in plan.fields:
        if spec.location != "body":
            continue
        if spec.whole:
            out.update(_whole(form, spec))
            continue
        value = form.getlist(spec.alias) if spec.is_sequence else form.get(spec.alias)
        if value is None or value == [] or value == "":
            continue
        out[spec.alias] = value
    return out


async def _read_file_bytes(plan: Plan, form_input: dict[str, Any]) -> None:
    """``File()`` parameters typed ``bytes`` receive the upload's content, not the file."""
    for spec in plan.fields:
        if not spec.read_bytes or spec.alias not in form_input:
            continue
        value = form_input[spec.alias]
        if isinstance(value, list):
            form_input[spec.alias] = [await _content(v) for v in value]
        else:
            form_input[spec.alias] = await _content(value)


async def _content(value: Any) -> Any:
    read = getattr(value, "read", None)
    if read is None:
        return value
    data = await read()
    return data.encode() if isinstance(data, str) else data


def clean_errors(plan: Plan, errors: list[Any]) -> list[dict[str, Any]]:
    """pydantic's errors as FastAPI reports them (a missing parameter's input is None)."""
    direct = plan.direct_locs
    renamed = plan.renamed_locs
    out = []
    for err in errors:
        err.pop("url", None)
        loc = tuple(err["loc"])
        if err["type"] == "missing" and loc in direct:
            err["input"] = None
        if len(loc) > 1 and loc[:2] in renamed:
            err["loc"] = (loc[0], renamed[loc[:2]], *loc[2:])
        out.append(err)
    return out


async def _call(
    step: Step, kwargs: dict[str, Any], stack: AsyncExitStack | None, request: RequestInputs
) -> Any:
    kind = step.kind
    if kind == "async":
        return await step.call(**kwargs)
    if kind == "sync":
        return await run_in_threadpool(step.call, **kwargs)
    if step.function_scoped and request.function_stack is not None:
        stack = request.function_stack
    if stack is None:
        raise RuntimeError(f"{step.call!r} is a generator dependency but no exit stack was given")
    factory: Any = step.manager
    if kind == "agen":
        return await stack.enter_async_context(factory(**kwargs))
    manager = factory(**kwargs)
    value = await run_in_threadpool(manager.__enter__)

    async def leave(*exc_info: Any) -> bool | None:
        return await run_in_threadpool(manager.__exit__, *exc_info)

    stack.push_async_exit(leave)
    return value


def _kwargs(
    step: Step, values: Any, results: list[Any], request: RequestInputs
) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    for name, source, key in step.args:
        if source == SRC_STEP:
            kwargs[name] = results[key]
        elif source == SRC_SPECIAL:
            kwargs[name] = _special(request, key)
        elif source == SRC_SCOPES:
            kwargs[name] = SecurityScopes(key)
        else:
            kwargs[name] = getattr(values, key)
    return kwargs


def _special(request: RequestInputs, kind: str) -> Any:
    if kind == SpecialKind.RESPONSE:
        return request.response
    if kind == SpecialKind.BACKGROUND_TASKS:
        return request.background
    return request.connection


async def solve(
    plan: Plan,
    request: RequestInputs,
    stack: AsyncExitStack | None,
    *,
    error_class: Callable[..., Exception] = RequestValidationError,
) -> dict[str, Any]:
    """Validate and run every dependency; return the endpoint's keyword arguments."""
    body, variant = _body_input(plan, request)
    if plan.reads_file_bytes:
        await _read_file_bytes(plan, body)
    model = plan.model(variant)
    values: Any = None
    if model is not None:
        try:
            # What model_validate does, minus its Python wrapper.
            values = model.__pydantic_validator__.validate_python(
                gather(plan, request, plan.fields, body), from_attributes=True
            )
        except ValidationError as exc:
            found = exc.errors(include_url=False)  # built once: it is not cheap
            if variant == "fast" and _has_json_invalid(found):
                raise json_decode_error(request.body or b"") from None
            if len(plan.steps) == 1:
                # No dependency could run first or answer otherwise: these are the errors.
                errors = clean_errors(plan, list(found))
                if error_class is RequestValidationError:
                    # The parsed body only if someone reads ``exc.body``.
                    raise RequestValidationError.deferred(
                        errors, lambda: _error_body(_parsed_body(plan, request, body))
                    ) from None
                seen = _error_body(_parsed_body(plan, request, body))
                raise error_class(errors, body=seen) from None
            return await _solve_slowly(plan, request, stack, body, error_class)
    steps = plan.steps
    results: list[Any] = [None] * len(steps)
    last = len(steps) - 1
    for index in range(last):
        step = steps[index]
        kwargs = _kwargs(step, values, results, request)
        if step.kind == "async":
            results[index] = await step.call(**kwargs)
        else:
            results[index] = await _call(step, kwargs, stack, request)
    return _kwargs(steps[last], values, results, request)


def solve_lone(plan: Plan, request: RequestInputs) -> dict[str, Any] | None:
    """``solve`` for an endpoint whose only input is one JSON body model
    (``Plan.lone_body``), validated straight from the bytes; ``None``: ``solve`` it.

    A plain function (no coroutine to make) that raises the 422 itself, except for errors
    the plan model would word otherwise for JSON input: then it returns ``None`` and
    ``solve`` validates again and reports."""
    if plan.lone_body is None:
        return None
    return solve_lone_body(plan, request.body, request.content_type, request.strict_content_type)


def solve_lone_body(
    plan: Plan, raw: bytes | None, content_type: str | None, strict_content_type: bool
) -> dict[str, Any] | None:
    """``solve_lone`` from the body's bytes and Content-Type (no ``RequestInputs``)."""
    lone = plan.lone_body
    if lone is None or not raw or not _is_json(content_type, strict_content_type):
        return None
    name, validate_json = lone
    try:
        return {name: validate_json(raw)}
    except ValidationError as exc:
        _lone_body_errors(plan, raw, exc)
        return None


def _lone_body_errors(plan: Plan, raw: bytes, exc: ValidationError) -> None:
    """Raise the 422 for errors from ``Plan.lone_body``, as the plan model reports them
    (under ``body``); return when one of them would be worded otherwise for JSON input,
    so the plan model validates again and words them."""
    found = exc.errors(include_url=False)
    worded = json_worded_types()
    if any(error["type"] in worded for error in found):
        return
    for error in found:
        error["loc"] = ("body", *error["loc"])
    errors = clean_errors(plan, list(found))
    # ``exc.body`` is the parsed JSON, as the slow path gives it (the bytes were valid
    # JSON: a parse error is worded for JSON and never gets here).
    raise RequestValidationError.deferred(errors, lambda: json.loads(raw)) from None


def _has_json_invalid(errors: list[Any]) -> bool:
    return any(e["type"] == "json_invalid" and tuple(e["loc"]) == ("body",) for e in errors)


async def _solve_slowly(
    plan: Plan,
    request: RequestInputs,
    stack: AsyncExitStack | None,
    body: Any,
    error_class: Callable[..., Exception],
) -> dict[str, Any]:
    body = _parsed_body(plan, request, body)
    errors: list[Any] = []
    failed: set[int] = set()
    results: list[Any] = [None] * len(plan.steps)
    last = len(plan.steps) - 1
    for index, step in enumerate(plan.steps):
        values, step_errors = _validate_step(plan, index, request, body)
        if step_errors:
            errors.extend(step_errors)
            failed.add(index)
            continue
        if any(dep in failed for dep in step.deps):
            failed.add(index)
            continue
        if index == last:
            break
        results[index] = await _call(step, _kwargs(step, values, results, request), stack, request)
    if errors:
        raise error_class(clean_errors(plan, errors), body=_error_body(body))
    return _kwargs(plan.steps[last], values, results, request)


def _parsed_body(plan: Plan, request: RequestInputs, body: Any) -> Any:
    """The body as the slow path sees it (JSON parsed), for ``RequestValidationError.body``."""
    is_json = _is_json(request.content_type, request.strict_content_type)
    if isinstance(body, bytes) and plan.body_mode == BodyMode.JSON_SINGLE and is_json:
        return json.loads(body)
    return body


def _error_body(body: Any) -> Any:
    return None if body is _NO_BODY else body


def _validate_step(
    plan: Plan, index: int, request: RequestInputs, body: Any
) -> tuple[BaseModel | None, list[Any]]:
    model = plan.step_model(index)
    if model is None:
        return None, []
    try:
        inputs = gather(plan, request, plan.steps[index].fields, body)
        return model.model_validate(inputs, from_attributes=True), []
    except ValidationError as exc:
        return None, list(exc.errors(include_url=False))
