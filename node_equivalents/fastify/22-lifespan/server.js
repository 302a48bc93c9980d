// Lesson 22: start-up work in an onReady hook, shutdown work in an onClose hook.
const Fastify = require("fastify");

async function openPantry() {
  // Stands in for slow start-up work: a database pool, a model...
  await new Promise((resolve) => setTimeout(resolve, 200));
  return { soup: 4.5, salad: 6.0, pie: 3.25 };
}

function build(opts = {}) {
  const app = Fastify(opts);
  app.decorate("pantry", null); // every handler reaches it as request.server.pantry

  // region: focus
  // onReady runs once, inside listen() (or ready()), before the port opens:
  // no request can arrive while it works.
  app.addHook("onReady", async function () {
    console.log("startup: opening the pantry");
    this.pantry = await openPantry();
    console.log(`startup: pantry ready with ${Object.keys(this.pantry).length} dishes`);
  });

  // onClose runs once, inside app.close(), after the server stopped accepting
  // and the requests in flight have finished.
  app.addHook("onClose", async () => {
    console.log("shutdown: closing the pantry");
  });

  app.get("/menu", async (request) => {
    const dishes = Object.keys(request.server.pantry).sort();
    return { dishes, count: dishes.length };
  });

  app.get("/health", async () => ({ status: "ok" }));

  return app;
}

module.exports = build;

if (require.main === module) {
  const app = build();
  const port = Number(process.env.PORT) || 3001;
  app.listen({ port, host: process.env.HOST || "127.0.0.1" }).then(
    (address) => console.log(`Fastify listening on ${address}`),
    (err) => { throw err; }, // a busy port (EADDRINUSE) ends the process with a non-zero code
  );

  // Fastify installs no signal handlers: without these, SIGTERM and Ctrl-C
  // end Node on the spot, and the onClose hooks never run.
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.once(signal, async () => {
      console.log(`shutdown: ${signal} received, closing the server`);
      await app.close(); // runs the onClose hooks
      process.exit(0);
    });
  }
}
// endregion
