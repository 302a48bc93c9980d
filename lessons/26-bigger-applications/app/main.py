"""The application: one FastAPI object, the routers included into it."""

from fastapi import FastAPI

# region: focus
from .routers import items, users  # relative: the `routers` package beside this file

app = FastAPI(title="Lesson 26: bigger applications")
app.include_router(users.router)  # includes keep their order in /openapi.json
app.include_router(items.router)
# endregion
