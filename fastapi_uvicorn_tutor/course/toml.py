"""Reading TOML: tomli, imported on first use.

tomli is tomllib's upstream, with the same results and errors; its wheels are compiled, and
parse the course's lesson files about four times faster than tomllib does.

Commands that never parse a lesson.toml (a cached course, the early Uvicorn launch) skip
the parser's import altogether.
"""

from __future__ import annotations

from typing import Any


def loads(text: str) -> dict[str, Any]:
    """The TOML document as a dict; a ValueError (tomli's TOMLDecodeError) says what is wrong."""
    import tomli

    return tomli.loads(text)
