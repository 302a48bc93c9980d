// Lesson 10: app.use runs before the handler, in written order; on-headers reaches the last moment.
const express = require("express");
const onHeaders = require("on-headers");

const app = express();

// region: focus
app.use((req, res, next) => {
  res.locals.trail = ["first"];
  const start = process.hrtime.bigint();
  // on-headers runs this just before the headers go out, whoever
  // sends them: a handler, or Express's own 404 and 500.
  onHeaders(res, () => {
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    res.setHeader("X-Process-Time", `${ms.toFixed(2)}ms`);
  });
  res.on("finish", () => {
    // The response has left: fine for a log line,
    // too late for a header (res.set would throw).
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    console.log(`${req.method} ${req.originalUrl} -> ${res.statusCode} in ${ms.toFixed(2)}ms`);
  });
  next();
});

app.use((req, res, next) => {
  res.locals.trail.push("second");
  next();
});
// endregion

app.get("/hello", (req, res) => res.json({ message: "hello" }));

app.get("/trail", (req, res) => res.json({ trail: res.locals.trail }));

module.exports = app;

if (require.main === module) {
  const port = Number(process.env.PORT) || 3000;
  app.listen(port, process.env.HOST || "127.0.0.1", (err) => {
    if (err) throw err; // Express 5 hands listen errors (like EADDRINUSE) to this callback
    console.log(`Express listening on http://127.0.0.1:${port}`);
  });
}
