// Lesson 30: the same app, served by one process or by a cluster of them.
const cluster = require("node:cluster");
const Fastify = require("fastify");

// Fastify sends no x-powered-by (nor server) header: nothing to turn off.
function build(opts = {}) {
  const app = Fastify(opts);

  app.get("/", async () => ({ message: "served for real", try: ["/health", "/work?ms=5"] }));

  app.get("/health", async () => ({ status: "ok" }));

  // region: focus
  app.get("/work", {
    schema: {
      querystring: {
        type: "object",
        properties: { ms: { type: "number", minimum: 0, maximum: 1000, default: 5 } },
      },
    },
  }, async (request) => {
    const { ms } = request.query;
    const end = performance.now() + ms; // spend `ms` ms of CPU
    while (performance.now() < end) {}
    return { pid: process.pid, worked_ms: ms }; // who did it
  });

  return app;
}

module.exports = build;

if (require.main === module) {
  const workers = Number(process.env.WORKERS) || 1;
  const port = Number(process.env.PORT) || 3001;
  const host = process.env.HOST || "127.0.0.1";
  if (workers > 1 && cluster.isPrimary) {
    // The primary serves nothing: it forks, then deals connections.
    console.log(`primary ${process.pid} forking ${workers} workers`);
    for (let i = 0; i < workers; i++) cluster.fork();
    cluster.on("exit", (worker, code, signal) => {
      const why = signal || code;
      console.log(`worker ${worker.process.pid} exited (${why})`);
      // No restart here (pm2 would); give up when nobody is left.
      if (Object.keys(cluster.workers).length === 0) process.exit(1);
    });
  } else {
    // A worker (or the only process) builds its own app and listens;
    // the workers share the port.
    build().listen({ port, host }).then(
      (address) => console.log(`Fastify listening on ${address} (worker ${process.pid})`),
      (err) => { throw err; }, // EADDRINUSE: exit loudly, not silently
    );
  }
}
// endregion
