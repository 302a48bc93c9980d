// Lesson 20: the same app, served by one process or by a cluster of them.
const cluster = require("node:cluster");
const express = require("express");

const app = express();
app.disable("x-powered-by"); // production habit: do not advertise the stack

app.get("/", (req, res) => {
  res.json({ message: "served for real", try: ["/health", "/work?ms=5"] });
});

app.get("/health", (req, res) => {
  res.json({ status: "ok" });
});

// region: focus
app.get("/work", (req, res) => {
  const ms = req.query.ms === undefined ? 5 : Number(req.query.ms);
  if (!Number.isFinite(ms) || ms < 0 || ms > 1000) {
    return res.status(400).json({ error: "ms must be a number from 0 to 1000" });
  }
  const end = performance.now() + ms; // spend `ms` milliseconds of CPU
  while (performance.now() < end) {}
  res.json({ pid: process.pid, worked_ms: ms }); // which process did the work
});

module.exports = app;

if (require.main === module) {
  const workers = Number(process.env.WORKERS) || 1;
  const port = Number(process.env.PORT) || 3000;
  if (workers > 1 && cluster.isPrimary) {
    // The primary serves nothing: it forks the workers and hands them connections.
    console.log(`primary ${process.pid} forking ${workers} workers`);
    for (let i = 0; i < workers; i++) cluster.fork();
    cluster.on("exit", (worker, code, signal) => {
      console.log(`worker ${worker.process.pid} exited (${signal || code})`);
      if (Object.keys(cluster.workers).length === 0) process.exit(1); // nobody left to serve
    });
  } else {
    // A worker (or the only process) listens; in a cluster, all share the one port.
    app.listen(port, process.env.HOST || "127.0.0.1", (err) => {
      if (err) throw err; // EADDRINUSE and friends: exit loudly, not silently
      console.log(`worker ${process.pid} listening on http://127.0.0.1:${port}`);
    });
  }
}
// endregion
