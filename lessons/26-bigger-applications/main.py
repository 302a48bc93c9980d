"""Lesson 26: bigger applications. The app lives in the `app/` package beside this file.

A real project starts it as `uvicorn app.main:app` (or `fastapi dev app/main.py`) from
this folder. The tutor serves every lesson as `main:app`, so this file only re-exports it.
"""

# region: focus
# app/__init__.py            makes `app` a package
# app/main.py                creates the FastAPI app, includes the routers
# app/dependencies.py        require_token, shared by whoever needs it
# app/routers/items.py       APIRouter(prefix="/items"): public
# app/routers/users.py       APIRouter(prefix="/users", dependencies=[Depends(require_token)])
from app.main import app

__all__ = ["app"]
# endregion
