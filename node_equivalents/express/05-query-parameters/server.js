// Lesson 05: req.query holds strings, or arrays of strings.
const express = require("express");

const app = express();

app.get("/", (req, res) => {
  res.json({ try: "/search?q=soup&limit=5&tag=hot&tag=vegan" });
});

// region: focus
app.get("/search", (req, res) => {
  // Each value is a string, or an array if the key repeats.
  const { q = null, limit = "10", tag = [] } = req.query;
  res.json({
    q,
    limit: Number(limit), // "ten": NaN, sent as null
    tags: [].concat(tag), // one tag: a string; two: an array
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
