// Lesson 26: bigger applications. server.js only assembles: plugins/ and routes/ are registered in order.
const Fastify = require("fastify");

// region: focus
// plugins/auth.js   fastify-plugin: decorates the root instance with requireToken
// routes/items.js   a plugin: public
// routes/users.js   a plugin that adds requireToken as an onRequest hook in its own scope
function build(opts = {}) {
  const app = Fastify(opts);
  app.register(require("./plugins/auth"));
  app.register(require("./routes/items"), { prefix: "/items" });
  app.register(require("./routes/users"), { prefix: "/users" });
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
