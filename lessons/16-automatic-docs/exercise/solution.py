"""Exercise 16: an API that documents itself well, from its own declarations."""

from fastapi import FastAPI
from pydantic import BaseModel, Field

app = FastAPI(title="Cake shop", version="2.0.0")

class Cake(BaseModel):
    name: str = Field(min_length=2)
    price: float = Field(gt=0)


@app.post("/cakes", status_code=201, response_model=Cake, tags=["cakes"], summary="Order a cake")
def order_cake(cake: Cake):
    return cake
