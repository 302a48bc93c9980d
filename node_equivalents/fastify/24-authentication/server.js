// Lesson 24: @fastify/jwt and bcryptjs for the login, a hook guarding a plugin.
const crypto = require("node:crypto");
const bcrypt = require("bcryptjs");
const Fastify = require("fastify");

// region: focus
// Fixed so the demos can be repeated; a real app reads them from settings (lesson 23).
const SECRET_KEY = "lesson-25-fixed-secret-for-the-demos-only";
const API_KEY = "kitchen-key";

// The demo user. Only the hash is kept, computed once at start-up.
const USERNAME = "alice";
const PASSWORD_HASH = bcrypt.hashSync("wonderland", 10);

// Constant time: hashing both first gives timingSafeEqual the equal lengths it needs.
const digest = (text) => crypto.createHash("sha256").update(text).digest();
const sameKey = (key) => crypto.timingSafeEqual(digest(key), digest(API_KEY));

const Login = {
  type: "object",
  required: ["username", "password"],
  properties: { username: { type: "string" }, password: { type: "string" } },
};

function build(opts = {}) {
  const app = Fastify(opts);
  app.register(require("@fastify/jwt"), {
    secret: SECRET_KEY,
    sign: { expiresIn: "30m" }, // for every token app.jwt.sign() makes
  });
  // The login reads JSON, and forms too (what OAuth2 clients send).
  app.register(require("@fastify/formbody"));

  app.post("/token", { schema: { body: Login } }, async (request, reply) => {
    const { username, password } = request.body;
    // Compare first, whatever the name: a wrong name takes as long as a wrong password.
    const good = await bcrypt.compare(password, PASSWORD_HASH);
    if (!good || username !== USERNAME) {
      return reply.code(401).send({ detail: "Incorrect username or password" });
    }
    return { access_token: app.jwt.sign({ sub: username }), token_type: "bearer" };
  });

  // Reads "Authorization: Bearer <token>", checks the signature and exp and sets
  // request.user; anything wrong throws @fastify/jwt's own 401.
  async function requireUser(request) {
    await request.jwtVerify();
  }

  app.get("/me", { onRequest: requireUser }, async (request) => {
    return { username: request.user.sub };
  });

  // A plugin: the hook it adds runs for its own routes only (encapsulation).
  async function adminRoutes(admin) {
    admin.addHook("onRequest", async (request, reply) => {
      const key = request.headers["x-api-key"];
      if (key === undefined || !sameKey(key)) {
        return reply.code(401).send({ detail: "Invalid API key" });
      }
    });

    admin.get("/stats", async () => ({ users: 1, orders: 42 }));
  }

  app.register(adminRoutes, { prefix: "/admin" });
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
