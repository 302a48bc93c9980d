"""Lesson 17: reading headers and cookies, and setting them on the response."""

from fastapi import Cookie, FastAPI, Header, Response

app = FastAPI(title="Lesson 17: headers and cookies")


# region: focus
@app.get("/whoami")
def whoami(
    user_agent: str | None = Header(default=None),  # reads the User-Agent header
    x_request_id: str | None = Header(default=None),  # reads X-Request-Id
    session: str | None = Cookie(default=None),  # reads the cookie named session
):
    return {"user_agent": user_agent, "request_id": x_request_id, "session": session}


@app.post("/login")
def login(response: Response):
    response.set_cookie("session", "abc123", httponly=True)
    response.headers["X-Served-By"] = "kitchen-1"
    return {"logged_in": True}


@app.post("/logout")
def logout(response: Response):
    response.delete_cookie("session")
    return {"logged_in": False}
# endregion
