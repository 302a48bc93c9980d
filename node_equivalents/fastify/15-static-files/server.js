// Lesson 15: static files. @fastify/static serves a folder under /static.
const path = require("path");
const Fastify = require("fastify");

function build(opts = {}) {
  const app = Fastify(opts);

  // region: focus
  app.register(require("@fastify/static"), {
    // Found next to this file, wherever node was started from.
    root: path.join(__dirname, "public"),
    prefix: "/static/",
  });

  app.get("/", async () => ({ stylesheet: "/static/style.css" }));
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
