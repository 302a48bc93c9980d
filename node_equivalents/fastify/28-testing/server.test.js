// Lesson 28: app.inject() hands each request to the app in this process; no port, no server.
// Run it from this folder with `node --test server.test.js`.
// region: focus
const { test, after } = require("node:test");
const assert = require("node:assert/strict");

const build = require("./server"); // the factory; nothing listens

const app = build();
after(() => app.close()); // the first inject() booted it (plugins, hooks)

test("read an item", async () => {
  const response = await app.inject({ method: "GET", url: "/items/1" });
  assert.equal(response.statusCode, 200);
  assert.deepEqual(response.json(), { id: 1, name: "soup" });
});

test("a missing item is 404", async () => {
  const response = await app.inject({ method: "GET", url: "/items/99" });
  assert.equal(response.statusCode, 404);
  assert.deepEqual(response.json(), { detail: "Item not found" });
});

test("a redirect is not followed", async () => {
  const response = await app.inject({ method: "GET", url: "/old-menu" });
  assert.equal(response.statusCode, 302);
  assert.equal(response.headers.location, "/items/1");
});

test("follow it by hand", async () => {
  const first = await app.inject({ method: "GET", url: "/old-menu" });
  const response = await app.inject({ method: "GET", url: first.headers.location });
  assert.equal(response.statusCode, 200);
  assert.deepEqual(response.json(), { id: 1, name: "soup" });
});

test("no real server", async () => {
  const response = await app.inject({ method: "GET", url: "/whoami" });
  assert.deepEqual(response.json(), { host: "localhost:80" });
  assert.equal(app.server.listening, false);
});
// endregion
