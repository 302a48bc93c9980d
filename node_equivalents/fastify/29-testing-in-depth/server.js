// Lesson 29: build() takes the repo a test wants; without one, an onReady hook opens the real one.
const Fastify = require("fastify");

class ItemRepo {
  // An in-memory store, standing in for a database.
  constructor(items = []) {
    this.items = new Map(items.map((item) => [item.id, item]));
  }

  all() {
    return [...this.items.values()];
  }

  get(id) {
    return this.items.get(id);
  }

  add(name, price) {
    const item = { id: Math.max(0, ...this.items.keys()) + 1, name, price };
    this.items.set(item.id, item);
    return item;
  }
}

async function openRepo() {
  // Stands in for slow start-up work: connecting to a database.
  await new Promise((resolve) => setTimeout(resolve, 100));
  return new ItemRepo([{ id: 1, name: "soup", price: 4.5 }, { id: 2, name: "salad", price: 6.0 }]);
}

const newItem = {
  type: "object",
  required: ["name", "price"],
  properties: { name: { type: "string" }, price: { type: "number", exclusiveMinimum: 0 } },
};

// region: focus
function build({ repo, ...opts } = {}) {
  const app = Fastify(opts);
  app.decorate("repo", repo ?? null); // handlers reach it as request.server.repo

  if (!repo) {
    // No repo given: open the real one at start-up. onReady runs inside listen(),
    // ready(), and the first inject() of a test.
    app.addHook("onReady", async function () {
      this.repo = await openRepo();
    });
  }

  app.get("/items", async (request) => request.server.repo.all());

  app.get("/items/:id", {
    schema: { params: { type: "object", properties: { id: { type: "integer" } } } },
  }, async (request, reply) => {
    const item = request.server.repo.get(request.params.id);
    if (!item) return reply.code(404).send({ detail: "Item not found" });
    return item;
  });

  app.post("/items", { schema: { body: newItem } }, async (request, reply) => {
    const { name, price } = request.body;
    return reply.code(201).send(request.server.repo.add(name, price));
  });

  app.get("/health", async () => ({ status: "ok" }));

  return app;
}

module.exports = { build, ItemRepo, openRepo };
// endregion

if (require.main === module) {
  const port = Number(process.env.PORT) || 3001;
  build().listen({ port, host: process.env.HOST || "127.0.0.1" }).then(
    (address) => console.log(`Fastify listening on ${address}`),
    (err) => { throw err; }, // a busy port (EADDRINUSE) ends the process with a non-zero code
  );
}
