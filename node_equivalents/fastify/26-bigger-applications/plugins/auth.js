// A shared plugin. fastify-plugin lifts its decorator out of its own scope, onto the root instance,
// so every plugin registered after it can use app.requireToken.
const fp = require("fastify-plugin");

const TOKENS = { "secret-alice": "alice" };

// region: focus
async function auth(app) {
  app.decorateRequest("user", null);
  app.decorate("tokens", TOKENS);
  app.decorate("requireToken", async function requireToken(request, reply) {
    const token = request.headers["x-token"];
    if (token === undefined) {
      return reply.code(401).send({ detail: "Missing X-Token header" });
    }
    if (!Object.hasOwn(TOKENS, token)) {
      return reply.code(401).send({ detail: "Invalid X-Token header" });
    }
    request.user = TOKENS[token];
  });
}
// endregion

module.exports = fp(auth, { name: "auth" });
