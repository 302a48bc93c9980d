"""Exercise 29: tests for main.py. Run them in this folder with `pytest`."""

import pytest
from fastapi.testclient import TestClient
from main import ItemRepo, app, get_repo


def test_health():
    assert TestClient(app).get("/health").json() == {"status": "ok"}


@pytest.fixture
def fake_repo():
    repo = ItemRepo([{"id": 1, "name": "test pie", "price": 1.0}])
    app.dependency_overrides[get_repo] = lambda: repo
    yield repo
    app.dependency_overrides.clear()


def test_items_come_from_the_repo_it_was_given(fake_repo):
    assert TestClient(app).get("/items").json() == [{"id": 1, "name": "test pie", "price": 1.0}]


def test_a_new_item_is_saved(fake_repo):
    response = TestClient(app).post("/items", json={"name": "pie", "price": 3.25})
    assert response.status_code == 201
    assert fake_repo.get(response.json()["id"]) == {"id": 2, "name": "pie", "price": 3.25}


def test_the_real_start_up_opens_the_seeded_repo():
    with TestClient(app) as client:
        assert client.get("/items/1").json() == {"id": 1, "name": "bread", "price": 2.5}
