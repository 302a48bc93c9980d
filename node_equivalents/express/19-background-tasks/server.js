// Lesson 19: fire-and-forget work in Express is just a promise nobody awaits.
const express = require("express");

const app = express();
const logs = new Map(); // per order: what happened, in order (in memory for the demo)
// Stands in for talking to a mail server: resolves on the next turn of the event loop.
const mailServer = () => new Promise((resolve) => setImmediate(resolve));

// region: focus
async function sendReceipt(order) {
  logs.get(order).push("receipt started");
  await mailServer();
  logs.get(order).push("receipt sent");
}

app.post("/orders/:order", (req, res) => {
  const { order } = req.params;
  logs.set(order, ["order accepted"]);
  // Calling an async function runs it at once, up to its first await.
  // Always attach a catch: since Node 15 an unhandled rejection ends the process.
  sendReceipt(order).catch((err) => logs.get(order).push(`receipt failed: ${err.message}`));
  res.status(202).json({ order, log_at_response: [...logs.get(order)] });
});
// endregion

app.get("/orders/:order/log", (req, res) => {
  res.json({ order: req.params.order, log: logs.get(req.params.order) ?? [] });
});

module.exports = app;

if (require.main === module) {
  const port = Number(process.env.PORT) || 3000;
  app.listen(port, process.env.HOST || "127.0.0.1", (err) => {
    if (err) throw err; // Express 5 hands listen errors (like EADDRINUSE) to this callback
    console.log(`Express listening on http://127.0.0.1:${port}`);
  });
}
