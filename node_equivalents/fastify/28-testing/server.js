// Lesson 28: the app under test. server.test.js drives it with app.inject().
const Fastify = require("fastify");

const ITEMS = { 1: { id: 1, name: "soup" }, 2: { id: 2, name: "salad" } };

// region: focus
// What a test needs: a fresh app it can build, not one that already listens.
function build(opts = {}) {
  const app = Fastify(opts);

  app.get("/items/:id", {
    schema: { params: { type: "object", properties: { id: { type: "integer" } } } },
  }, async (request, reply) => {
    const item = ITEMS[request.params.id];
    if (!item) {
      return reply.code(404).send({ detail: "Item not found" });
    }
    return item;
  });

  app.get("/old-menu", async (request, reply) => {
    return reply.redirect("/items/1"); // 302 Found
  });

  app.get("/whoami", async (request) => {
    // Under app.inject() there is no socket: the Host header says "localhost:80".
    return { host: request.headers.host };
  });

  return app;
}

module.exports = build;
// endregion

if (require.main === module) {
  const port = Number(process.env.PORT) || 3001;
  build().listen({ port, host: process.env.HOST || "127.0.0.1" }).then(
    (address) => console.log(`Fastify listening on ${address}`),
    (err) => { throw err; }, // a busy port (EADDRINUSE) ends the process with a non-zero code
  );
}
