// Lesson 04: a route schema converts and validates req.params before the handler runs.
const Fastify = require("fastify");

const DISHES = { 1: "soup", 2: "salad", 3: "bread" };

function build(opts = {}) {
  const app = Fastify(opts);

  app.get("/", async () => ({
    try: ["/items/3", "/items/abc", "/items/3abc", "/items/0"],
  }));

  // region: focus
  app.get("/items/:id", {
    schema: {
      params: {
        type: "object",
        properties: { id: { type: "integer", exclusiveMinimum: 0 } },
      },
    },
  }, async (request) => {
    // ajv has already turned "3" into 3; "abc", "3abc" and "0" never get here.
    const itemId = request.params.id;
    return { item_id: itemId, dish: DISHES[itemId] ?? null };
  });
  // endregion

  return app;
}

module.exports = build;

if (require.main === module) {
  const port = Number(process.env.PORT) || 3001;
  build().listen({ port, host: process.env.HOST || "127.0.0.1" }).then(
    (address) => console.log(`Fastify listening on ${address}`),
    (err) => { throw err; }, // a busy port (EADDRINUSE) ends the process with a non-zero code
  );
}
