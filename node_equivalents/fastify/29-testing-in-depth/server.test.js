// Lesson 29: app.inject() against apps built with the repo each test wants.
// Run it from this folder with `node --test server.test.js`.
// region: focus
const { test } = require("node:test");
const assert = require("node:assert/strict");

const { build, ItemRepo } = require("./server");

function fakeRepo() {
  return new ItemRepo([{ id: 7, name: "test soup", price: 1 }]);
}

test("the fake goes in through build()", async (t) => {
  const app = build({ repo: fakeRepo() });
  t.after(() => app.close());
  const response = await app.inject({ method: "GET", url: "/items" });
  assert.equal(response.statusCode, 200);
  assert.deepEqual(response.json(), [{ id: 7, name: "test soup", price: 1 }]);
});

test("a new item lands in the fake", async (t) => {
  const repo = fakeRepo();
  const app = build({ repo });
  t.after(() => app.close());
  const response = await app.inject({ method: "POST", url: "/items", payload: { name: "pie", price: 3.25 } });
  assert.equal(response.statusCode, 201);
  assert.deepEqual(repo.get(8), { id: 8, name: "pie", price: 3.25 });
});

test("inject() runs the onReady hooks: the real repo is open", async (t) => {
  const app = build();
  t.after(() => app.close());
  const response = await app.inject({ method: "GET", url: "/items/1" });
  assert.deepEqual(response.json(), { id: 1, name: "soup", price: 4.5 });
});

test("a refused body is ajv's 400", async (t) => {
  const app = build({ repo: fakeRepo() });
  t.after(() => app.close());
  const response = await app.inject({ method: "POST", url: "/items", payload: { name: "pie" } });
  assert.equal(response.statusCode, 400);
});
// endregion
