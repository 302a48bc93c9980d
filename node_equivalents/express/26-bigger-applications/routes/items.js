// The items: public, no middleware on the router.
const express = require("express");

const ITEMS = { 1: "soup", 2: "salad" };

// region: focus
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
// endregion

module.exports = router;
