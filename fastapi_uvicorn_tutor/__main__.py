"""`python -m fastapi_uvicorn_tutor` runs the same CLI as `tutor`."""

from fastapi_uvicorn_tutor.cli.entry import main

main()
