"""Reading TOML: the standard library's tomllib (tomli on Python 3.10), imported on first use.

Commands that never parse a lesson.toml (a cached course, the early Uvicorn launch) skip
the parser's import altogether.
"""

from __future__ import annotations

import sys
from typing import Any


def loads(text: str) -> dict[str, Any]:
    """The TOML document as a dict; a ValueError (tomllib's TOMLDecodeError) says what is wrong."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    return tomllib.loads(text)
