"""``python -m benchmarks`` (``make bench``): every benchmark of the suite, one after another.

The in-process benchmark runs first (its arguments are forwarded:
``python -m benchmarks --runs 5``); then each other part present in the package
(``routing``, ``openapi``, ``wire*``) through its ``main()``, with a clean ``sys.argv``.
A part that fails is reported and the rest still run; the exit status says whether all
succeeded.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from benchmarks import inprocess

__all__ = ["main", "other_parts"]

_FIRST = ("routing", "openapi", "middleware")


def other_parts() -> list[str]:
    """The suite's other modules that exist in this checkout, in a stable order."""
    found = {m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)])}
    wire = sorted(name for name in found if name.startswith("wire"))
    return [name for name in _FIRST if name in found] + wire


def _run_part(name: str) -> bool:
    print(f"\n## benchmarks.{name}\n", flush=True)
    saved = sys.argv
    sys.argv = [f"benchmarks.{name}"]
    try:
        module = importlib.import_module(f"benchmarks.{name}")
        entry = getattr(module, "main", None)
        if entry is None:
            print(f"benchmarks.{name} has no main(); skipped")
            return True
        status = entry()
        return status in (None, 0)
    except Exception:
        traceback.print_exc()
        return False
    finally:
        sys.argv = saved


def main(argv: Sequence[str] | None = None) -> int:
    failed = [] if inprocess.main(argv) == 0 else ["inprocess"]
    failed += [name for name in other_parts() if not _run_part(name)]
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
