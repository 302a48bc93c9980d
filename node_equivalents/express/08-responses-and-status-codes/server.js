// Lesson 08: the status, the body and its type are set on res.
const express = require("express");

const app = express();
app.use(express.json());

app.get("/", (req, res) => {
  res.json({ try: ["POST /items", "/old-home", "/greeting"] });
});

// region: focus
app.post("/items", (req, res) => {
  // No JSON body (none at all, or another Content-Type): Express 5 leaves req.body undefined.
  const { name, price } = req.body ?? {}; // the public fields, by hand
  if (typeof name !== "string" || typeof price !== "number") {
    return res.status(400).json({ error: "name (string) and price (number) are required" });
  }
  res.status(201).json({ name, price });
});

app.get("/old-home", (req, res) => {
  res.redirect("/"); // 302 unless you pass a status first
});

app.get("/greeting", (req, res) => {
  res.send("Hello"); // a string is sent as HTML
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
