// Lesson 08: app.use runs before the handler, in written order.
const express = require("express");

const app = express();

// region: focus
app.use((req, res, next) => {
  res.locals.trail = ["first"];
  res.locals.start = process.hrtime.bigint();
  res.on("finish", () => {
    // The response has left: fine for a log line,
    // too late for a header (res.set would throw).
    const ms = Number(process.hrtime.bigint() - res.locals.start) / 1e6;
    console.log(`${req.method} ${req.originalUrl} -> ${res.statusCode} in ${ms.toFixed(2)}ms`);
  });
  next();
});

app.use((req, res, next) => {
  res.locals.trail.push("second");
  next();
});

// Headers can change only until the response is sent,
// so each handler stamps its own time.
function sendTimed(res, body) {
  const ms = Number(process.hrtime.bigint() - res.locals.start) / 1e6;
  res.set("X-Process-Time", `${ms.toFixed(2)}ms`).json(body);
}
// endregion

app.get("/hello", (req, res) => sendTimed(res, { message: "hello" }));

app.get("/trail", (req, res) => sendTimed(res, { trail: res.locals.trail }));

module.exports = app;

if (require.main === module) {
  const port = Number(process.env.PORT) || 3000;
  app.listen(port, process.env.HOST || "127.0.0.1", (err) => {
    if (err) throw err; // Express 5 hands listen errors (like EADDRINUSE) to this callback
    console.log(`Express listening on http://127.0.0.1:${port}`);
  });
}
