// Lesson 28: the app under test. server.test.js drives it with supertest.
const express = require("express");

const app = express();

const ITEMS = { 1: { id: 1, name: "soup" }, 2: { id: 2, name: "salad" } };

// region: focus
app.get("/items/:id", (req, res) => {
  if (!Object.hasOwn(ITEMS, req.params.id)) {
    return res.status(404).json({ detail: "Item not found" });
  }
  res.json(ITEMS[req.params.id]);
});

app.get("/old-menu", (req, res) => {
  res.redirect("/items/1"); // 302 Found
});

app.get("/whoami", (req, res) => {
  // Under supertest there is a real socket on an ephemeral port.
  res.json({ host: req.get("host") });
});

// What supertest needs: the app, not a listening server.
module.exports = app;
// endregion

if (require.main === module) {
  const port = Number(process.env.PORT) || 3000;
  app.listen(port, process.env.HOST || "127.0.0.1", (err) => {
    if (err) throw err; // Express 5 passes listen errors (EADDRINUSE) here
    console.log(`Express listening on http://127.0.0.1:${port}`);
  });
}
