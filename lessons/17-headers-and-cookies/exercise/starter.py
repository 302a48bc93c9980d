"""Exercise 17: a language cookie and a name header."""

from typing import Annotated, Literal

from fastapi import Cookie, FastAPI, Header, Response

app = FastAPI(title="Exercise 17: headers and cookies")

GREETINGS = {"en": "Hello", "fr": "Bonjour", "de": "Hallo"}


# TODO 1: POST /lang/{code}, code one of "en", "fr", "de":
#   set the cookie lang=<code> for one hour (max_age, nothing else) and answer {"lang": code}


# TODO 2: GET /greeting reads
#   - the cookie lang: one of "en", "fr", "de", "en" when absent
#   - the header X-Name: "guest" when absent
#   answers {"greeting": "Bonjour, Ada"} with the response header Content-Language: fr
