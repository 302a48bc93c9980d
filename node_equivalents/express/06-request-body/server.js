// Lesson 06: express.json() parses; the checking is up to you.
const express = require("express");

const app = express();

app.get("/", (req, res) => {
  res.json({ try: 'POST /items {"name": "soup", "price": 4.5}' });
});

// region: focus
app.use(express.json()); // only for Content-Type: application/json

app.post("/items", (req, res) => {
  // Not a JSON Content-Type: express.json() left req.body alone.
  if (req.body === undefined) {
    const error = "req.body is undefined: send application/json";
    return res.status(400).json({ error });
  }
  const { name, price, tags = [] } = req.body;
  if (typeof name !== "string" || typeof price !== "number") {
    const error = "name (string) and price (number) are required";
    return res.status(400).json({ error });
  }
  res.json({ name, price, tags });
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
