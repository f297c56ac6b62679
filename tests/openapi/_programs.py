"""Load an example program and its expected (FastAPI-observed) documents."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from openapi_spec_validator import validate

EXPECTED = Path(__file__).parent / "expected"

__all__ = ["EXPECTED", "assert_valid", "expected", "fresh_program", "program_documents"]


def fresh_program(name: str) -> ModuleType:
    """Import ``tests.openapi.programs.<name>`` anew (each test gets its own apps)."""
    module_name = f"tests.openapi.programs.{name}"
    sys.modules.pop(module_name, None)
    return importlib.import_module(module_name)


def expected(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXPECTED / f"{name}.json").read_text())
    return data


def assert_valid(document: dict[str, Any]) -> None:
    """The document validates against the OpenAPI 3.1 schema (raises otherwise)."""
    validate(document)


def program_documents(name: str) -> dict[str, Any]:
    """``{label: document}`` a program builds (``documents()``, else ``app.openapi()``)."""
    module = fresh_program(name)
    documents = getattr(module, "documents", None)
    found: dict[str, Any] = documents() if documents is not None else {"app": module.app.openapi()}
    return found
