"""The users: every route here needs a valid X-Token, said once on the router."""

from typing import Annotated

from fastapi import APIRouter, Depends

# region: focus
from ..dependencies import TOKENS, require_token  # two dots: up from routers/ to app/

router = APIRouter(
    prefix="/users",
    tags=["users"],
    dependencies=[Depends(require_token)],  # runs before every route of this router
)


@router.get("/")
def list_users():
    return {"users": sorted(TOKENS.values())}


@router.get("/me")
def read_me(user: Annotated[str, Depends(require_token)]):
    # The same dependency again, for its value: FastAPI runs it once per request.
    return {"user": user}
# endregion
