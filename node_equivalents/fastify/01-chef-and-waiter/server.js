// Lesson 01: the chef. A Fastify instance is the app; Node's http server is still the waiter.
const Fastify = require("fastify");

// region: focus
function build(opts = {}) {
  const app = Fastify(opts);

  // An async handler returns the value; Fastify serialises it to JSON.
  app.get("/", async () => ({ message: "Hello from the chef", kitchen: "open" }));

  app.get("/menu", async () => ({ dishes: ["soup", "salad"], count: 2 }));

  return app;
}

module.exports = build;

if (require.main === module) {
  // listen() creates Node's http.Server (the waiter) and hands it the app.
  const port = Number(process.env.PORT) || 3001;
  build().listen({ port, host: process.env.HOST || "127.0.0.1" }).then(
    (address) => console.log(`Fastify listening on ${address}`),
    (err) => { throw err; }, // a busy port (EADDRINUSE) ends the process with a non-zero code
  );
}
// endregion
