// Lesson 16: the same bakery in Express. Nothing documents it unless you add a package.
const express = require("express");

// region: focus
const app = express();
app.use(express.json());

const breads = [
  { name: "sourdough", price: 4.5 },
  { name: "rye", price: 3.0 },
];

// List the breads (a comment is all the documentation Express gets).
app.get("/breads", (req, res) => {
  res.json(breads);
});

// Bake a bread: validation, and a description of it, are ours to write.
app.post("/breads", (req, res) => {
  const { name, price } = req.body ?? {};
  if (typeof name !== "string" || typeof price !== "number" || !(price > 0)) {
    return res.status(400).json({ error: "name (string) and price (number > 0) are required" });
  }
  breads.push({ name, price });
  res.status(201).json({ name, price });
});
// No /docs, /redoc or /openapi.json: that takes swagger-ui-express plus a
// spec you write (or generate with swagger-jsdoc from comments).
// endregion

module.exports = app;

if (require.main === module) {
  const port = Number(process.env.PORT) || 3000;
  app.listen(port, process.env.HOST || "127.0.0.1", (err) => {
    if (err) throw err; // Express 5 hands listen errors (like EADDRINUSE) to this callback
    console.log(`Express listening on http://127.0.0.1:${port}`);
  });
}
