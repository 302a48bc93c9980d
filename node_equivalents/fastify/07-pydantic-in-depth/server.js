// Lesson 07: JSON Schemas for the body, the params and the answer; setErrorHandler turns ajv's errors into a 400.
const Fastify = require("fastify");

const DISHES = new Map([
  [1, { name: "Tomato soup", price: 4.5, cost: 1.2, note: null,
    supplier: { name: "Green Farm", country: "FR" } }],
  [2, { name: "Bread", price: 2.0, cost: 0.4, note: "baked at six",
    supplier: { name: "Mill & Co", country: "BE" } }],
]);

function build(opts = {}) {
  // Fastify's ajv removes unknown keys where a schema says additionalProperties: false;
  // with removeAdditional off it refuses them, as extra="forbid" does.
  const app = Fastify({ ...opts, ajv: { customOptions: { removeAdditional: false } } });

  app.get("/", async () => ({
    try: ["/dishes/1", "/dishes/1.0", "/dishes/0x1", 'PATCH /dishes/2 {"note": null}'],
  }));

  app.decorateRequest("dish", null);

  async function findDish(request, reply) { // a preHandler: runs after validation
    request.dish = DISHES.get(request.params.id);
    if (!request.dish) return reply.code(404).send({ detail: "Dish not found" });
  }

  // region: focus
  const Supplier = { // each object schema says its own rule about unknown keys
    type: "object",
    required: ["name", "country"],
    properties: { name: { type: "string" }, country: { type: "string" } },
    additionalProperties: false,
  };

  const fields = {
    name: { type: "string", minLength: 1 },
    price: { type: "number", exclusiveMinimum: 0 }, // ajv turns "4.5" into 4.5
    cost: { type: "number", exclusiveMinimum: 0 }, // what the kitchen pays: never shown
    supplier: Supplier,
    note: { type: ["string", "null"] },
  };

  const DishCreate = {
    type: "object",
    required: ["name", "price", "cost", "supplier"],
    properties: { ...fields, note: { ...fields.note, default: null } },
    additionalProperties: false,
  };

  const DishUpdate = { type: "object", properties: fields, additionalProperties: false };

  const DishPublic = { // the response schema: what a guest sees, no cost
    type: "object",
    properties: {
      name: { type: "string" },
      price: { type: "number" },
      supplier: Supplier,
      note: { type: ["string", "null"] },
    },
  };

  const params = { type: "object", properties: { id: { type: "integer" } } };

  app.setErrorHandler(async (error, request, reply) => {
    if (!error.validation) throw error; // not ajv's: Fastify's own handling
    const issues = error.validation.map((e) => ({
      path: [error.validationContext, ...e.instancePath.split("/").slice(1)],
      code: e.keyword,
      message: e.message,
    }));
    return reply.code(400).send({ error: "Invalid request", issues });
  });

  app.post("/dishes", { schema: { body: DishCreate, response: { 201: DishPublic } } },
    async (request, reply) => {
      const id = Math.max(...DISHES.keys()) + 1;
      DISHES.set(id, request.body);
      return reply.code(201).header("location", `/dishes/${id}`).send(request.body);
    });

  const one = { params, response: { 200: DishPublic } };

  app.get("/dishes/:id", { schema: one, preHandler: findDish },
    async (request) => request.dish); // "1.0" and " 1" arrive as 1

  app.patch("/dishes/:id", { schema: { ...one, body: DishUpdate }, preHandler: findDish },
    async (request) => Object.assign(request.dish, request.body)); // only what was sent

  // ajv coerces for the whole instance: JSON Schema has no strict switch per field.
  app.get("/strict/dishes/:id", { schema: one, preHandler: findDish },
    async (request) => request.dish);
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
