// Lesson 19: work after the response. Fastify's place for it is an onResponse hook.
const Fastify = require("fastify");

const logs = new Map(); // per order: what happened, in order (in memory for the demo)
// Stands in for talking to a mail server: resolves on the next turn of the event loop.
const mailServer = () => new Promise((resolve) => setImmediate(resolve));

async function sendReceipt(order) {
  logs.get(order).push("receipt started");
  await mailServer();
  logs.get(order).push("receipt sent");
}

function build(opts = {}) {
  const app = Fastify(opts);

  // region: focus
  app.post("/orders/:order", {
    // Runs once the response has been sent, like BackgroundTasks. Fastify awaits it and catches
    // a rejection (logged as "request errored" when the logger is on): no unhandled rejection.
    onResponse: async (request) => {
      await sendReceipt(request.params.order);
    },
  }, async (request, reply) => {
    const { order } = request.params;
    logs.set(order, ["order accepted"]);
    // Calling sendReceipt(order) here instead would run it at once, up to its first await.
    reply.code(202);
    return { order, log_at_response: [...logs.get(order)] };
  });
  // endregion

  app.get("/orders/:order/log", async (request) => ({
    order: request.params.order,
    log: logs.get(request.params.order) ?? [],
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
