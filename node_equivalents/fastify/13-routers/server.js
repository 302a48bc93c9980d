// Lesson 13: routers. In Fastify a group of routes is a plugin, registered under a prefix.
const Fastify = require("fastify");

const ITEMS = { 1: "soup", 2: "salad" };

// region: focus
// A plugin: an async function that adds routes to the instance it is given.
async function itemsRoutes(items) {
  items.get("/", async () => ({ items: Object.values(ITEMS).sort() }));

  items.get("/:id", {
    schema: { params: { type: "object", properties: { id: { type: "integer" } } } },
  }, async (request, reply) => {
    const { id } = request.params;
    if (!Object.hasOwn(ITEMS, id)) {
      return reply.code(404).send({ detail: "Item not found" });
    }
    return { id, name: ITEMS[id] };
  });
}

function build(opts = {}) {
  const app = Fastify(opts);
  // Inside, the plugin's routes are written without the /items part.
  app.register(itemsRoutes, { prefix: "/items" });
  return app;
}
// endregion

module.exports = build;

if (require.main === module) {
  const port = Number(process.env.PORT) || 3001;
  build().listen({ port, host: process.env.HOST || "127.0.0.1" }).then(
    (address) => console.log(`Fastify listening on ${address}`),
    (err) => { throw err; }, // a busy port (EADDRINUSE) ends the process with a non-zero code
  );
}
