// Lesson 05: a querystring schema gives each query value a type and a default.
const Fastify = require("fastify");

function build(opts = {}) {
  const app = Fastify(opts);

  app.get("/", async () => ({ try: "/search?q=soup&limit=5&tag=hot&tag=vegan" }));

  // region: focus
  app.get("/search", {
    schema: {
      querystring: {
        type: "object",
        properties: {
          q: { type: "string" }, // optional: absent stays undefined
          limit: { type: "integer", default: 10 }, // "5" arrives as 5, "ten" is a 400
          // An array type collects a repeated key; one tag becomes ["hot"].
          tag: { type: "array", items: { type: "string" }, default: [] },
        },
      },
    },
  }, async (request) => {
    const { q = null, limit, tag } = request.query;
    return { q, limit, tags: tag };
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
