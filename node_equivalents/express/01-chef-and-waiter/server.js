// Lesson 01: the chef. An Express app is a function; Node's http server is the waiter.
const express = require("express");

// region: focus
const app = express();

app.get("/", (req, res) => {
  res.json({ message: "Hello from the chef", kitchen: "open" });
});

app.get("/menu", (req, res) => {
  res.json({ dishes: ["soup", "salad"], count: 2 });
});

module.exports = app;

if (require.main === module) {
  // app.listen() creates Node's http.Server (the waiter) and hands it the app.
  const port = Number(process.env.PORT) || 3000;
  app.listen(port, process.env.HOST || "127.0.0.1", (err) => {
    if (err) throw err; // Express 5 hands listen errors (like EADDRINUSE) to this callback
    console.log(`Express listening on http://127.0.0.1:${port}`);
  });
}
// endregion
