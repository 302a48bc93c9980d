// Lesson 29: supertest against apps built with the repo each test wants.
// Run it from this folder with `node --test server.test.js`.
// region: focus
const test = require("node:test");
const assert = require("node:assert/strict");
const request = require("supertest");

const { createApp, ItemRepo, openRepo } = require("./server");

function fakeRepo() {
  return new ItemRepo([{ id: 7, name: "test soup", price: 1 }]);
}

test("the fake goes in through the factory", async () => {
  const response = await request(createApp({ repo: fakeRepo() })).get("/items");
  assert.equal(response.status, 200);
  assert.deepEqual(response.body, [{ id: 7, name: "test soup", price: 1 }]);
});

test("a new item lands in the fake", async () => {
  const repo = fakeRepo();
  const response = await request(createApp({ repo })).post("/items").send({ name: "pie", price: 3.25 });
  assert.equal(response.status, 201);
  assert.deepEqual(repo.get(8), { id: 8, name: "pie", price: 3.25 });
});

test("no repo, no app: the factory refuses at once", () => {
  assert.throws(() => createApp(), /createApp needs a repo/);
});

test("the real start-up is a function to await", async () => {
  const app = createApp({ repo: await openRepo() });
  const response = await request(app).get("/items/1");
  assert.deepEqual(response.body, { id: 1, name: "soup", price: 4.5 });
});

test("a refused body is the twin's own 400", async () => {
  const response = await request(createApp({ repo: fakeRepo() })).post("/items").send({ name: "pie" });
  assert.equal(response.status, 400);
});
// endregion
