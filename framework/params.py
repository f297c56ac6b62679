"""Parameter markers: ``Path``, ``Query``, ``Header``, ``Cookie``, ``Body``, ``Form``, ``File``,
``Depends`` and ``Security``.

This module stands in for both ``fastapi.params`` and ``fastapi.param_functions``: each marker
is a class whose constructor has the keyword options of FastAPI's parameter function of the
same name, so ``Query(default=None, max_length=5)`` and ``Annotated[str, Query()]`` work
unchanged. The value markers are pydantic :class:`~pydantic.fields.FieldInfo` subclasses, so
pydantic validates with them directly (constraints land in ``metadata`` as usual).

The big option set shared by every value marker is declared once, in :class:`FieldOptions`;
each marker's ``__init__`` takes ``**options: Unpack[FieldOptions]`` (type checkers and IDEs
see every keyword) and carries a runtime ``__signature__`` built from the same declaration
(``inspect.signature`` and ``help()`` show the full keyword list with defaults).

What the DI container, validation and the OpenAPI emitter read from a marker:

``in_``
    :class:`ParamTypes` member for ``Path``/``Query``/``Header``/``Cookie`` (class attribute).
``embed``
    ``Body`` only: ``True``/``False`` as given, ``None`` when not said (the container decides).
``media_type``
    ``Body`` (``application/json``), ``Form`` (``application/x-www-form-urlencoded``),
    ``File`` (``multipart/form-data``).
``convert_underscores``
    ``Header`` only: map ``user_agent`` to ``user-agent`` unless an alias is given.
``include_in_schema``, ``openapi_examples``, ``deprecated``
    OpenAPI-only switches; ``deprecated`` is pydantic's own ``FieldInfo.deprecated``.
``example``
    the deprecated single example, or :data:`Unset` when not given.
"""

from __future__ import annotations

import inspect
import re
import sys
import warnings
from collections.abc import Callable, Sequence
from dataclasses import KW_ONLY, dataclass
from enum import Enum
from typing import Any, Literal

from pydantic import AliasChoices, AliasPath
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined
from typing_extensions import TypedDict, Unpack, deprecated

__all__ = [
    "Body",
    "Cookie",
    "Depends",
    "FieldOptions",
    "File",
    "Form",
    "FrameworkDeprecationWarning",
    "Header",
    "Param",
    "ParamTypes",
    "Path",
    "Query",
    "Security",
    "Unset",
]


class FrameworkDeprecationWarning(DeprecationWarning, UserWarning):
    """A deprecated FastAPI-style option was used.

    Both a ``DeprecationWarning`` (the class older FastAPI releases used) and a
    ``UserWarning`` (the base of today's ``FastAPIDeprecationWarning``), so filters written
    against either keep working.
    """


class _UnsetType:
    """Sentinel for "option not given" (distinct from ``None``, which may be meaningful)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "Unset"

    def __bool__(self) -> bool:
        return False


Unset: Any = _UnsetType()
"""The value of :attr:`Param.example` (and friends) when the option was not given."""


class ParamTypes(Enum):
    """Where a non-body parameter is read from."""

    query = "query"
    header = "header"
    path = "path"
    cookie = "cookie"


class FieldOptions(TypedDict, total=False):
    """The keyword options every value marker accepts (declared once, used by all)."""

    default_factory: Callable[[], Any] | None
    annotation: Any | None
    alias: str | None
    alias_priority: int | None
    validation_alias: str | AliasPath | AliasChoices | None
    serialization_alias: str | None
    title: str | None
    description: str | None
    gt: float | None
    ge: float | None
    lt: float | None
    le: float | None
    min_length: int | None
    max_length: int | None
    pattern: str | re.Pattern[str] | None
    regex: str | None
    discriminator: str | Any | None
    strict: bool | None
    validate_default: bool | None
    union_mode: Literal["smart", "left_to_right"] | None
    fail_fast: bool | None
    multiple_of: float | None
    allow_inf_nan: bool | None
    max_digits: int | None
    decimal_places: int | None
    examples: list[Any] | None
    example: Any | None
    openapi_examples: dict[str, Any] | None
    deprecated: deprecated | str | bool | None
    include_in_schema: bool
    json_schema_extra: dict[str, Any] | Callable[[dict[str, Any]], None] | None


# Options whose default (as FastAPI shows it) is not "unset".
_OPTION_DEFAULTS: dict[str, Any] = {
    "annotation": None,
    "gt": None,
    "ge": None,
    "lt": None,
    "le": None,
    "min_length": None,
    "max_length": None,
    "pattern": None,
    "regex": None,
    "openapi_examples": None,
    "include_in_schema": True,
}
_OPTION_NAMES = frozenset(FieldOptions.__annotations__)


def _warn(message: str) -> None:
    """Warn at the first frame outside this module (the user's marker call)."""
    level, frame = 2, sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__") == __name__:
        level, frame = level + 1, frame.f_back  # type: ignore[assignment]
    warnings.warn(message, FrameworkDeprecationWarning, stacklevel=level)


def _merge_extra(options: dict[str, Any], extra: dict[str, Any]) -> None:
    """Fold deprecated ``**extra`` keywords into ``json_schema_extra``."""
    _warn(
        "Passing extra keyword arguments to a parameter marker is deprecated, use "
        f"`json_schema_extra` instead. Extra keys: {sorted(extra)}"
    )
    current = options.get("json_schema_extra")
    if callable(current):
        raise TypeError(
            "extra keyword arguments cannot be combined with a callable json_schema_extra"
        )
    options["json_schema_extra"] = {**extra, **(current or {})}


def _init_marker(field: Param | Body, default: Any, options: dict[str, Any]) -> None:
    """Shared constructor body: split marker-only options off, hand the rest to pydantic."""
    field.include_in_schema = options.pop("include_in_schema", True)
    field.openapi_examples = options.pop("openapi_examples", None)
    field.example = options.pop("example", Unset)
    if field.example is not Unset:
        _warn("`example` has been deprecated, please use `examples` instead")
    regex = options.pop("regex", None)
    if regex is not None:
        _warn("`regex` has been deprecated, please use `pattern` instead")
        if options.get("pattern") is None:
            options["pattern"] = regex
    extra = {key: options.pop(key) for key in list(options) if key not in _OPTION_NAMES}
    if extra:
        _merge_extra(options, extra)
    if "alias" in options:  # an alias is also the validation and serialization alias
        alias = options["alias"]
        if options.get("validation_alias") is None:
            options["validation_alias"] = alias
        if alias is not None and options.get("serialization_alias") is None:
            options["serialization_alias"] = alias
    options.setdefault("annotation", None)
    FieldInfo.__init__(field, default=default, **options)


def _signature(default: Any, *specific: inspect.Parameter) -> inspect.Signature:
    """The runtime signature of a marker constructor, built from :class:`FieldOptions`."""
    kw = inspect.Parameter.KEYWORD_ONLY
    params = [
        inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD),
        inspect.Parameter("default", inspect.Parameter.POSITIONAL_OR_KEYWORD, default=default,
                          annotation="Any"),
        *specific,
    ]
    params += [
        inspect.Parameter(name, kw, default=_OPTION_DEFAULTS.get(name, Unset),
                          annotation=getattr(ann, "__forward_arg__", ann))
        for name, ann in FieldOptions.__annotations__.items()
    ]
    return inspect.Signature(params, return_annotation="None")


class Param(FieldInfo):  # type: ignore[misc]  # pydantic marks it final; FastAPI too subclasses
    """Base of the non-body markers; ``in_`` says where the value is read from."""

    in_: ParamTypes
    include_in_schema: bool
    openapi_examples: dict[str, Any] | None
    example: Any

    def __init__(self, default: Any = PydanticUndefined, **options: Unpack[FieldOptions]) -> None:
        _init_marker(self, default, dict(options))

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}({self.default})"


class Path(Param):  # type: ignore[misc]
    """A path parameter: always required, so it refuses any default but ``...``."""

    in_ = ParamTypes.path

    def __init__(self, default: Any = ..., **options: Unpack[FieldOptions]) -> None:
        if default is not ...:
            raise AssertionError("Path parameters cannot have a default value")
        _init_marker(self, default, dict(options))


class Query(Param):  # type: ignore[misc]
    """A query-string parameter."""

    in_ = ParamTypes.query


class Header(Param):  # type: ignore[misc]
    """A header parameter; ``convert_underscores`` maps ``x_token`` to ``x-token``."""

    in_ = ParamTypes.header

    def __init__(
        self,
        default: Any = PydanticUndefined,
        *,
        convert_underscores: bool = True,
        **options: Unpack[FieldOptions],
    ) -> None:
        self.convert_underscores = convert_underscores
        _init_marker(self, default, dict(options))


class Cookie(Param):  # type: ignore[misc]
    """A cookie parameter."""

    in_ = ParamTypes.cookie


class Body(FieldInfo):  # type: ignore[misc]
    """A request-body parameter; ``embed`` keeps a lone body param under its name."""

    include_in_schema: bool
    openapi_examples: dict[str, Any] | None
    example: Any

    def __init__(
        self,
        default: Any = PydanticUndefined,
        *,
        embed: bool | None = None,
        media_type: str = "application/json",
        **options: Unpack[FieldOptions],
    ) -> None:
        self.embed = embed
        self.media_type = media_type
        _init_marker(self, default, dict(options))

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}({self.default})"


class Form(Body):  # type: ignore[misc]
    """A form field (urlencoded or multipart)."""

    def __init__(
        self,
        default: Any = PydanticUndefined,
        *,
        media_type: str = "application/x-www-form-urlencoded",
        **options: Unpack[FieldOptions],
    ) -> None:
        super().__init__(default, media_type=media_type, **options)


class File(Form):  # type: ignore[misc]
    """An uploaded file (a multipart form field)."""

    def __init__(
        self,
        default: Any = PydanticUndefined,
        *,
        media_type: str = "multipart/form-data",
        **options: Unpack[FieldOptions],
    ) -> None:
        super().__init__(default, media_type=media_type, **options)


def _kw(name: str, default: Any, annotation: str) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default,
                             annotation=annotation)


Param.__init__.__signature__ = _signature(PydanticUndefined)  # type: ignore[attr-defined]
Path.__init__.__signature__ = _signature(...)  # type: ignore[attr-defined]
Header.__init__.__signature__ = _signature(  # type: ignore[attr-defined]
    PydanticUndefined, _kw("convert_underscores", True, "bool")
)
Body.__init__.__signature__ = _signature(  # type: ignore[attr-defined]
    PydanticUndefined,
    _kw("embed", None, "bool | None"),
    _kw("media_type", "application/json", "str"),
)
Form.__init__.__signature__ = _signature(  # type: ignore[attr-defined]
    PydanticUndefined, _kw("media_type", "application/x-www-form-urlencoded", "str")
)
File.__init__.__signature__ = _signature(  # type: ignore[attr-defined]
    PydanticUndefined, _kw("media_type", "multipart/form-data", "str")
)


def _dependency_name(dependency: Any) -> str:
    return getattr(dependency, "__name__", type(dependency).__name__)


@dataclass(frozen=True, slots=True)
class Depends:
    """Declare a dependency: ``Depends(get_db)``.

    ``use_cache`` reuses one result per request for the same dependency; ``scope`` says
    when a ``yield`` dependency's exit code runs (``"function"``: right after the endpoint,
    ``"request"`` or ``None``: after the response is sent).
    """

    dependency: Callable[..., Any] | None = None
    _: KW_ONLY
    use_cache: bool = True
    scope: Literal["function", "request"] | None = None

    def _repr_args(self) -> str:
        args = _dependency_name(self.dependency) if self.dependency is not None else ""
        if not self.use_cache:
            args += ", use_cache=False" if args else "use_cache=False"
        if self.scope is not None:
            args += f", scope={self.scope!r}" if args else f"scope={self.scope!r}"
        return args

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}({self._repr_args()})"


@dataclass(frozen=True, slots=True, repr=False)
class Security(Depends):
    """A dependency that also declares OAuth2 ``scopes`` (merged up the dependency tree)."""

    _: KW_ONLY
    scopes: Sequence[str] | None = None

    def __repr__(self) -> str:
        args = self._repr_args()
        if self.scopes:
            args += f", scopes={list(self.scopes)}" if args else f"scopes={list(self.scopes)}"
        return f"{self.__class__.__name__}({args})"
