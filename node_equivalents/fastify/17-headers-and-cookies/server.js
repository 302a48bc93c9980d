// Lesson 17: request.headers and @fastify/cookie to read; reply.header and reply.setCookie to write.
const Fastify = require("fastify");

function build(opts = {}) {
  const app = Fastify(opts);
  app.register(require("@fastify/cookie")); // without it request.cookies is undefined

  // region: focus
  app.get("/whoami", async (request) => ({
    user_agent: request.headers["user-agent"] ?? null, // Node lowercases every header name
    request_id: request.headers["x-request-id"] ?? null,
    session: request.cookies.session ?? null,
  }));

  app.post("/login", async (request, reply) => {
    reply.setCookie("session", "abc123", { httpOnly: true });
    reply.header("X-Served-By", "kitchen-1");
    return { logged_in: true };
  });

  app.post("/logout", async (request, reply) => {
    reply.clearCookie("session");
    return { logged_in: false };
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
