// Lesson 31: behind a proxy, request.ip and request.protocol come from the socket until trustProxy is set.
const Fastify = require("fastify");

function build(opts = {}) {
  // region: focus
  // Fastify's default, written out: trust no proxy, so X-Forwarded-* headers are ignored.
  // Behind nginx on the same machine you would pass trustProxy: "127.0.0.1".
  const app = Fastify({ trustProxy: process.env.TRUST_PROXY || false, ...opts });

  app.get("/whoami", async (request) => ({ ip: request.ip, scheme: request.protocol }));

  app.get("/go", async (request, reply) => {
    // An absolute URL to /whoami, built from what Fastify believes the scheme is.
    return reply.redirect(`${request.protocol}://${request.host}/whoami`, 307);
  });
  // endregion

  app.get("/", async () => ({
    try: "GET /whoami with X-Forwarded-For: 203.0.113.7 and X-Forwarded-Proto: https",
  }));

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
