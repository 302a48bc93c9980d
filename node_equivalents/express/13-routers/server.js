// Lesson 13: routers. express.Router() is a mini app you mount.
const express = require("express");

const ITEMS = { 1: "soup", 2: "salad" };

// region: focus
// app.set("strict routing") and app.set("case sensitive routing") do not reach
// the routes in here; express.Router({ strict: true, caseSensitive: true }) would.
const router = express.Router();

router.get("/", (req, res) => {
  res.json({ items: Object.values(ITEMS).sort() });
});

router.get("/:id", (req, res) => {
  const id = Number(req.params.id);
  if (!Object.hasOwn(ITEMS, id)) {
    return res.status(404).json({ detail: "Item not found" });
  }
  res.json({ id, name: ITEMS[id] });
});

const app = express();
// Inside, the router sees paths without the /items part.
app.use("/items", router);
// endregion

module.exports = app;

if (require.main === module) {
  const port = Number(process.env.PORT) || 3000;
  app.listen(port, process.env.HOST || "127.0.0.1", (err) => {
    if (err) throw err; // Express 5 hands listen errors (like EADDRINUSE) to this callback
    console.log(`Express listening on http://127.0.0.1:${port}`);
  });
}
