"""Exercise 29: tests for main.py. Run them in this folder with `pytest`."""

import pytest
from fastapi.testclient import TestClient
from main import ItemRepo, app, get_repo


def test_health():
    assert TestClient(app).get("/health").json() == {"status": "ok"}


# TODO 1: a fixture, `fake_repo`, that builds an ItemRepo with one item of your own,
#   puts it in app.dependency_overrides[get_repo], yields it, and clears the
#   overrides afterwards.
# TODO 2: with fake_repo, GET /items answers exactly the fake's items.
# TODO 3: with fake_repo, POST /items {"name": "pie", "price": 3.25} is a 201 and
#   the new item is in the fake afterwards (ask the repo itself: fake_repo.get(...)).
# TODO 4: without any override, the real start-up opens a repo where GET /items/1
#   is {"id": 1, "name": "bread", "price": 2.5}. A bare TestClient(app) does not
#   run the lifespan: use `with TestClient(app) as client:`.
