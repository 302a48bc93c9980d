"""Exercise 28: tests for main.py. Run them in this folder with `pytest`."""

from fastapi.testclient import TestClient
from main import app

client = TestClient(app)


def test_read_item():
    response = client.get("/items/1")
    assert response.status_code == 200
    assert response.json() == {"id": 1, "name": "soup", "price": 4.5}


def test_missing_item_is_404():
    response = client.get("/items/99")
    assert response.status_code == 404
    assert response.json() == {"detail": "Item not found"}


def test_create_item_is_201():
    response = client.post("/items", json={"name": "pie", "price": 3.25})
    assert response.status_code == 201
    assert response.json()["name"] == "pie"


def test_negative_price_is_422():
    assert client.post("/items", json={"name": "pie", "price": -1}).status_code == 422


def test_old_menu_redirects_with_307():
    response = client.get("/old-menu", follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == "/items/1"
