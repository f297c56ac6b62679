# mypy: allow-untyped-defs, allow-incomplete-defs
# (endpoints without a response model carry no return annotation: FastAPI would read one)
"""Import-plus-build and OpenAPI time of a 1,000-route app, Keel vs FastAPI, fresh processes.

Run with ``python -m benchmarks.openapi``. The same program is written once against
FastAPI's API and built with ``framework`` (Keel) and, when it is installed, ``fastapi``.
Every round starts a fresh interpreter per framework (frameworks alternating, so load
drift hits both) which times, on its CPU clock: importing the framework; building the
app (defining its models and 1,000 path operations); the first ``app.openapi()`` (cold:
every schema generated); and a rebuild after ``app.openapi_schema = None`` (warm: what
per-route caches leave). The parent also times the whole child process on the wall clock,
interpreter start-up included. Figures are medians over the rounds; the OpenAPI target
(under one second for the cold document) is the OpenAPI issue's. Writes
``results/openapi.{md,json}`` and, with matplotlib, ``openapi.png``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from pydantic import BaseModel, Field

__all__ = ["build", "child_run", "main", "markdown", "measure", "medians"]

ROUTES = 1_000
ROUNDS = 5


class Image(BaseModel):
    url: str
    name: str


class Item(BaseModel):
    name: str = Field(examples=["Foo"])
    description: str | None = Field(default=None, max_length=300)
    price: float = Field(gt=0)
    tags: list[str] = []
    images: list[Image] | None = None


class ItemOut(Item):
    id: int


class Message(BaseModel):
    message: str


def _group(api: ModuleType, router: Any, index: int) -> None:
    """Four path operations (GET one, GET many, POST, PUT with a form) under one prefix."""
    prefix = f"/group{index}"

    # Markers as defaults: under ``from __future__ import annotations`` an ``Annotated``
    # naming the local ``api`` could not be resolved.
    async def read_item(
        item_id: int = api.Path(ge=1),
        q: str | None = api.Query(None, max_length=50),
        x_token: str | None = api.Header(None),
    ) -> ItemOut:
        raise NotImplementedError

    async def list_items(skip: int = 0, limit: int = api.Query(10, le=100)):
        return []

    async def create_item(item: Item, importance: int = api.Body(gt=0)):
        return {}

    async def upload(item_id: int, note: str = api.Form()):
        return {}

    for endpoint in (read_item, list_items, create_item, upload):
        endpoint.__name__ = f"{endpoint.__name__}_{index}"
    tags = [f"group{index % 10}"]
    router.get(f"{prefix}/{{item_id}}", tags=tags, responses={404: {"model": Message}})(
        read_item
    )
    router.get(f"{prefix}/", tags=tags, response_model=list[ItemOut])(list_items)
    router.post(f"{prefix}/", tags=tags, status_code=201)(create_item)
    router.put(f"{prefix}/{{item_id}}/note", tags=tags)(upload)


def build(api: ModuleType, app_class: Any, routes: int = ROUTES) -> Any:
    """An app of ``routes`` path operations written with ``api``'s names."""
    app = app_class(title="Bench", version="1.0")
    for index in range(routes // 4):
        _group(api, app, index)
    return app


PHASES = ("import", "build", "openapi_cold", "openapi_warm")
FRAMEWORKS = {"Keel": ("framework", "App"), "FastAPI": ("fastapi", "FastAPI")}
OPENAPI_TARGET = 1.0  # seconds, cold document of 1,000 routes
RESULTS_DIR = Path(__file__).parent / "results"
ROOT = Path(__file__).resolve().parent.parent

_CHILD = """
import json, sys, time
clock = time.process_time
t0 = clock()
import importlib
api = importlib.import_module(sys.argv[1])
app_class = getattr(api, sys.argv[2])
t1 = clock()
from benchmarks.openapi import build
app = build(api, app_class, int(sys.argv[3]))
t2 = clock()
document = app.openapi()
t3 = clock()
app.openapi_schema = None
app.openapi()
t4 = clock()
operations = sum(len(item) for item in document["paths"].values())
print(json.dumps({"import": t1 - t0, "build": t2 - t1, "openapi_cold": t3 - t2,
                  "openapi_warm": t4 - t3, "operations": operations}))
"""


def child_run(module: str, app_class: str, routes: int) -> dict[str, float]:
    """One fresh interpreter: the phases' CPU seconds, plus its whole wall time."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _CHILD, module, app_class, str(routes)],
                          capture_output=True, text=True, cwd=ROOT, env=env, check=False)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{module}: child failed:\n{done.stderr[-2000:]}")
    timings: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    if timings.pop("operations") != routes:
        raise RuntimeError(f"{module}: the document does not have {routes} operations")
    timings["process"] = wall
    return timings


def measure(frameworks: Sequence[str], routes: int = ROUTES,
            runs: int = ROUNDS) -> dict[str, dict[str, list[float]]]:
    """Every round's timings of each framework: ``samples[framework][phase]``."""
    samples: dict[str, dict[str, list[float]]] = {f: {} for f in frameworks}
    for _ in range(runs):
        for name in frameworks:
            for phase, value in child_run(*FRAMEWORKS[name], routes).items():
                samples[name].setdefault(phase, []).append(value)
    return samples


def medians(samples: dict[str, dict[str, list[float]]]) -> dict[str, dict[str, float]]:
    return {f: {p: statistics.median(v) for p, v in ph.items()} for f, ph in samples.items()}


def _ms(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds * 1000:,.0f}"


def markdown(table: dict[str, dict[str, float]], routes: int, runs: int,
             env: dict[str, str]) -> str:
    from benchmarks._report import environment_lines  # not in the timed child's imports

    rows = []
    for name, m in table.items():
        rows.append(f"| {name} | {_ms(m['import'])} | {_ms(m['build'])} | "
                    f"**{_ms(m['import'] + m['build'])}** | {_ms(m['openapi_cold'])} | "
                    f"{_ms(m['openapi_warm'])} | {_ms(m['process'])} |")
    keel, fastapi = table.get("Keel"), table.get("FastAPI")
    lines = [
        f"# Start-up: import + build, and OpenAPI, for a {routes:,}-route app",
        "",
        f"Each round runs a fresh interpreter per framework (alternating); phases in CPU "
        f"milliseconds of that process (`time.process_time`), medians of {runs} rounds; "
        "the last column is the child's whole wall time, interpreter start-up included.",
        "",
        *environment_lines(env),
        "",
        "| framework | import ms | build app ms | import + build ms | OpenAPI cold ms "
        "| OpenAPI warm ms | whole process (wall) ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *rows,
        "",
    ]
    if keel and fastapi:
        for label, phase in (("import + build", None), ("OpenAPI cold", "openapi_cold")):
            a = keel["import"] + keel["build"] if phase is None else keel[phase]
            b = fastapi["import"] + fastapi["build"] if phase is None else fastapi[phase]
            lines.append(f"- {label}: FastAPI / Keel = {b / a:.2f}x")
        lines.append("")
    if keel:
        ok = keel["openapi_cold"] < OPENAPI_TARGET
        lines += [
            "| target | measured | met |",
            "|---|---|---|",
            f"| OpenAPI document of {routes:,} routes, cold, under "
            f"{OPENAPI_TARGET * 1000:.0f} ms | {_ms(keel['openapi_cold'])} ms | "
            f"{'✓' if ok else '✗'} |",
            "",
            "Issue 9 sets no target for import + build; it is reported beside FastAPI's.",
            "",
        ]
    return "\n".join(lines)


def write_chart(table: dict[str, dict[str, float]], path: Path, runs: int) -> bool:
    """Stacked bars per framework: import, build, cold OpenAPI (ms)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    names = list(table)
    fig, ax = plt.subplots(figsize=(8, 1.2 * len(names) + 1.5))
    left = [0.0] * len(names)
    for phase, label in (("import", "import"), ("build", "build app"),
                         ("openapi_cold", "OpenAPI (cold)")):
        values = [table[n][phase] * 1000 for n in names]
        ax.barh(names, values, left=left, label=label)
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.invert_yaxis()
    ax.set_xlabel(f"CPU ms (median of {runs} fresh processes, lower is better)")
    ax.set_title("1,000-route app: import, build, OpenAPI")
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.openapi", description=__doc__)
    parser.add_argument("--routes", type=int, default=ROUTES)
    parser.add_argument("--runs", type=int, default=ROUNDS, help="fresh processes (median)")
    parser.add_argument("--frameworks", nargs="*", choices=list(FRAMEWORKS),
                        default=list(FRAMEWORKS))
    parser.add_argument("--out", type=Path, default=RESULTS_DIR, help="results directory")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--no-chart", action="store_true", help="skip the PNG chart")
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    frameworks = [f for f in args.frameworks
                  if importlib.util.find_spec(FRAMEWORKS[f][0]) is not None]
    samples = measure(frameworks, args.routes, args.runs)
    table = medians(samples)
    from benchmarks._report import environment

    env = environment()
    text = markdown(table, args.routes, args.runs, env)
    if len(frameworks) < len(args.frameworks):
        text += "FastAPI is not installed: not measured.\n"
    print(text, flush=True)
    if not args.no_write:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "openapi.md").write_text(text, encoding="utf-8")
        record = {"environment": env, "routes": args.routes, "runs": args.runs,
                  "clock": "process_time in the child; process: parent's perf_counter",
                  "median_seconds": table, "samples_seconds": samples}
        (args.out / "openapi.json").write_text(json.dumps(record, indent=2) + "\n",
                                               encoding="utf-8")
        if not args.no_chart:
            write_chart(table, args.out / "openapi.png", args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
