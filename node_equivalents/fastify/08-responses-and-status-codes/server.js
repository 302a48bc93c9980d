// Lesson 08: the status is set on reply; a response schema decides what goes out.
const Fastify = require("fastify");

function build(opts = {}) {
  const app = Fastify(opts);

  app.get("/", async () => ({ try: ["POST /items", "/old-home", "/greeting"] }));

  // region: focus
  const ItemIn = {
    type: "object",
    required: ["name", "price"],
    properties: {
      name: { type: "string" },
      price: { type: "number" },
      secret_recipe: { type: "string", default: "" },
    },
  };

  const ItemOut = { // what the client may see
    type: "object",
    properties: { name: { type: "string" }, price: { type: "number" } },
  };

  app.post("/items", {
    schema: { body: ItemIn, response: { 201: ItemOut } },
  }, async (request, reply) => {
    reply.code(201);
    return request.body; // the 201 schema drops secret_recipe
  });

  app.get("/old-home", async (request, reply) => {
    return reply.redirect("/"); // 302 unless you pass a code
  });

  app.get("/greeting", async () => {
    return "Hello"; // a string is sent as it is, as text/plain
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
