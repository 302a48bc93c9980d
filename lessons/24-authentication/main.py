"""Lesson 24: authentication. A JWT login, an API key, a guarded router."""

import secrets
from datetime import datetime, timedelta, timezone
from typing import Annotated

import jwt
from fastapi import APIRouter, Depends, FastAPI, HTTPException
from fastapi.security import APIKeyHeader, OAuth2PasswordBearer, OAuth2PasswordRequestForm
from pwdlib import PasswordHash

app = FastAPI(title="Lesson 24: authentication")

# region: focus
# Fixed so the demos can be repeated; a real app reads them from settings (lesson 23).
SECRET_KEY = "lesson-25-fixed-secret-for-the-demos-only"
API_KEY = "kitchen-key"

# The demo user. Only the hash is kept, computed once at start-up.
password_hash = PasswordHash.recommended()  # Argon2id
USERNAME = "alice"
PASSWORD_HASH = password_hash.hash("wonderland")

# Reads "Authorization: Bearer <token>"; without one, answers 401 itself.
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")
BEARER = {"WWW-Authenticate": "Bearer"}


@app.post("/token")
def login(form: Annotated[OAuth2PasswordRequestForm, Depends()]):  # a form, not JSON
    # Verify first, whatever the name: a wrong name takes as long as a wrong password.
    good = password_hash.verify(form.password, PASSWORD_HASH)
    if not good or form.username != USERNAME:
        raise HTTPException(401, "Incorrect username or password", headers=BEARER)
    expires = datetime.now(timezone.utc) + timedelta(minutes=30)
    claims = {"sub": form.username, "exp": expires}
    token = jwt.encode(claims, SECRET_KEY, algorithm="HS256")
    return {"access_token": token, "token_type": "bearer"}


def current_user(token: Annotated[str, Depends(oauth2_scheme)]) -> str:
    try:
        # Checks the signature and exp; the algorithm is ours, not the token's.
        claims = jwt.decode(token, SECRET_KEY, algorithms=["HS256"],
                            options={"require": ["exp", "sub"]})
    except jwt.InvalidTokenError:
        raise HTTPException(401, "Invalid token", headers=BEARER) from None
    return claims["sub"]


@app.get("/me")
def me(user: Annotated[str, Depends(current_user)]):
    return {"username": user}


api_key_header = APIKeyHeader(name="X-API-Key")  # no header at all: its own 401
API_KEY_CHALLENGE = {"WWW-Authenticate": "APIKey"}


def require_api_key(key: Annotated[str, Depends(api_key_header)]) -> None:
    if not secrets.compare_digest(key.encode(), API_KEY.encode()):  # in constant time
        raise HTTPException(401, "Invalid API key", headers=API_KEY_CHALLENGE)


# Every route of this router needs the key; none of them mentions it.
admin = APIRouter(prefix="/admin", dependencies=[Depends(require_api_key)])


@admin.get("/stats")
def stats():
    return {"users": 1, "orders": 42}


app.include_router(admin)
# endregion
