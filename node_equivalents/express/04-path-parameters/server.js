// Lesson 04: req.params are strings; converting them is your job.
const express = require("express");

const app = express();

const DISHES = { 1: "soup", 2: "salad", 3: "bread" };

app.get("/", (req, res) => {
  res.json({
    try: ["/items/3", "/items/abc", "/items/3abc", "/items/0"],
  });
});

// region: focus
app.get("/items/:id", (req, res) => {
  // req.params.id is the string "3". parseInt reads digits up to
  // the first non-digit, so "3abc" becomes 3: a classic Express bug.
  const itemId = parseInt(req.params.id, 10);
  if (Number.isNaN(itemId) || itemId <= 0) {
    const error = "id must be a positive integer";
    return res.status(400).json({ error });
  }
  res.json({ item_id: itemId, dish: DISHES[itemId] ?? null });
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
