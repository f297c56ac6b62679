"""Smoke test of benchmarks.openapi: a fresh child process builds a small app and reports.

Keel only (FastAPI is in the bench extra, not the test extra); no figure is asserted.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import openapi

ENV = {"machine": "m", "python": "p", "versions": "v", "date": "d"}


def test_a_child_refuses_a_document_of_the_wrong_size(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = openapi._CHILD.replace("operations = ", "operations = 1 + ")
    monkeypatch.setattr(openapi, "_CHILD", broken)
    with pytest.raises(RuntimeError, match="does not have 8 operations"):
        openapi.child_run("framework", "App", 8)


def test_a_tiny_run_writes_the_report(tmp_path: Path) -> None:
    argv = ["--frameworks", "Keel", "--routes", "8", "--runs", "1", "--no-chart",
            "--out", str(tmp_path)]
    assert openapi.main(argv) == 0
    text = (tmp_path / "openapi.md").read_text(encoding="utf-8")
    assert text.startswith("# Start-up: import + build, and OpenAPI, for a 8-route app\n")
    assert "| Keel | " in text and "| FastAPI | " not in text
    assert "| OpenAPI document of 8 routes, cold, under 1000 ms | " in text
    record = json.loads((tmp_path / "openapi.json").read_text(encoding="utf-8"))
    assert record["routes"] == 8 and record["runs"] == 1
    assert set(record["median_seconds"]["Keel"]) == {*openapi.PHASES, "process"}
    assert len(record["samples_seconds"]["Keel"]["import"]) == 1
    assert all(value >= 0 for value in record["median_seconds"]["Keel"].values())
    assert record["median_seconds"]["Keel"]["process"] > 0


def test_markdown_compares_with_fastapi_and_marks_the_target() -> None:
    keel = {"import": 0.3, "build": 0.7, "openapi_cold": 0.9, "openapi_warm": 0.3,
            "process": 2.0}
    fastapi = {"import": 0.4, "build": 3.6, "openapi_cold": 1.8, "openapi_warm": 1.5,
               "process": 7.0}
    text = openapi.markdown({"Keel": keel, "FastAPI": fastapi}, 1000, 5, ENV)
    assert "| Keel | 300 | 700 | **1,000** | 900 | 300 | 2,000 |" in text
    assert "- import + build: FastAPI / Keel = 4.00x" in text
    assert "- OpenAPI cold: FastAPI / Keel = 2.00x" in text
    assert "| OpenAPI document of 1,000 routes, cold, under 1000 ms | 900 ms | ✓ |" in text
    assert "medians of 5 rounds" in text


def test_medians_of_samples() -> None:
    samples = {"Keel": {"import": [3.0, 1.0, 2.0]}}
    assert openapi.medians(samples) == {"Keel": {"import": 2.0}}
