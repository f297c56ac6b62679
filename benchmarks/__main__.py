"""``python -m benchmarks`` (``make bench``): every part of the suite, then the summary.

Each part runs in a fresh interpreter (``python -m benchmarks.<part>``), so one part's
imports and heap never weigh on another's figures (the memory check above all): the
in-process table (extra arguments are forwarded to it: ``python -m benchmarks --runs 5``),
routing, OpenAPI and start-up, middleware, memory and the over-the-wire run. Each writes
its report into ``benchmarks/results/`` (the text-only parts' output is kept as
``routing.md`` and ``middleware.md``); ``results/README.md`` then gathers them all with
a table of every target. ``--quick`` shortens every part (about a minute and a half, for
a smoke run; its figures are noisier), ``--parts``/``--skip`` choose parts. A part that
fails is reported, the rest still run, and the exit status says whether all succeeded.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks._report import environment
from benchmarks._summary import write_summary

__all__ = ["PARTS", "main", "part_arguments"]

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = Path(__file__).parent / "results"
PARTS = ("inprocess", "routing", "openapi", "middleware", "memory", "wire")
TEXT_PARTS = {"routing": "Routing micro-benchmark", "middleware": "Middleware layer cost"}
_QUICK = {
    "inprocess": ["--runs", "3", "--batch-ms", "20"],
    "openapi": ["--runs", "1"],
    "middleware": ["--runs", "5"],
    "memory": ["--requests", "20000"],
    "wire": ["--runs", "1", "--seconds", "1", "--warmup", "0.5"],
}
_TARGET = re.compile(r"^(\w+)\s+no middleware.*layer cost\s+([\d.]+) µs (✓|✗) \(target < ([\d.]+)")


def part_arguments(part: str, args: argparse.Namespace, forwarded: Sequence[str]) -> list[str]:
    """The command-line arguments ``part`` runs with."""
    argv = list(_QUICK.get(part, [])) if args.quick else []
    if part in TEXT_PARTS:
        return argv
    if part == "inprocess":
        argv += ["--clock", "cpu", *forwarded]
    if args.out != RESULTS_DIR:  # the default keeps the reports free of local paths
        argv += ["--out", str(args.out)]
    if args.no_chart:
        argv.append("--no-chart")
    return argv


def text_report(part: str, output: str) -> str:
    """A text-only part's output as markdown, with a target table when it states one."""
    lines = [f"# {TEXT_PARTS[part]}", "", "```", output.rstrip(), "```", ""]
    rows = [m.groups() for m in map(_TARGET.match, output.splitlines()) if m]
    if rows:
        lines += ["| target | measured | met |", "|---|---|---|"]
        lines += [f"| one pass-through layer < {limit} µs ({backend}) | {cost} µs | {ok} |"
                  for backend, cost, ok, limit in rows]
        lines.append("")
    return "\n".join(lines)


def run_part(part: str, argv: Sequence[str], out: Path) -> bool:
    print(f"\n## benchmarks.{part} {' '.join(argv)}\n", flush=True)
    command = [sys.executable, "-m", f"benchmarks.{part}", *argv]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
    if part not in TEXT_PARTS:
        return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode == 0
    done = subprocess.run(command, cwd=ROOT, env=env, check=False, stdout=subprocess.PIPE,
                          text=True)
    print(done.stdout, end="", flush=True)
    if done.returncode == 0:
        out.mkdir(parents=True, exist_ok=True)
        (out / f"{part}.md").write_text(text_report(part, done.stdout), encoding="utf-8")
    return done.returncode == 0


def parse_args(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__,
        epilog="Any other argument goes to benchmarks.inprocess (see its --help).")
    parser.add_argument("--quick", action="store_true", help="short runs of every part")
    parser.add_argument("--parts", nargs="+", choices=PARTS, default=list(PARTS))
    parser.add_argument("--skip", nargs="+", choices=PARTS, default=[])
    parser.add_argument("--out", type=Path, default=RESULTS_DIR, help="results directory")
    parser.add_argument("--no-chart", action="store_true", help="no PNG charts")
    return parser.parse_known_args(list(argv))


def main(argv: Sequence[str] | None = None) -> int:
    args, forwarded = parse_args(sys.argv[1:] if argv is None else argv)
    started = time.perf_counter()
    failed = [part for part in PARTS
              if part in args.parts and part not in args.skip
              and not run_part(part, part_arguments(part, args, forwarded), args.out)]
    seconds = time.perf_counter() - started
    command = " ".join(["python -m benchmarks", *(sys.argv[1:] if argv is None else argv)])
    path = write_summary(args.out, environment(), command, seconds, failed)
    print(f"\nwrote {path}; the whole run took {seconds / 60:.1f} minutes", flush=True)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
