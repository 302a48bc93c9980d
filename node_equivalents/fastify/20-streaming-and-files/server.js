// Lesson 20: Readable streams from async generators, server-sent events, reply.sendFile and reply.download.
const path = require("node:path");
const { Readable } = require("node:stream");
const { setTimeout: sleep } = require("node:timers/promises");
const Fastify = require("fastify");

const ORDERS = [
  { dish: "soup", qty: 2, table: 4 },
  { dish: "salad", qty: 1, table: 7 },
  { dish: "bread", qty: 3, table: 4 },
];
const TICKS = 5;

function build(opts = {}) {
  const app = Fastify(opts);
  let lastStream = { sent: 0, ended: "no stream yet" };

  app.get("/", async () => ({ try: ["/ticker", "/ticker/last", "/orders", "/events", "/download/menu.csv"] }));

  // region: focus
  // reply.sendFile and reply.download, for files under files/ (serve: false: no static route of its own).
  app.register(require("@fastify/static"), { root: path.join(__dirname, "files"), serve: false });

  async function* ticks(stream) {
    let finished = false;
    try {
      for (let n = 1; n <= TICKS; n++) {
        if (n > 1) await sleep(100);
        yield `tick ${n}\n`;
        stream.sent = n;
      }
      finished = true;
    } finally {
      // The client left: Fastify destroyed the stream, which ended this generator at a yield.
      stream.ended = finished ? "finished" : "client left: stream destroyed";
    }
  }

  app.get("/ticker", async (request, reply) => {
    lastStream = { sent: 0, ended: "streaming" };
    reply.type("text/plain"); // sent as written: Fastify adds a charset only to types it picks itself
    return Readable.from(ticks(lastStream));
  });

  app.get("/ticker/last", async () => lastStream);

  app.get("/orders", async (request, reply) => {
    async function* lines() {
      for (const { dish, qty } of ORDERS) {
        yield JSON.stringify({ dish, qty }) + "\n"; // pick the public fields by hand
        await sleep(20);
      }
    }
    reply.type("application/jsonl");
    return Readable.from(lines());
  });

  app.get("/events", async (request, reply) => {
    async function* events() {
      for (const [i, { dish, qty }] of ORDERS.entries()) {
        yield `event: order\ndata: ${JSON.stringify({ dish, qty })}\nid: ${i + 1}\n\n`;
        await sleep(20);
      }
      yield `event: close\ndata: ${JSON.stringify("kitchen closed")}\n\n`;
    }
    reply.headers({ "content-type": "text/event-stream", "cache-control": "no-cache" });
    return Readable.from(events());
  });

  app.get("/menu.csv", (request, reply) => reply.sendFile("menu.csv")); // shown inline

  app.get("/download/:name", (request, reply) => reply.download(request.params.name));
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
