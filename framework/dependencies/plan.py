"""Flatten a ``Dependant`` tree into the plan a request runs (built once per route).

The plan is a list of ``Step``s in call order (sub-dependencies first; a dependency used
twice with ``use_cache=True`` is one step), plus one pydantic model that validates every
path, query, header, cookie and body value of the whole tree in a single call. Each model
field reads its input through an ``AliasPath(location, alias)``, so pydantic's error ``loc``
is FastAPI's ``("query", "q")`` without any rewriting.
"""

from __future__ import annotations

import inspect
import weakref
from collections.abc import Callable
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from typing import Any, get_args

from pydantic import AliasPath, BaseModel, ConfigDict, Json, create_model
from pydantic.fields import FieldInfo

from framework._typing import split_annotated, strip_optional
from framework.dependencies.models import BodyField, Dependant, ParamField, SpecialKind

__all__ = ["BodyMode", "FieldSpec", "Plan", "Step", "compile_plan"]

SRC_VALUE = 0
SRC_STEP = 1
SRC_SPECIAL = 2
SRC_SCOPES = 3

_CONFIG = ConfigDict(arbitrary_types_allowed=True)


class BodyMode:
    NONE = "none"
    JSON_SINGLE = "json-single"
    JSON_EMBED = "json-embed"
    FORM = "form"


@dataclass(eq=False)
class FieldSpec:
    """One validated input: where it is read from and under which model field name."""

    key: str
    location: str
    alias: str
    lookup: str
    is_sequence: bool
    whole: bool  # a parameter model or form model: reads the whole location
    seq_keys: frozenset[str]
    source: ParamField | BodyField
    read_bytes: bool = False  # a File() typed bytes: the upload's content is validated
    # a parameter model: its request keys (first in the input, as FastAPI orders them),
    # and request key -> model key where they differ (a header ``x-token`` for ``x_token``)
    known: tuple[str, ...] = ()
    renames: dict[str, str] = field(default_factory=dict)


@dataclass(eq=False)
class Step:
    call: Callable[..., Any]
    kind: str  # "async", "sync", "agen", "gen"
    args: list[tuple[str, int, Any]]
    fields: list[FieldSpec]
    deps: list[int]
    scopes: list[str]
    dependant: Dependant
    function_scoped: bool = False
    # "agen"/"gen": the context-manager factory wrapping ``call``, built once per plan
    manager: Callable[..., Any] | None = None

    def __post_init__(self) -> None:
        if self.kind == "agen":
            self.manager = asynccontextmanager(self.call)
        elif self.kind == "gen":
            self.manager = contextmanager(self.call)


@dataclass(eq=False)
class Plan:
    steps: list[Step]
    fields: list[FieldSpec]
    body_mode: str
    body_required: bool
    locations: frozenset[str]
    needs_response: bool
    needs_background: bool
    endpoint_dependant: Dependant
    reads_file_bytes: bool = False
    # generator dependencies or uploads to close: the request needs an AsyncExitStack
    needs_exit_stack: bool = False
    # some yield dependency exits right after the endpoint (``scope="function"``)
    needs_function_stack: bool = False
    # the endpoint alone, taking no arguments: call it, nothing to solve
    trivial: bool = False
    # (location, alias) of fields read one key at a time: a "missing" error there gets
    # input None, as FastAPI reports it; ("body",) is the whole single body
    direct_locs: frozenset[tuple[str, ...]] = frozenset()
    # (location, model key) -> request key, for parameter models read under other names
    renamed_locs: dict[tuple[str, str], str] = field(default_factory=dict)
    # the endpoint takes one JSON body of a pydantic model and nothing else: (its
    # parameter name, the model's validate_json), so a JSON body is validated directly
    lone_body: tuple[str, Callable[[bytes], Any]] | None = None
    _models: dict[str, type[BaseModel] | None] = field(default_factory=dict)
    _strict: bool | None = None  # see ``validates_strictly``, worked out on first use

    def validates_strictly(self) -> bool:
        """Some input of the plan is validated in strict mode (``strict=True`` on a field,
        a model's config, ``StrictInt``...). A JSON body is then parsed first and validated
        as Python data, as FastAPI does: strict mode tells JSON from Python input (it takes
        an ISO string for a ``datetime`` from JSON only), lax mode does not."""
        strict = self._strict
        if strict is None:
            model = self.model("fast")  # the one a JSON body needs otherwise
            strict = self._strict = model is not None and _has_strict(model)
        return strict

    def model(self, variant: str = "fast") -> type[BaseModel] | None:
        """The validator for every field; ``raw`` reads a single body unparsed."""
        if variant not in self._models:
            self._models[variant] = _build_model(self.fields, self.body_mode, variant)
        return self._models[variant]

    def step_model(self, index: int) -> type[BaseModel] | None:
        key = f"step{index}"
        if key not in self._models:
            self._models[key] = _build_model(self.steps[index].fields, self.body_mode, "raw")
        return self._models[key]


def _call_kind(call: Callable[..., Any]) -> str:
    target: Any = call
    if not (inspect.isroutine(call) or inspect.isclass(call)):
        target = getattr(call, "__call__", call)  # noqa: B004
    target = inspect.unwrap(target) if inspect.isroutine(target) else target
    if inspect.isasyncgenfunction(target):
        return "agen"
    if inspect.isgeneratorfunction(target):
        return "gen"
    if inspect.iscoroutinefunction(target):
        return "async"
    return "sync"


_LOCATION_ORDER = {"path": 0, "query": 1, "header": 2, "cookie": 3}


def _location_rank(param: ParamField) -> int:
    return _LOCATION_ORDER.get(param.location, 4)


def _body_mode(bodies: list[BodyField]) -> str:
    if not bodies:
        return BodyMode.NONE
    if any(b.is_form for b in bodies):
        return BodyMode.FORM
    if len(bodies) == 1 and not bodies[0].embed:
        return BodyMode.JSON_SINGLE
    return BodyMode.JSON_EMBED


class _Builder:
    def __init__(self, body_mode: str) -> None:
        self.steps: list[Step] = []
        self.cache: dict[Any, int] = {}
        self.fields: list[FieldSpec] = []
        self.body_mode = body_mode

    def add(self, dependant: Dependant) -> int:
        if dependant.use_cache and dependant.cache_key in self.cache:
            return self.cache[dependant.cache_key]
        args: list[tuple[str, int, Any]] = []
        deps: list[int] = []
        for sub in dependant.dependencies:
            index = self.add(sub)
            deps.append(index)
            if sub.name is not None:
                args.append((sub.name, SRC_STEP, index))
        own: list[FieldSpec] = []
        # FastAPI validates (and reports) path, query, header, cookie, then body parameters.
        for param in sorted(dependant.params, key=_location_rank):
            spec = self._spec(param, param.location)
            own.append(spec)
            args.append((param.name, SRC_VALUE, spec.key))
        for body in dependant.body:
            spec = self._spec(body, "body")
            own.append(spec)
            args.append((body.name, SRC_VALUE, spec.key))
        for name, kind in dependant.special.items():
            if kind == SpecialKind.SECURITY_SCOPES:
                args.append((name, SRC_SCOPES, list(dependant.security_scopes)))
            else:
                args.append((name, SRC_SPECIAL, kind))
        if dependant.call is None:
            raise TypeError("a dependant without a callable cannot be planned")
        step = Step(
            call=dependant.call,
            kind=_call_kind(dependant.call),
            function_scoped=dependant.scope == "function",
            args=args,
            fields=own,
            deps=deps,
            scopes=list(dependant.security_scopes),
            dependant=dependant,
        )
        self.steps.append(step)
        index = len(self.steps) - 1
        if dependant.use_cache:
            self.cache[dependant.cache_key] = index
        return index

    def _spec(self, source: ParamField | BodyField, location: str) -> FieldSpec:
        model_fields = source.model_fields
        whole = model_fields is not None or (
            location == "body" and self.body_mode == BodyMode.JSON_SINGLE
        )
        lookup = source.alias.lower() if location == "header" else source.alias
        spec = FieldSpec(
            key=f"f{len(self.fields)}",
            location=location,
            alias=source.alias,
            lookup=lookup,
            is_sequence=source.is_sequence,
            whole=whole,
            seq_keys=frozenset(k for k, seq, _ in (model_fields or ()) if seq),
            known=tuple(k for k, _, _ in (model_fields or ())),
            renames={k: t for k, _, t in (model_fields or ()) if k != t},
            source=source,
            read_bytes=isinstance(source, BodyField) and source.is_file and _wants_bytes(source),
        )
        self.fields.append(spec)
        return spec


def compile_plan(dependant: Dependant) -> Plan:
    """Flatten ``dependant`` (an endpoint's tree) into a ``Plan``."""
    bodies = [b for d in dependant.walk() for b in d.body]
    mode = _body_mode(bodies)
    builder = _Builder(mode)
    builder.add(dependant)
    steps = builder.steps
    specials = {kind for step in steps for (_, src, kind) in step.args if src == SRC_SPECIAL}
    return Plan(
        steps=steps,
        fields=builder.fields,
        body_mode=mode,
        body_required=any(b.required for b in bodies),
        locations=frozenset(f.location for f in builder.fields),
        needs_response=SpecialKind.RESPONSE in specials,
        needs_background=SpecialKind.BACKGROUND_TASKS in specials,
        endpoint_dependant=dependant,
        reads_file_bytes=any(f.read_bytes for f in builder.fields),
        direct_locs=frozenset(
            [("body",), *((f.location, f.alias) for f in builder.fields if not f.whole)]
        ),
        renamed_locs={
            (f.location, target): key for f in builder.fields for key, target in f.renames.items()
        },
        needs_exit_stack=mode == BodyMode.FORM or any(s.kind in ("gen", "agen") for s in steps),
        trivial=len(steps) == 1 and not steps[0].args and not builder.fields,
        needs_function_stack=any(
            s.function_scoped and s.kind in ("gen", "agen") for s in steps
        ),
        lone_body=_lone_body(steps, builder.fields, mode),
    )


def _lone_body(
    steps: list[Step], fields: list[FieldSpec], mode: str
) -> tuple[str, Callable[[bytes], Any]] | None:
    """The endpoint's only input is one whole JSON body of a (built) pydantic model with
    no constraints of its own: the model's ``validate_json`` accepts and returns what the
    plan model's ``Json[Model]`` field does (both read the JSON as JSON). Some error
    messages are worded otherwise, so on an error the plan model runs and reports."""
    if mode != BodyMode.JSON_SINGLE or len(steps) != 1 or len(fields) != 1:
        return None
    (spec,) = fields
    args = steps[0].args
    if spec.location != "body" or len(args) != 1 or args[0][1:] != (SRC_VALUE, spec.key):
        return None
    annotation = spec.source.annotation
    if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
        return None
    if spec.source.field_info.metadata or not annotation.__pydantic_complete__:
        return None
    if _has_strict(annotation):
        return None  # validated as Python data after all (``Plan.validates_strictly``)
    return args[0][0], annotation.__pydantic_validator__.validate_json


_STRICT: weakref.WeakKeyDictionary[type[BaseModel], bool] = weakref.WeakKeyDictionary()


def _has_strict(model: type[BaseModel]) -> bool:
    """Does ``strict: True`` appear anywhere in the model's core schema (its fields, the
    models it holds, any config)? Remembered per model class."""
    known = _STRICT.get(model)
    if known is None:
        known = _STRICT[model] = _schema_has_strict(model.__pydantic_core_schema__)
    return known


def _schema_has_strict(schema: Any) -> bool:
    pending = [schema]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            if node.get("strict") is True:
                return True
            pending.extend(node.values())
        elif isinstance(node, (list, tuple)):
            pending.extend(node)
    return False


def _wants_bytes(source: BodyField) -> bool:
    base = strip_optional(split_annotated(source.annotation)[0])
    if base is bytes:
        return True
    args = [strip_optional(a) for a in get_args(base)]
    return bool(args) and all(a is bytes or a is Ellipsis for a in args)


def _field_definition(spec: FieldSpec, body_mode: str, variant: str) -> tuple[Any, FieldInfo]:
    source = spec.source
    annotation = source.annotation
    if spec.location == "body" and body_mode == BodyMode.JSON_SINGLE:
        alias: Any = "body"
        if variant == "fast":
            annotation = Json[annotation]  # type: ignore[misc,valid-type]
    elif spec.whole:
        alias = spec.location
    else:
        alias = AliasPath(spec.location, spec.alias)
    info = FieldInfo.merge_field_infos(source.field_info, validation_alias=alias)
    return annotation, info


def _build_model(fields: list[FieldSpec], body_mode: str, variant: str) -> type[BaseModel] | None:
    if not fields:
        return None
    definitions: dict[str, Any] = {
        spec.key: _field_definition(spec, body_mode, variant) for spec in fields
    }
    model: type[BaseModel] = create_model(
        "RequestValues", __config__=_CONFIG, **definitions
    )
    return model
