"""Exercise 16: an API that documents itself well, from its own declarations."""

from fastapi import FastAPI
from pydantic import BaseModel, Field

# TODO 1: the app is titled "Cake shop", version "2.0.0"
app = FastAPI()

# TODO 2: a model Cake: name (a str, at least 2 characters) and price (a float above 0)


# TODO 3: POST /cakes takes a Cake and answers it back with 201, tagged "cakes",
#   with the summary "Order a cake" (so /docs shows it under that name)
