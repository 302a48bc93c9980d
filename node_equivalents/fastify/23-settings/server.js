// Lesson 23: settings with @fastify/env, a JSON Schema for the environment checked at start-up.
const path = require("node:path");
const Fastify = require("fastify");
const fastifyEnv = require("@fastify/env");

// region: focus
const settingsSchema = {
  type: "object",
  properties: {
    SHOP_NAME: { type: "string", default: "Lesson 23 shop" },
    SHOP_DEBUG: { type: "boolean", default: false }, // only "true" and "false" convert
    SHOP_MAX_ITEMS: { type: "integer", default: 10 }, // "lots" stops the app at start-up
  },
};

function build(opts = {}) {
  const app = Fastify(opts);
  // Reads the environment and settings.env (the environment wins), converts, validates, and
  // puts the result on app.config. A bad value makes listen() and ready() reject.
  app.register(fastifyEnv, { schema: settingsSchema, dotenv: { path: path.join(__dirname, "settings.env") } });

  app.get("/settings", async () => ({
    name: app.config.SHOP_NAME,
    debug: app.config.SHOP_DEBUG,
    max_items: app.config.SHOP_MAX_ITEMS,
  }));
  // endregion

  app.get("/environ", async () => ({
    // What the process environment holds: @fastify/env read the file without exporting it.
    // (`?? null` keeps the keys: JSON.stringify leaves out undefined values.)
    SHOP_DEBUG: process.env.SHOP_DEBUG ?? null,
    SHOP_MAX_ITEMS: process.env.SHOP_MAX_ITEMS ?? null,
  }));

  return app;
}

module.exports = build;

if (require.main === module) {
  const port = Number(process.env.PORT) || 3001;
  build().listen({ port, host: process.env.HOST || "127.0.0.1" }).then(
    (address) => console.log(`Fastify listening on ${address}`),
    (err) => { throw err; }, // a busy port (EADDRINUSE) or a bad setting ends the process with a non-zero code
  );
}
