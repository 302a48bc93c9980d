// Lesson 28: supertest starts the app on an ephemeral port for each request.
// Run it from this folder with `node --test server.test.js`.
// region: focus
const test = require("node:test");
const assert = require("node:assert/strict");
const request = require("supertest");

const app = require("./server"); // the app; it does not listen

test("read an item", async () => {
  const response = await request(app).get("/items/1");
  assert.equal(response.status, 200);
  assert.deepEqual(response.body, { id: 1, name: "soup" });
});

test("a missing item is 404", async () => {
  const response = await request(app).get("/items/99");
  assert.equal(response.status, 404);
  assert.deepEqual(response.body, { detail: "Item not found" });
});

test("a redirect is not followed by default", async () => {
  const response = await request(app).get("/old-menu");
  assert.equal(response.status, 302);
  assert.equal(response.headers.location, "/items/1");
});

test("follow it when asked", async () => {
  const response = await request(app).get("/old-menu").redirects(1);
  assert.equal(response.status, 200);
  assert.deepEqual(response.body, { id: 1, name: "soup" });
});

test("a real server on an ephemeral port", async () => {
  const response = await request(app).get("/whoami");
  assert.match(response.body.host, /^127\.0\.0\.1:\d+$/);
});
// endregion
