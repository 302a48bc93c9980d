// Lesson 20: res.write streams, server-sent events by hand, res.sendFile and res.download.
const path = require("node:path");
const { setTimeout: sleep } = require("node:timers/promises");
const express = require("express");

const app = express();

const FILES = path.join(__dirname, "files");
const ORDERS = [
  { dish: "soup", qty: 2, table: 4 },
  { dish: "salad", qty: 1, table: 7 },
  { dish: "bread", qty: 3, table: 4 },
];
const TICKS = 5;
let lastStream = { sent: 0, ended: "no stream yet" };

app.get("/", (req, res) => {
  res.json({ try: ["/ticker", "/ticker/last", "/orders", "/events", "/download/menu.csv"] });
});

// region: focus
app.get("/ticker", async (req, res) => {
  const stream = (lastStream = { sent: 0, ended: "streaming" });
  res.on("close", () => {
    // 'close' comes after a finished response too; unfinished means the client left.
    if (!res.writableFinished) stream.ended = "client left: close event";
  });
  res.type("text/plain");
  for (let n = 1; n <= TICKS; n++) {
    if (n > 1) await sleep(100);
    if (res.destroyed) return; // without this, the loop writes on into a closed socket
    res.write(`tick ${n}\n`);
    stream.sent = n;
  }
  res.end();
  stream.ended = "finished";
});

app.get("/ticker/last", (req, res) => {
  res.json(lastStream);
});

app.get("/orders", async (req, res) => {
  res.type("application/jsonl");
  for (const { dish, qty } of ORDERS) {
    res.write(JSON.stringify({ dish, qty }) + "\n"); // pick the public fields by hand
    await sleep(20);
  }
  res.end();
});

app.get("/events", async (req, res) => {
  res.set({ "Content-Type": "text/event-stream", "Cache-Control": "no-cache" });
  res.flushHeaders(); // the headers go out now, before the first event
  for (const [i, { dish, qty }] of ORDERS.entries()) {
    res.write(`event: order\ndata: ${JSON.stringify({ dish, qty })}\nid: ${i + 1}\n\n`);
    await sleep(20);
  }
  res.end(`event: close\ndata: ${JSON.stringify("kitchen closed")}\n\n`);
});

app.get("/menu.csv", (req, res) => {
  res.sendFile("menu.csv", { root: FILES }); // shown inline
});

app.get("/download/:name", (req, res) => {
  // send looks for the file first and hands a missing one (ENOENT, status 404) to the callback.
  res.download(req.params.name, { root: FILES }, (err) => {
    if (err && !res.headersSent) res.status(404).json({ detail: "No such file" });
  });
});
// endregion

module.exports = app;

if (require.main === module) {
  const port = Number(process.env.PORT) || 3000;
  app.listen(port, process.env.HOST || "127.0.0.1", (err) => {
    if (err) throw err; // Express 5 hands listen errors (like EADDRINUSE) to this callback
    console.log(`Express listening on http://127.0.0.1:${port}`);
  });
}
