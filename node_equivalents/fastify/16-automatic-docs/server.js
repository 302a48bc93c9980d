// Lesson 16: the same bakery in Fastify. Route schemas validate, and two plugins turn them into docs.
const Fastify = require("fastify");

// region: focus
const Bread = {
  $id: "Bread",
  type: "object",
  required: ["name", "price"],
  properties: {
    name: { type: "string", examples: ["sourdough"] },
    price: { type: "number", exclusiveMinimum: 0, description: "Euros, more than zero." },
  },
};

// The routes, as a plugin: registered after @fastify/swagger, so it sees each one being added.
async function bakery(app) {
  const breads = [
    { name: "sourdough", price: 4.5 },
    { name: "rye", price: 3.0 },
  ];

  app.get("/breads", {
    schema: {
      tags: ["breads"],
      summary: "List the breads",
      description: "Everything baked today, in the order it left the oven.",
      response: { 200: { type: "array", items: { $ref: "Bread#" } } },
    },
  }, async () => breads);

  app.post("/breads", {
    schema: {
      tags: ["breads"],
      summary: "Bake a bread",
      description: "Adds a bread; a price of zero or less is refused with a 400.",
      body: { $ref: "Bread#" },
      response: { 201: { $ref: "Bread#" } },
    },
  }, async (request, reply) => {
    breads.push(request.body);
    return reply.code(201).send(request.body);
  });
}

function build(opts = {}) {
  const app = Fastify(opts);
  app.addSchema(Bread);

  // @fastify/swagger collects every route's schema into an OpenAPI document...
  app.register(require("@fastify/swagger"), {
    openapi: {
      openapi: "3.1.0", // the default, 3.0.3, predates the JSON Schema our schemas are written in
      info: {
        title: "Lesson 16: the bakery API",
        version: "1.0.0",
        description: "Every route below describes itself; nobody wrote this page by hand.",
      },
    },
    // Name shared schemas by their $id (Bread), not def-0, def-1...
    refResolver: { buildLocalReference: (json, baseUri, fragment, i) => json.$id || `def-${i}` },
  });
  // ...and @fastify/swagger-ui serves Swagger UI for it at /docs, the spec at /docs/json.
  app.register(require("@fastify/swagger-ui"), { routePrefix: "/docs" });

  app.register(bakery);

  // The spec at FastAPI's address too; `hide` keeps this route out of the spec itself.
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  return app;
}
// endregion
// No /redoc: no official Fastify plugin serves ReDoc.

module.exports = build;

if (require.main === module) {
  const port = Number(process.env.PORT) || 3001;
  build().listen({ port, host: process.env.HOST || "127.0.0.1" }).then(
    (address) => console.log(`Fastify listening on ${address}`),
    (err) => { throw err; }, // a busy port (EADDRINUSE) ends the process with a non-zero code
  );
}
