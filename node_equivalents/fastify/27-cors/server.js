// Lesson 27: CORS with @fastify/cors, given the same allow lists as the FastAPI app.
const Fastify = require("fastify");
const cors = require("@fastify/cors");

function build(opts = {}) {
  const app = Fastify(opts);

  // region: focus
  // Registered with no options, the plugin would allow every origin (`*`).
  app.register(cors, {
    origin: ["http://localhost:5173"], // the front-end's dev server
    methods: ["GET", "POST"],
    allowedHeaders: ["Content-Type"],
  });

  // What not to do, on one route (its config.cors overrides the options above):
  // every origin, and cookies too. @fastify/cors then sends `*` with credentials,
  // which browsers refuse.
  app.get("/careless/account", {
    config: { cors: { origin: "*", credentials: true } },
  }, async () => ({ customer: "ada", balance: 120 }));
  // endregion

  app.get("/menu", async () => ({ dishes: ["soup", "salad"] }));

  app.post("/orders", async () => ({ status: "cooking" }));

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
