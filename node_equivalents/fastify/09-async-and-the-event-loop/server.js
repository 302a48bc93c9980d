// Lesson 09: Fastify is fast, but it still has one thread: only `await` lets other requests in.
const Fastify = require("fastify");
const { setTimeout: sleep } = require("node:timers/promises");

// ?seconds= like the FastAPI side: a number from 0 to 5, 1 when left out (ajv converts the string).
const seconds = {
  querystring: {
    type: "object",
    properties: { seconds: { type: "number", minimum: 0, maximum: 5, default: 1 } },
  },
};

// Every handler runs on the event loop's thread: JavaScript has no other.
function answer(endpoint, s) {
  return { endpoint, slept: s, on_event_loop: true };
}

// A blocking sleep, like Python's time.sleep: the thread just waits.
const cell = new Int32Array(new SharedArrayBuffer(4));
function blockingSleep(s) {
  Atomics.wait(cell, 0, 0, s * 1000);
}

function build(opts = {}) {
  const app = Fastify(opts);

  // region: focus
  // A plain (not async) handler may return its answer too; it still runs on the only thread.
  app.get("/sync-sleep", { schema: seconds }, (request) => {
    blockingSleep(request.query.seconds); // no pool for handlers: every request waits behind this one
    return answer("sync-sleep", request.query.seconds);
  });

  app.get("/async-sleep", { schema: seconds }, async (request) => {
    await sleep(request.query.seconds * 1000); // a timer: the loop serves others meanwhile
    return answer("async-sleep", request.query.seconds);
  });

  app.get("/blocking-in-async", { schema: seconds }, async (request) => {
    blockingSleep(request.query.seconds); // `async` changes nothing: no await, no yielding
    return answer("blocking-in-async", request.query.seconds);
  });

  app.get("/cpu", { schema: seconds }, (request) => {
    const end = performance.now() + request.query.seconds * 1000;
    while (performance.now() < end) {} // busy loop: the loop is stuck
    return answer("cpu", request.query.seconds);
  });

  app.get("/capacity", async () => ({ sync_handlers_at_once: 1 })); // one JavaScript thread
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
