"""Exercise 17: a language cookie and a name header."""

from typing import Annotated, Literal

from fastapi import Cookie, FastAPI, Header, Response

app = FastAPI(title="Exercise 17: headers and cookies")

GREETINGS = {"en": "Hello", "fr": "Bonjour", "de": "Hallo"}


@app.post("/lang/{code}")
def set_lang(code: Literal["en", "fr", "de"], response: Response):
    response.set_cookie("lang", code, max_age=3600)
    return {"lang": code}


@app.get("/greeting")
def greeting(
    response: Response,
    lang: Annotated[Literal["en", "fr", "de"], Cookie()] = "en",
    x_name: Annotated[str, Header()] = "guest",
):
    response.headers["Content-Language"] = lang
    return {"greeting": f"{GREETINGS[lang]}, {x_name}"}
