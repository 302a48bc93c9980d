// Lesson 31: behind a proxy, req.ip and req.protocol come from the socket until you trust the proxy.
const express = require("express");

const app = express();

app.get("/", (req, res) => {
  res.json({ try: "GET /whoami with X-Forwarded-For: 203.0.113.7 and X-Forwarded-Proto: https" });
});

// region: focus
// Express's default, written out: trust no proxy, so X-Forwarded-* headers are ignored.
// Behind nginx on the same machine you would write app.set("trust proxy", "loopback").
app.set("trust proxy", process.env.TRUST_PROXY || false);

app.get("/whoami", (req, res) => {
  res.json({ ip: req.ip, scheme: req.protocol });
});

app.get("/go", (req, res) => {
  // An absolute URL to /whoami, built from what Express believes the scheme is.
  res.redirect(307, `${req.protocol}://${req.get("host")}/whoami`);
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
