"""Exercise 28: tests for main.py. Run them in this folder with `pytest`."""

from fastapi.testclient import TestClient
from main import app

client = TestClient(app)


def test_read_item():
    response = client.get("/items/1")
    assert response.status_code == 200
    assert response.json() == {"id": 1, "name": "soup", "price": 4.5}


# TODO: one test per behaviour of main.py, each asserting the status code
#   (and the part of the body that matters):
#   - GET /items/99 is a 404 with {"detail": "Item not found"}
#   - POST /items with {"name": "pie", "price": 3.25} is a 201 whose body has that name
#   - POST /items with a negative price is a 422
#   - GET /old-menu is a 307 redirect to /items/1 (TestClient follows
#     redirects unless you pass follow_redirects=False)
