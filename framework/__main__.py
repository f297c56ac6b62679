"""``python -m framework run module:app``: the Keel command line."""

from __future__ import annotations

from framework.cli import main

__all__: list[str] = []

if __name__ == "__main__":
    raise SystemExit(main())
