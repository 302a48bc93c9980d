// Lesson 14: templates. @fastify/view renders EJS; <%= %> escapes HTML.
const path = require("path");
const Fastify = require("fastify");

function build(opts = {}) {
  const app = Fastify(opts);

  // region: focus
  app.register(require("@fastify/view"), {
    engine: { ejs: require("ejs") },
    // Found next to this file, wherever node was started from.
    root: path.join(__dirname, "views"),
  });

  app.get("/hello", {
    schema: {
      querystring: {
        type: "object",
        properties: { name: { type: "string", default: "world" } },
      },
    },
  }, async (request, reply) => {
    // Renders views/hello.ejs to a string (<%= name %> is escaped there);
    // viewAsync also sets Content-Type: text/html.
    return reply.viewAsync("hello.ejs", { name: request.query.name, dishes: ["soup", "salad"] });
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
