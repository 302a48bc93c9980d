// Lesson 32: helmet, compression, express-rate-limit and express.json()'s own limit.
const express = require("express");
const helmet = require("helmet");
const compression = require("compression");
const { rateLimit } = require("express-rate-limit");

const app = express();

const DISHES = [["soup", 4.5], ["salad", 6.0], ["steak", 18.0], ["bread", 2.5], ["tart", 5.5], ["fish", 15.0]]
  .map(([name, price], i) => ({ id: i + 1, name, price, notes: "Made fresh every morning in our own kitchen, from the market." }));

// region: focus
const ALLOWED_HOSTS = ["127.0.0.1", "localhost"];

// Nothing built in checks the Host header: a few lines of our own.
app.use((req, res, next) => {
  if (!ALLOWED_HOSTS.includes(req.hostname)) return res.status(400).type("text").send("Invalid host header");
  next();
});
app.use(helmet()); // a dozen security headers, and no X-Powered-By
app.use(compression()); // gzip when the client accepts it and the body is 1 KB or more
app.use(express.json()); // refuses a body above 100 KB with 413

// 2 requests per client per minute on this route.
const limiter = rateLimit({ windowMs: 60_000, limit: 2 });

app.post("/notes", (req, res) => {
  const text = req.body?.text;
  if (typeof text !== "string") return res.status(400).json({ error: "text (string) is required" });
  res.json({ length: text.length });
});

app.get("/quota", limiter, (req, res) => {
  res.json({ ok: true });
});
// endregion

app.get("/", (req, res) => {
  res.json({ try: ["GET /menu", "POST /notes", "GET /quota"] });
});

app.get("/menu", (req, res) => {
  res.json(DISHES);
});

module.exports = app;

if (require.main === module) {
  const port = Number(process.env.PORT) || 3000;
  app.listen(port, process.env.HOST || "127.0.0.1", (err) => {
    if (err) throw err; // Express 5 hands listen errors (like EADDRINUSE) to this callback
    console.log(`Express listening on http://127.0.0.1:${port}`);
  });
}
