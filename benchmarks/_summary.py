"""Gather every part's report into ``benchmarks/results/README.md``, README-ready.

The parts write their own markdown (``inprocess.md``, ``wire.md``, ``memory.md``,
``openapi.md``; the text-only parts' output is kept as ``routing.md`` and
``middleware.md``). The summary starts with the run's provenance and one table of every
target with its ✓/✗, collected from the parts' "| target" tables, then each report in
full with its headings moved one level down and its chart linked under its title, and
last a snippet the project README can take as it is (the in-process table, the chart,
the targets, the provenance).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from benchmarks._report import environment_lines

__all__ = ["PARTS", "collect_targets", "readme_snippet", "summary", "write_summary"]

# (file stem, title for a report without one / the chart's alt text, chart or None)
PARTS: tuple[tuple[str, str, str | None], ...] = (
    ("inprocess", "In-process: µs per request, ten scenarios", "inprocess.png"),
    ("wire", "Over the wire: requests/s, p50/p99", "wire.png"),
    ("memory", "Memory: RSS growth over a long run", "memory.png"),
    ("openapi", "Start-up and OpenAPI: 1,000-route app", "openapi.png"),
    ("routing", "Routing: 1st vs 50th dynamic route", None),
    ("middleware", "Middleware: one @app.middleware layer", None),
)
_ROW = re.compile(r"^\|(?P<cells>.*)\|\s*$")


def collect_targets(text: str) -> list[tuple[str, str, str]]:
    """(target, measured, ✓/✗) of every row of the tables headed ``| target``."""
    found: list[tuple[str, str, str]] = []
    in_table = False
    for line in text.splitlines():
        match = _ROW.match(line)
        if match is None:
            in_table = False
            continue
        cells = [c.strip() for c in match.group("cells").split("|")]
        if cells[0].startswith("target"):
            in_table = True
        elif in_table and not set(cells[0]) <= {"-", ":"} and len(cells) >= 3:
            found.append((cells[0], cells[1], cells[-1]))
    return found


def _table(text: str, first_cell: str) -> list[str]:
    """The markdown table of ``text`` whose header row starts with ``first_cell``."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith(f"| {first_cell} |"):
            end = i
            while end < len(lines) and lines[end].startswith("|"):
                end += 1
            return lines[i:end]
    return []


def readme_snippet(reports: dict[str, str], targets: list[str], env: dict[str, str]) -> list[str]:
    """A section the project README can take as it is (paths from the repository root)."""
    table = _table(reports.get("inprocess", ""), "scenario")
    runs = re.search(r"the median\s+of (\d+) runs", reports.get("inprocess", ""))
    lines = ["<!-- README snippet: from here -->", "### Performance", ""]
    if table:
        lines += [
            "Microseconds per request, in-process (no server), median of "
            f"{runs.group(1) if runs else 'several'} interleaved runs; every framework gives "
            "the same status and body for every scenario:",
            "",
            *table,
            "",
            "![In-process benchmark](benchmarks/results/inprocess.png)",
            "",
        ]
    lines += [
        "| part | target | measured | met |",
        "|---|---|---|---|",
        *targets,
        "",
        f"Measured on {env['machine']}, {env['python']}; {env['versions']}; {env['date']}. "
        "Every figure is a median; runs, charts and raw samples are in "
        "[benchmarks/results/](benchmarks/results/README.md). Reproduce with `make bench`.",
        "<!-- README snippet: to here -->",
    ]
    return lines


def _demote(text: str) -> str:
    return re.sub(r"^(#+) ", r"#\1 ", text, flags=re.MULTILINE)


def summary(out: Path, env: dict[str, str], command: str, seconds: float,
            failed: Sequence[str] = ()) -> str:
    """The README-ready markdown of every report present in ``out``."""
    reports = [(stem, title, chart, (out / f"{stem}.md").read_text(encoding="utf-8"))
               for stem, title, chart in PARTS if (out / f"{stem}.md").exists()]
    lines = [
        "# Keel benchmark results",
        "",
        f"Produced by `{command}` in {seconds / 60:.1f} minutes; every figure below is a "
        "median over the runs its section states, on this machine:",
        "",
        *environment_lines(env),
        "",
        "## Targets at a glance",
        "",
        "| part | target | measured | met |",
        "|---|---|---|---|",
    ]
    targets = [f"| {stem} | {t} | {m} | {ok} |"
               for stem, _, _, text in reports for t, m, ok in collect_targets(text)]
    lines += targets
    if failed:
        lines += ["", f"**Failed parts (no fresh results): {', '.join(failed)}.**"]
    for _, title, chart, text in reports:
        heading, _, body = text.partition("\n")
        if not heading.startswith("# "):
            heading, body = f"# {title}", text
        lines += ["", "#" + heading, ""]
        if chart and (out / chart).exists():
            lines += [f"![{title}]({chart})", ""]
        lines.append(_demote(body).strip())
    lines += ["", "## For the project README", "",
              *readme_snippet({stem: text for stem, _, _, text in reports}, targets, env)]
    lines += [
        "",
        "Charts and JSON records (every run's samples) sit beside this file; the image links",
        "are relative to `benchmarks/results/`. Reproduce with `make bench` "
        "(`python -m benchmarks --help` for shorter runs).",
        "",
    ]
    return "\n".join(lines)


def write_summary(out: Path, env: dict[str, str], command: str, seconds: float,
                  failed: Sequence[str] = ()) -> Path:
    path = out / "README.md"
    path.write_text(summary(out, env, command, seconds, failed), encoding="utf-8")
    return path
