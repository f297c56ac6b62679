"""The seed's post-processing script: strip the ``{tag}-`` prefix from every operationId.

Run it on a downloaded ``openapi.json`` (``python -m examples.generating_sdks.preprocess_openapi
openapi.json``) before handing the file to an SDK generator, so ``items-get_items``
becomes ``get_items``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

__all__ = ["main", "remove_tag_prefixes"]


def remove_tag_prefixes(openapi_content: dict[str, Any]) -> dict[str, Any]:
    """Rewrite, in place, each operation's ``operationId`` without its first tag prefix."""
    for path_data in openapi_content["paths"].values():
        for operation in path_data.values():
            tag = operation["tags"][0]
            operation_id = operation["operationId"]
            to_remove = f"{tag}-"
            new_operation_id = operation_id[len(to_remove) :]
            operation["operationId"] = new_operation_id
    return openapi_content


def main(file_path: Path = Path("./openapi.json")) -> None:
    """Read ``file_path``, remove the prefixes, write the document back."""
    openapi_content = json.loads(file_path.read_text())
    remove_tag_prefixes(openapi_content)
    file_path.write_text(json.dumps(openapi_content))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("./openapi.json"))
