"""Lesson 28: FastAPI's TestClient calls the app in this process; no port, no server.

Run it from this folder with `pytest test_main.py`.
"""

# region: focus
from fastapi.testclient import TestClient
from main import app

# No server, no port: each request goes straight into the app.
client = TestClient(app)


def test_read_item():
    response = client.get("/items/1")
    assert response.status_code == 200
    assert response.json() == {"id": 1, "name": "soup"}


def test_missing_item_is_404():
    response = client.get("/items/99")
    assert response.status_code == 404
    assert response.json() == {"detail": "Item not found"}


def test_redirect_is_followed_by_default():
    response = client.get("/old-menu")
    assert response.status_code == 200  # /items/1's answer
    assert [r.status_code for r in response.history] == [307]
    assert str(response.url) == "http://testserver/items/1"


def test_redirect_itself():
    response = client.get("/old-menu", follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == "/items/1"


def test_no_real_server():
    assert client.get("/whoami").json() == {"host": "testserver"}
# endregion
