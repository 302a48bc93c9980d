// Lesson 10: hooks, not middleware. onRequest runs on the way in, onSend on the way out.
const Fastify = require("fastify");
const { LogController } = Fastify;

function build(opts = {}) {
  const app = Fastify(opts);

  // region: focus
  // A request property is declared once, then given a fresh value per request.
  app.decorateRequest("trail", null);

  // onRequest hooks run first, for every request (an unmatched one too), in the order added.
  app.addHook("onRequest", async (request) => {
    request.trail = ["first"];
  });

  app.addHook("onRequest", async (request) => {
    request.trail.push("second");
  });

  // onSend runs for every reply, the 404 included, while headers can still change.
  app.addHook("onSend", async (request, reply, payload) => {
    reply.header("X-Process-Time", `${reply.elapsedTime.toFixed(2)}ms`);
    return payload;
  });

  // onResponse runs once the reply has left: the place for a log line.
  app.addHook("onResponse", async (request, reply) => {
    const ms = reply.elapsedTime.toFixed(2);
    request.log.info(`${request.method} ${request.url} -> ${reply.statusCode} in ${ms}ms`);
  });
  // endregion

  app.get("/hello", async () => ({ message: "hello" }));

  app.get("/trail", async (request) => ({ trail: request.trail }));

  return app;
}

module.exports = build;

if (require.main === module) {
  const port = Number(process.env.PORT) || 3001;
  // Fastify's own per-request log lines are off: the onResponse hook writes one per request.
  const logController = new LogController({ disableRequestLogging: true });
  build({ logger: true, logController }).listen({ port, host: process.env.HOST || "127.0.0.1" }).then(
    (address) => console.log(`Fastify listening on ${address}`),
    (err) => { throw err; }, // a busy port (EADDRINUSE) ends the process with a non-zero code
  );
}
