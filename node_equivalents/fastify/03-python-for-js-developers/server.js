// Lesson 03: the same app on Fastify; a route schema, not a type, is what converts and checks.
const Fastify = require("fastify");

// Object keys are always strings: MENU[2] and MENU["2"] are the same entry.
const MENU = {
  1: { name: "soup", price: 4.5, vegan: true },
  2: { name: "pie", price: 6.0, vegan: false },
  3: { name: "salad", price: 5.0, vegan: true },
};
const BILL = 30.0;

function build(opts = {}) {
  const app = Fastify(opts);

  app.get("/", async () => ({
    try: ["/items/2", "/items/0", "/hello", "/vegan", "/slow", "/share?people=0"],
  }));

  // region: focus
  // app.get<{ Params: { id: number } }> is erased when compiled;
  // the JSON Schema turns "2" into 2 and refuses "0" at run time.
  app.get("/items/:id", {
    schema: {
      params: {
        type: "object",
        properties: { id: { type: "integer", exclusiveMinimum: 0 } },
      },
    },
  }, async (request, reply) => {
    const { id } = request.params;
    const dish = MENU[id]; // a missing key is undefined, not an error
    if (dish === undefined) {
      return reply.code(404).send({ detail: "No such item" });
    }
    return { item_id: id, ...dish };
  });

  app.get("/hello", async (request) => {
    const { name } = request.query; // undefined when ?name= is absent
    return { name, greeting: `Hello, ${name || "stranger"}!` };
  });

  app.get("/vegan", async () => {
    const names = Object.values(MENU)
      .filter((dish) => dish.vegan)
      .map((dish) => dish.name);
    return { names, count: names.length };
  });

  app.get("/slow", async () => {
    // a promise, awaited
    await new Promise((resolve) => setTimeout(resolve, 200));
    return { waited_ms: 200 };
  });

  const query = { type: "object", properties: { people: { type: "integer" } } };

  app.get("/share", { schema: { querystring: query } }, async (request) => {
    // people=0: 30 / 0 is Infinity, no error thrown.
    const each = BILL / request.query.people;
    return { each: Math.round(each * 100) / 100 };
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
