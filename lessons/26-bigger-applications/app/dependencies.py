"""Dependencies more than one router may use."""

from typing import Annotated

from fastapi import Header, HTTPException

TOKENS = {"secret-alice": "alice"}


# region: focus
def require_token(x_token: Annotated[str | None, Header()] = None) -> str:
    """The user the X-Token header names; 401 when it is missing or unknown."""
    if x_token is None:
        raise HTTPException(status_code=401, detail="Missing X-Token header")
    if x_token not in TOKENS:
        raise HTTPException(status_code=401, detail="Invalid X-Token header")
    return TOKENS[x_token]
# endregion
