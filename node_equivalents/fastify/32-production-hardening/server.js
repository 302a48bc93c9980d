// Lesson 32: @fastify/helmet, @fastify/compress, @fastify/rate-limit and Fastify's own bodyLimit.
const Fastify = require("fastify");
const helmet = require("@fastify/helmet");
const compress = require("@fastify/compress");
const rateLimit = require("@fastify/rate-limit");

const DISHES = [["soup", 4.5], ["salad", 6.0], ["steak", 18.0], ["bread", 2.5], ["tart", 5.5], ["fish", 15.0]]
  .map(([name, price], i) => ({ id: i + 1, name, price, notes: "Made fresh every morning in our own kitchen, from the market." }));

function build(opts = {}) {
  const app = Fastify(opts); // bodyLimit: 1 MiB unless you pass another

  // region: focus
  const ALLOWED_HOSTS = ["127.0.0.1", "localhost"];

  // Nothing built in checks the Host header: a hook of our own, first of all.
  app.addHook("onRequest", async (request, reply) => {
    if (!ALLOWED_HOSTS.includes(request.hostname)) {
      return reply.code(400).type("text/plain").send("Invalid host header");
    }
  });
  app.register(helmet); // a dozen security headers
  app.register(compress); // gzip when the client accepts it and the body is 1 KB or more
  app.register(rateLimit, { global: false }); // limits only on routes that ask for one

  app.register(async (app) => {
    app.post("/notes", {
      schema: { body: { type: "object", required: ["text"], properties: { text: { type: "string" } } } },
    }, async (request) => ({ length: request.body.text.length }));

    // 2 requests per client per minute on this route.
    app.get("/quota", { config: { rateLimit: { max: 2, timeWindow: "1 minute" } } }, async () => ({ ok: true }));
    // endregion

    app.get("/", async () => ({ try: ["GET /menu", "POST /notes", "GET /quota"] }));
    app.get("/menu", async () => DISHES);
  });

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
