// Lesson 12: a header schema and preHandler hooks fill in request.user before the handler.
const Fastify = require("fastify");
const { LogController } = Fastify;

const TOKENS = { "secret-alice": "alice" };

function build(opts = {}) {
  const app = Fastify(opts);

  // region: focus
  // What the hooks hand on, declared once; each request gets its own values.
  app.decorateRequest("user", null);
  app.decorateRequest("audit", null);
  app.decorateRequest("db", null);
  app.decorateRequest("lookups", 0);

  async function currentUser(request, reply) {
    request.lookups += 1;
    const token = request.headers["x-token"]; // the schema made sure it is there
    if (!Object.hasOwn(TOKENS, token)) {
      return reply.code(401).send({ detail: "Invalid token" }); // the hooks after this one never run
    }
    request.user = TOKENS[token];
  }

  async function audit(request) {
    // Reads what currentUser stored on the request.
    request.audit = `seen ${request.user}`;
  }

  async function openSession(request) {
    request.db = { open: true };
  }

  async function closeSession(request) {
    if (request.db === null) return; // the request stopped before the session opened
    request.db.open = false; // after the response, or once the client has gone away
    request.log.info("session closed");
  }

  app.get("/me", {
    schema: {
      headers: {
        type: "object",
        properties: { "x-token": { type: "string" } },
        required: ["x-token"],
      },
    },
    preHandler: [currentUser, audit, openSession], // in this order, after validation
    onResponse: closeSession, // the response has been sent
    onRequestAbort: closeSession, // the client went away first: onResponse never runs
  }, async (request) => ({
    user: request.user,
    audit: request.audit,
    lookups: request.lookups,
    session_open: request.db.open,
  }));
  // endregion

  return app;
}

module.exports = build;

if (require.main === module) {
  const port = Number(process.env.PORT) || 3001;
  // Fastify's own per-request lines are off, so the "session closed" lines stand out.
  const logController = new LogController({ disableRequestLogging: true });
  build({ logger: true, logController }).listen({ port, host: process.env.HOST || "127.0.0.1" }).then(
    (address) => console.log(`Fastify listening on ${address}`),
    (err) => { throw err; }, // a busy port (EADDRINUSE) ends the process with a non-zero code
  );
}
