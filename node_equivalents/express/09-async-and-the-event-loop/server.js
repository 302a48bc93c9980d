// Lesson 09: one thread runs every handler; only `await` lets the others in.
const express = require("express");
const { setTimeout: sleep } = require("node:timers/promises");

const app = express();

// Read ?seconds= like the FastAPI side (default 1, from 0 to 5).
function seconds(req, res) {
  const value = req.query.seconds === undefined ? 1 : Number(req.query.seconds);
  if (!Number.isFinite(value) || value < 0 || value > 5) {
    res.status(400).json({ error: "seconds must be a number from 0 to 5" });
    return null;
  }
  return value;
}

// Every handler runs on the event loop's thread: JavaScript has no other.
function answer(endpoint, s) {
  return { endpoint, slept: s, on_event_loop: true };
}

// region: focus
// A blocking sleep, like Python's time.sleep: the thread just waits.
const cell = new Int32Array(new SharedArrayBuffer(4));
function blockingSleep(s) {
  Atomics.wait(cell, 0, 0, s * 1000);
}

app.get("/sync-sleep", (req, res) => {
  const s = seconds(req, res);
  if (s === null) return;
  blockingSleep(s); // no pool for handlers: holds the only thread
  res.json(answer("sync-sleep", s));
});

app.get("/async-sleep", async (req, res) => {
  const s = seconds(req, res);
  if (s === null) return;
  await sleep(s * 1000); // a timer: the loop serves others meanwhile
  res.json(answer("async-sleep", s));
});

app.get("/blocking-in-async", async (req, res) => {
  const s = seconds(req, res);
  if (s === null) return;
  blockingSleep(s); // `async` changes nothing: no await, no yielding
  res.json(answer("blocking-in-async", s));
});

app.get("/cpu", (req, res) => {
  const s = seconds(req, res);
  if (s === null) return;
  const end = performance.now() + s * 1000;
  while (performance.now() < end) {} // busy loop: the loop is stuck
  res.json(answer("cpu", s));
});

app.get("/capacity", (req, res) => {
  res.json({ sync_handlers_at_once: 1 }); // one JavaScript thread
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
