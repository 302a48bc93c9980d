// Lesson 06: a body schema parses and validates the JSON before the handler runs.
const Fastify = require("fastify");

function build(opts = {}) {
  const app = Fastify(opts);

  app.get("/", async () => ({ try: 'POST /items {"name": "soup", "price": 4.5}' }));

  // region: focus
  // The JSON Schema of an item: Fastify's counterpart of a Pydantic model.
  const Item = {
    type: "object",
    required: ["name", "price"],
    properties: {
      name: { type: "string" },
      price: { type: "number" },
      tags: { type: "array", items: { type: "string" }, default: [] },
    },
    additionalProperties: false, // unknown fields are dropped, not refused
  };

  // Fastify parses application/json (and text/plain) bodies itself: no plugin to register.
  app.post("/items", { schema: { body: Item } }, async (request) => {
    // request.body has passed the schema: price is a number, tags is filled in.
    return request.body;
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
