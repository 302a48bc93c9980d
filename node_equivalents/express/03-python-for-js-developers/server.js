// Lesson 03: the same app in JavaScript; types, if any, are gone by the time a request arrives.
const express = require("express");

const app = express();

// Object keys are always strings: MENU[2] and MENU["2"] are the same entry.
const MENU = {
  1: { name: "soup", price: 4.5, vegan: true },
  2: { name: "pie", price: 6.0, vegan: false },
  3: { name: "salad", price: 5.0, vegan: true },
};
const BILL = 30.0;

app.get("/", (req, res) => {
  res.json({ try: ["/items/2", "/items/0", "/hello", "/vegan", "/slow", "/share?people=0"] });
});

// region: focus
// TypeScript's Request<{ id: number }> is erased when compiled:
// req.params.id is still the string from the URL, unchecked.
app.get("/items/:id", (req, res) => {
  const { id } = req.params;
  const dish = MENU[id]; // a missing key is undefined, not an error
  if (dish === undefined) {
    return res.status(404).json({ detail: "No such item" });
  }
  res.json({ item_id: id, ...dish });
});

app.get("/hello", (req, res) => {
  const { name } = req.query; // undefined when ?name= is absent
  res.json({ name, greeting: `Hello, ${name || "stranger"}!` });
});

app.get("/vegan", (req, res) => {
  const names = Object.values(MENU)
    .filter((dish) => dish.vegan)
    .map((dish) => dish.name);
  res.json({ names, count: names.length });
});

app.get("/slow", async (req, res) => {
  // a promise, awaited
  await new Promise((resolve) => setTimeout(resolve, 200));
  res.json({ waited_ms: 200 });
});

app.get("/share", (req, res) => {
  const people = Number(req.query.people);
  // people=0: 30 / 0 is Infinity, no error thrown.
  res.json({ each: Math.round((BILL / people) * 100) / 100 });
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
