"""Lesson 29: three ways into the app under test, and the lifespan each one runs (or not).

Run it from this folder with `pytest test_main.py`. The async tests need no extra plugin:
anyio, which FastAPI installs, brings its own pytest plugin and `@pytest.mark.anyio`.
"""

# region: focus
import pytest
from fastapi.testclient import TestClient
from httpx2 import ASGITransport, AsyncClient
from main import ItemRepo, app, get_repo


@pytest.fixture
def fake_repo():
    repo = ItemRepo([{"id": 7, "name": "test soup", "price": 1.0}])
    app.dependency_overrides[get_repo] = lambda: repo  # every Depends(get_repo) gets the fake
    yield repo
    app.dependency_overrides.clear()  # the next test gets the real get_repo back


def test_the_override_stands_in_for_the_repo(fake_repo):
    client = TestClient(app)  # no lifespan, and none needed: get_repo is never called
    assert client.get("/items").json() == [{"id": 7, "name": "test soup", "price": 1.0}]


def test_a_new_item_lands_in_the_fake(fake_repo):
    response = TestClient(app).post("/items", json={"name": "pie", "price": 3.25})
    assert response.status_code == 201
    assert fake_repo.get(8) == {"id": 8, "name": "pie", "price": 3.25}


def test_without_with_the_lifespan_never_runs():
    client = TestClient(app)
    assert client.get("/health").status_code == 200  # needs no repo
    with pytest.raises(AttributeError, match="'State' object has no attribute 'repo'"):
        client.get("/items")
    with pytest.raises(AttributeError):  # dependencies are solved before the body is validated
        client.post("/items", json={"name": "pie"})


def test_with_runs_the_lifespan():
    with TestClient(app) as client:  # start-up on entering, shutdown on leaving
        assert client.get("/items/1").json() == {"id": 1, "name": "soup", "price": 4.5}


@pytest.mark.anyio
async def test_async_client_with_the_fake(fake_repo):
    transport = ASGITransport(app=app)
    async with AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.get("/items/7")
    assert response.json() == {"id": 7, "name": "test soup", "price": 1.0}


@pytest.mark.anyio
async def test_asgi_transport_skips_the_lifespan_too():
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client:
        assert (await client.get("/health")).status_code == 200
        with pytest.raises(AttributeError, match="'State' object has no attribute 'repo'"):
            await client.get("/items")
# endregion
