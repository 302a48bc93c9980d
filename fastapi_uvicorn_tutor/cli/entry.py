"""The `tutor` console script: start the next lesson's server early, then run the CLI."""

from __future__ import annotations

import sys


def main() -> None:
    from fastapi_uvicorn_tutor.flows import prelaunch

    prelaunch.maybe_start(sys.argv[1:])
    from fastapi_uvicorn_tutor.cli import app as cli

    cli.main()
