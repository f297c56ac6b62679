"""Keel's DI container (``fastapi.dependencies.utils`` / ``.models``).

``analysis`` reads signatures into a ``Dependant`` tree once per route; ``plan`` flattens the
tree into the steps and the single validator a request runs; ``solver`` runs them.
"""

from __future__ import annotations

from framework.dependencies.analysis import get_dependant, get_parameterless_sub_dependant
from framework.dependencies.models import BodyField, Dependant, ParamField, SecurityScopes
from framework.dependencies.plan import Plan, compile_plan
from framework.dependencies.solver import RequestInputs, solve

__all__ = [
    "BodyField",
    "Dependant",
    "ParamField",
    "Plan",
    "RequestInputs",
    "SecurityScopes",
    "compile_plan",
    "get_dependant",
    "get_parameterless_sub_dependant",
    "solve",
]
