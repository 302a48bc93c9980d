// Lesson 30: the same app, served by one process or by a cluster of them.
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
  const ms = Number(req.query.ms ?? 5);
  if (!Number.isFinite(ms) || ms < 0 || ms > 1000) {
    const error = "ms must be from 0 to 1000";
    return res.status(400).json({ error });
  }
  const end = performance.now() + ms; // spend `ms` ms of CPU
  while (performance.now() < end) {}
  res.json({ pid: process.pid, worked_ms: ms }); // who did it
});

module.exports = app;

if (require.main === module) {
  const workers = Number(process.env.WORKERS) || 1;
  const port = Number(process.env.PORT) || 3000;
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
    // A worker (or the only process) listens; workers share the port.
    app.listen(port, host, (err) => {
      if (err) throw err; // EADDRINUSE: exit loudly, not silently
      console.log(`worker ${process.pid} listening on port ${port}`);
    });
  }
}
// endregion
