"""Compact JSON text exactly as ``JSONResponse`` renders it, with the encoder built once.

``json.JSONEncoder.encode`` builds a new C encoder on every call; for the small bodies of
most responses that set-up costs more than the encoding. The C encoder is made once here
with the same options (UTF-8 kept, ``NaN`` refused, ``(",", ":")``, the stock ``default``
so unknown types raise the same ``TypeError``); without the C accelerator, the stock
encoder is used. The fast encoder keeps no circular-reference markers (a dict shared
between calls would go stale when an encoding fails half-way), so a cycle is handed to
the stock encoder, which reports it as before.
"""

from __future__ import annotations

import json
import json.encoder
from collections.abc import Callable
from typing import Any

__all__ = ["dumps_text"]

_STOCK = json.JSONEncoder(ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":"))
_make = getattr(json.encoder, "c_make_encoder", None)
_basestring = getattr(json.encoder, "c_encode_basestring", None)

_encode: Callable[[Any, int], Any] | None = None
if _make is not None and _basestring is not None:
    _encode = _make(None, _STOCK.default, _basestring, None, ":", ",", False, False, False)


def dumps_text(content: Any) -> str:
    """``content`` as compact JSON text (what ``JSONResponse`` sends, before UTF-8)."""
    if _encode is None:
        return _STOCK.encode(content)
    try:
        return "".join(_encode(content, 0))
    except RecursionError:
        return _STOCK.encode(content)  # a cycle: "Circular reference detected"
