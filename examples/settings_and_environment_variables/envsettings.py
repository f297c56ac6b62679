"""``EnvSettings``: a pydantic model filled from environment variables (and a ``.env`` file).

What the seed gets from pydantic-settings' ``BaseSettings``, in plain pydantic: every field
is read from the variable of the same name, case-insensitively; the environment wins over
the ``.env`` file, which wins over the defaults; the strings are validated and converted
by the model (``"50"`` becomes ``50``), and a missing required value is a
``ValidationError`` naming the field.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel

__all__ = ["EnvSettings", "read_env_file"]


def read_env_file(path: str | os.PathLike[str]) -> dict[str, str]:
    """``KEY=value`` lines of a dotenv file (comments, blanks and ``export`` ignored)."""
    values: dict[str, str] = {}
    file = Path(path)
    if not file.is_file():
        return values
    for raw in file.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.removeprefix("export ").partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key.strip()] = value
    return values


class EnvSettings(BaseModel):
    """Subclass it like ``BaseSettings``; build instances with ``from_env()``."""

    @classmethod
    def from_env(
        cls,
        env_file: str | os.PathLike[str] | None = None,
        environ: Mapping[str, str] | None = None,
        **overrides: Any,
    ) -> Any:
        """An instance from ``overrides``, else the environment, else ``env_file``."""
        fields = {name.lower(): name for name in cls.model_fields}
        values: dict[str, Any] = {}
        from_file = read_env_file(env_file) if env_file else {}
        sources = [from_file, os.environ if environ is None else environ]
        for source in sources:
            for key, value in source.items():
                name = fields.get(key.lower())
                if name is not None:
                    values[name] = value
        values.update(overrides)
        return cls.model_validate(values)
