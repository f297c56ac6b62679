"""``jsonable_encoder``: turn any value an endpoint returns into JSON-ready Python data.

It stands in for ``fastapi.encoders`` with the same signature and the same output: pydantic
models are dumped by pydantic itself (``mode="json"``), containers are walked, and the
standard-library scalars pydantic cannot see (dates, ``Decimal``, ``UUID``, IP addresses,
paths, patterns, secrets, URLs) become strings or numbers. The response path of the
framework serializes validated values with pydantic's own ``dump_json``; this function is for
programs that call it directly and for return values without a ``response_model``.

Order of checks: ``custom_encoder`` (exact type, then ``isinstance``), the exact JSON scalars
(the common case, one dict-free ``type() in`` test), models, dataclasses, enums, paths,
scalar subclasses, mappings, sequences, the per-type table (exact type, then the MRO), and
last ``dict(obj)`` / ``vars(obj)``.
"""

from __future__ import annotations

import dataclasses
import datetime
import sys
from collections import deque
from collections.abc import Callable
from decimal import Decimal
from enum import Enum
from ipaddress import (
    IPv4Address,
    IPv4Interface,
    IPv4Network,
    IPv6Address,
    IPv6Interface,
    IPv6Network,
)
from pathlib import PurePath
from re import Pattern
from types import GeneratorType
from typing import Any
from uuid import UUID

from pydantic import AnyUrl, BaseModel, NameEmail, SecretBytes, SecretStr, networks
from pydantic_core import MultiHostUrl, PydanticUndefined, Url

from asgi_core._json import dumps_text

__all__ = [
    "ENCODERS_BY_TYPE",
    "IncEx",
    "decimal_encoder",
    "encode_json_text",
    "encoders_shadow_json",
    "jsonable_encoder",
]

IncEx = set[int] | set[str] | dict[int, Any] | dict[str, Any]


def decimal_encoder(dec_value: Decimal) -> int | float:
    """A ``Decimal`` with no fractional digits becomes an ``int``, any other a ``float``.

    ``Decimal("1")`` and ``Decimal("1E+2")`` give ``1`` and ``100``; ``Decimal("1.0")`` gives
    ``1.0``. NaN and infinities (non-int exponents) give floats.
    """
    exponent = dec_value.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= 0:
        return int(dec_value)
    return float(dec_value)


def _isoformat(value: datetime.date | datetime.time) -> str:
    return value.isoformat()


def _pattern(value: Pattern[Any]) -> Any:
    return value.pattern


def _bytes(value: bytes) -> str:
    return value.decode()


def _total_seconds(value: datetime.timedelta) -> float:
    return value.total_seconds()


ENCODERS_BY_TYPE: dict[type[Any], Callable[[Any], Any]] = {
    bytes: _bytes,
    datetime.date: _isoformat,
    datetime.datetime: _isoformat,
    datetime.time: _isoformat,
    datetime.timedelta: _total_seconds,
    Decimal: decimal_encoder,
    frozenset: list,
    GeneratorType: list,
    set: list,
    deque: list,
    IPv4Address: str,
    IPv4Interface: str,
    IPv4Network: str,
    IPv6Address: str,
    IPv6Interface: str,
    IPv6Network: str,
    NameEmail: str,
    Pattern: _pattern,
    SecretBytes: str,
    SecretStr: str,
    UUID: str,
    Url: str,
    MultiHostUrl: str,
    AnyUrl: str,
    # pydantic >= 2.10 wraps multi-host URLs (PostgresDsn, ...) in a class of its own
    getattr(networks, "_BaseMultiHostUrl", MultiHostUrl): str,
}
"""Encoders for types that are neither containers nor JSON scalars (public, like FastAPI's)."""

_COLOR_MODULES = ("pydantic_extra_types.color", "pydantic.color")
_SCALARS = frozenset({str, int, float, bool, type(None)})
_SEQUENCES = (list, set, frozenset, GeneratorType, tuple, deque)
_SEQUENCE_TYPES = frozenset(_SEQUENCES)


def _register_colors() -> None:
    """Add ``Color`` classes of modules the program already imported (never import them)."""
    for name in _COLOR_MODULES:
        color = getattr(sys.modules.get(name), "Color", None)
        if isinstance(color, type) and color not in ENCODERS_BY_TYPE:
            ENCODERS_BY_TYPE[color] = str


def _by_type(obj: Any) -> Callable[[Any], Any] | None:
    """The table's encoder for ``obj``: its exact type first, then the nearest base class."""
    encoder = ENCODERS_BY_TYPE.get(type(obj))
    if encoder is not None:
        return encoder
    _register_colors()
    for cls in type(obj).__mro__:
        encoder = ENCODERS_BY_TYPE.get(cls)
        if encoder is not None:
            return encoder
    return None


def _custom(obj: Any, custom_encoder: dict[Any, Callable[[Any], Any]]) -> Any:
    """Apply a user encoder by exact type, then by ``isinstance`` in the dict's order."""
    encoder = custom_encoder.get(type(obj))
    if encoder is not None:
        return encoder
    for encoder_type, encoder in custom_encoder.items():
        if isinstance(obj, encoder_type):
            return encoder
    return None


def _as_set(keys: Any) -> Any:
    return keys if keys is None or isinstance(keys, (set, dict)) else set(keys)


class _Options:
    """The flags every recursive call forwards (built once per top-level call)."""

    __slots__ = ("by_alias", "custom", "exclude_defaults", "exclude_none", "exclude_unset",
                 "sqlalchemy_safe")

    def __init__(self, by_alias: bool, exclude_unset: bool, exclude_defaults: bool,
                 exclude_none: bool, custom: dict[Any, Callable[[Any], Any]],
                 sqlalchemy_safe: bool) -> None:
        self.by_alias = by_alias
        self.exclude_unset = exclude_unset
        self.exclude_defaults = exclude_defaults
        self.exclude_none = exclude_none
        self.custom = custom
        self.sqlalchemy_safe = sqlalchemy_safe


def _encode_dict(obj: Any, include: Any, exclude: Any, opts: _Options) -> dict[Any, Any]:
    allowed = None
    if include is not None or exclude is not None:
        allowed = set(obj.keys())
        if include is not None:
            allowed &= set(include)
        if exclude is not None:
            allowed -= set(exclude)
    result: dict[Any, Any] = {}
    custom = opts.custom
    for key, value in obj.items():
        if allowed is not None and key not in allowed:
            continue
        if opts.sqlalchemy_safe and isinstance(key, str) and key.startswith("_sa"):
            continue
        if value is None and opts.exclude_none:
            continue
        if type(key) is not str or custom:
            key = _encode(key, None, None, opts)
        result[key] = value if type(value) in _SCALARS and not custom else _encode(
            value, None, None, opts)
    return result


def _encode_model(obj: BaseModel, include: Any, exclude: Any, opts: _Options) -> Any:
    return obj.model_dump(
        mode="json",
        include=include,
        exclude=exclude,
        by_alias=opts.by_alias,
        exclude_unset=opts.exclude_unset,
        exclude_defaults=opts.exclude_defaults,
        exclude_none=opts.exclude_none,
    )


def _encode_fallback(obj: Any, include: Any, exclude: Any, opts: _Options) -> Any:
    """Last resort, as FastAPI does it: ``dict(obj)``, then ``vars(obj)``."""
    errors: list[Exception] = []
    try:
        data = dict(obj)
    except Exception as exc:
        errors.append(exc)
        try:
            data = vars(obj)
        except Exception as exc2:
            errors.append(exc2)
            raise ValueError(errors) from exc2
    return _encode(data, include, exclude, opts)


def _encode_structured(obj: Any, include: Any, exclude: Any, opts: _Options) -> Any:
    """Everything that is not a plain JSON scalar (the order matters, see the docstring)."""
    if isinstance(obj, BaseModel):
        return _encode_model(obj, include, exclude, opts)
    if dataclasses.is_dataclass(obj):
        if isinstance(obj, type):
            raise AssertionError(f"expected a dataclass instance, got the class {obj!r}")
        return _encode(dataclasses.asdict(obj), include, exclude, opts)
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, PurePath):
        return str(obj)
    if isinstance(obj, (str, int, float, type(None))):
        return obj
    if obj is PydanticUndefined:
        return None
    if isinstance(obj, dict):
        return _encode_dict(obj, include, exclude, opts)
    if isinstance(obj, _SEQUENCES):
        return [_encode(item, include, exclude, opts) for item in obj]
    encoder = _by_type(obj)
    if encoder is not None:
        return encoder(obj)
    return _encode_fallback(obj, include, exclude, opts)


def _encode(obj: Any, include: Any, exclude: Any, opts: _Options) -> Any:
    if opts.custom:
        encoder = _custom(obj, opts.custom)
        if encoder is not None:
            return encoder(obj)
    cls = type(obj)
    if cls in _SCALARS:
        return obj
    # exact built-in types next; subclasses take the ordered path in _encode_structured
    if cls is dict:
        return _encode_dict(obj, include, exclude, opts)
    if cls in _SEQUENCE_TYPES:
        return [_encode(item, include, exclude, opts) for item in obj]
    encoder = ENCODERS_BY_TYPE.get(cls)
    if encoder is not None:
        return encoder(obj)
    return _encode_structured(obj, include, exclude, opts)


_NATIVE_LEAVES = frozenset({str, int, float, bool, type(None)})


def _is_native(obj: Any, depth: int = 0) -> bool:
    """Plain dicts (str keys, no ``_sa`` ones) and lists of JSON scalars, not too deep."""
    kind = type(obj)
    if kind in _NATIVE_LEAVES:
        return True
    if depth > 32:
        return False
    if kind is dict:
        for key, value in obj.items():
            if type(key) is not str or key.startswith("_sa"):
                return False
            if type(value) not in _NATIVE_LEAVES and not _is_native(value, depth + 1):
                return False
        return True
    if kind is list:
        for value in obj:
            if type(value) not in _NATIVE_LEAVES and not _is_native(value, depth + 1):
                return False
        return True
    return False


def jsonable_encoder(
    obj: Any,
    include: IncEx | None = None,
    exclude: IncEx | None = None,
    by_alias: bool = True,
    exclude_unset: bool = False,
    exclude_defaults: bool = False,
    exclude_none: bool = False,
    custom_encoder: dict[Any, Callable[[Any], Any]] | None = None,
    sqlalchemy_safe: bool = True,
) -> Any:
    """Convert ``obj`` to data ``json.dumps`` accepts, exactly as FastAPI's encoder does.

    ``include``/``exclude`` filter the top-level keys (models take pydantic's nested forms);
    ``by_alias``, ``exclude_unset``, ``exclude_defaults`` and ``exclude_none`` go to pydantic
    for models, and ``exclude_none`` also drops ``None`` values of dicts and dataclasses.
    ``custom_encoder`` maps a type to a function and wins over everything else (checked by
    exact type, then with ``isinstance``). ``sqlalchemy_safe`` skips ``_sa*`` keys.

    An object nothing applies to raises ``ValueError`` carrying the errors of ``dict(obj)``
    and ``vars(obj)``.
    """
    if not custom_encoder and type(obj) in _SCALARS:
        return obj
    if (
        include is None
        and exclude is None
        and not custom_encoder
        and not exclude_none
        and sqlalchemy_safe
        and _is_native(obj)
    ):
        return obj  # already JSON data: the walk below would rebuild an equal copy
    opts = _Options(by_alias, exclude_unset, exclude_defaults, exclude_none,
                    custom_encoder or {}, sqlalchemy_safe)
    return _encode(obj, _as_set(include), _as_set(exclude), opts)


def encode_json_text(value: Any) -> str:
    """``dumps_text(jsonable_encoder(value))``: the JSON text a ``JSONResponse`` of it sends.

    Plain JSON data (dicts, lists, tuples, strings, numbers: a 422's error list, most
    endpoint results) comes out of the encoder unchanged but for tuples, which the JSON
    encoder writes as arrays anyway, so it is written straight away. What the encoder
    would change either makes the JSON encoder fail (``TypeError``: datetimes, models,
    sets, bytes, an exception in a ``ctx``...) or shows as ``"_sa`` in the text (keys the
    encoder drops); those, any ``ValueError``, and every value once a program registers an
    encoder the JSON encoder would not consult, go through the encoder first.
    """
    if not encoders_shadow_json():
        try:
            text = dumps_text(value)
        except (TypeError, ValueError):
            pass
        else:
            if '"_sa' not in text:
                return text
    return dumps_text(jsonable_encoder(value))


_JSON_NATIVE = (str, int, float, list, tuple, dict)
_shadowing: list[Any] = [-1, False]  # [len(ENCODERS_BY_TYPE) when checked, the answer]


def encoders_shadow_json() -> bool:
    """Has a program registered an encoder for a subclass of a type JSON writes natively?

    ``jsonable_encoder`` would apply it (a ``str`` subclass written upper-case, say) where
    the JSON encoder would not look, so then ``encode_json_text`` does not skip the
    encoder. Checked again whenever the registry's
    size changes.
    """
    size = len(ENCODERS_BY_TYPE)
    if _shadowing[0] != size:
        _shadowing[1] = any(issubclass(kind, _JSON_NATIVE) for kind in list(ENCODERS_BY_TYPE))
        _shadowing[0] = size
    return bool(_shadowing[1])
