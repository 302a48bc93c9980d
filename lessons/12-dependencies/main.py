"""Lesson 12: dependencies, parameters FastAPI computes per request."""

from typing import Annotated

from fastapi import Depends, FastAPI, Header, HTTPException, Request

app = FastAPI(title="Lesson 12: dependencies")
TOKENS = {"secret-alice": "alice"}


# region: focus
def current_user(
    request: Request, x_token: Annotated[str, Header()]
) -> str:
    request.state.lookups = getattr(request.state, "lookups", 0) + 1
    if x_token not in TOKENS:
        raise HTTPException(status_code=401, detail="Invalid token")
    return TOKENS[x_token]


def audit(user: Annotated[str, Depends(current_user)]) -> str:
    # Needs the user too: FastAPI reuses the value it already has.
    return f"seen {user}"


def session():
    db = {"open": True}
    try:
        yield db  # the handler runs here
    finally:
        db["open"] = False  # after the response has been sent
        print("session closed")


@app.get("/me")
def me(
    request: Request,
    user: Annotated[str, Depends(current_user)],
    note: Annotated[str, Depends(audit)],
    db: Annotated[dict, Depends(session)],
):
    return {
        "user": user,
        "audit": note,
        "lookups": request.state.lookups,
        "session_open": db["open"],
    }
# endregion
