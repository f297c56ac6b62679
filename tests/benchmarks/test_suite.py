"""Smoke test of ``python -m benchmarks``: part arguments, text reports, the summary.

The parts themselves are replaced by a stub that writes a report, so no benchmark runs;
each part's own smoke test lives beside this one.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from benchmarks import __main__ as suite
from benchmarks._summary import collect_targets, summary

ENV = {"machine": "m", "python": "p", "versions": "v", "date": "d"}
REPORT = """\
# Memory: a report

| a | b |
|---|---|
| 1 | 2 |

| target (issue 9) | measured | met |
|---|---|---|
| growth < 5% | +0.10% | ✓ |
| other | 3x | ✗ |

| target | x |
"""


def test_collect_targets_reads_only_target_tables() -> None:
    assert collect_targets(REPORT) == [("growth < 5%", "+0.10%", "✓"), ("other", "3x", "✗")]


def test_summary_gathers_reports_targets_and_charts(tmp_path: Path) -> None:
    (tmp_path / "memory.md").write_text(REPORT, encoding="utf-8")
    (tmp_path / "memory.png").write_bytes(b"png")
    (tmp_path / "routing.md").write_text("# Routing\n\ntext\n", encoding="utf-8")
    text = summary(tmp_path, ENV, "python -m benchmarks", 90.0, failed=["wire"])
    assert text.startswith("# Keel benchmark results\n")
    assert "Produced by `python -m benchmarks` in 1.5 minutes" in text
    assert "- machine: m\n- Python: p\n- versions: v\n- date: d" in text
    assert "| memory | growth < 5% | +0.10% | ✓ |\n| memory | other | 3x | ✗ |" in text
    assert "**Failed parts (no fresh results): wire.**" in text
    assert "## Memory: a report\n\n![Memory: RSS growth over a long run](memory.png)\n" in text
    assert "## Routing\n\ntext" in text
    assert text.index("## Memory") < text.index("## Routing")
    assert "inprocess" not in text.split("## Targets")[1].split("## Memory")[0]


def test_text_report_turns_the_middleware_verdicts_into_targets() -> None:
    output = (
        "clock: process; 15 interleaved runs\n"
        "asyncio  no middleware   20.0 µs   one layer   27.0 µs   layer cost   7.0 µs ✓ "
        "(target < 10; per-run differences, quartiles 6.0..8.0)\n"
    )
    text = suite.text_report("middleware", output)
    assert text.startswith("# Middleware layer cost\n\n```\nclock: process")
    assert collect_targets(text) == [("one pass-through layer < 10 µs (asyncio)", "7.0 µs", "✓")]
    assert collect_targets(suite.text_report("routing", "no verdicts\n")) == []


def test_part_arguments() -> None:
    args, forwarded = suite.parse_args(["--quick", "--runs", "4", "--out", "/r", "--no-chart"])
    assert forwarded == ["--runs", "4"]
    assert suite.part_arguments("inprocess", args, forwarded) == [
        "--runs", "3", "--batch-ms", "20", "--clock", "cpu", "--runs", "4", "--out", "/r",
        "--no-chart",
    ]
    assert suite.part_arguments("routing", args, forwarded) == []
    assert suite.part_arguments("memory", args, forwarded) == [
        "--requests", "20000", "--out", "/r", "--no-chart",
    ]
    plain, _ = suite.parse_args([])
    assert suite.part_arguments("wire", plain, []) == []
    assert suite.part_arguments("inprocess", plain, ["--runs", "5"]) == [
        "--clock", "cpu", "--runs", "5",
    ]


def test_main_runs_the_chosen_parts_and_writes_the_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: list[tuple[str, list[str]]] = []

    def fake_part(part: str, argv: Sequence[str], out: Path) -> bool:
        ran.append((part, list(argv)))
        (out / f"{part}.md").write_text(f"# {part}\n\nfigures\n", encoding="utf-8")
        return part != "openapi"

    monkeypatch.setattr(suite, "run_part", fake_part)
    status = suite.main(["--parts", "openapi", "memory", "wire", "--skip", "wire",
                         "--out", str(tmp_path)])
    assert status == 1  # openapi "failed"
    assert [part for part, _ in ran] == ["openapi", "memory"]
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "**Failed parts (no fresh results): openapi.**" in readme
    assert "## openapi\n\nfigures" in readme and "## memory\n\nfigures" in readme


def test_summary_ends_with_a_readme_snippet(tmp_path: Path) -> None:
    inprocess = (
        "# In-process benchmark\n\nthe median\nof 7 runs\n\n"
        "| scenario | Keel µs |\n|---|---|\n| plaintext | 9.0 |\n\n"
        "| target (issue 9) | measured | met |\n|---|---|---|\n| fast | 2x | ✓ |\n"
    )
    (tmp_path / "inprocess.md").write_text(inprocess, encoding="utf-8")
    text = summary(tmp_path, ENV, "python -m benchmarks", 60.0)
    snippet = text.split("<!-- README snippet: from here -->\n")[1].split("<!-- README")[0]
    assert snippet.startswith("### Performance\n\n")
    assert "median of 7 interleaved runs" in snippet
    assert "| scenario | Keel µs |\n|---|---|\n| plaintext | 9.0 |\n" in snippet
    assert "![In-process benchmark](benchmarks/results/inprocess.png)" in snippet
    assert "| inprocess | fast | 2x | ✓ |" in snippet
    assert "Measured on m, p; v; d." in snippet
