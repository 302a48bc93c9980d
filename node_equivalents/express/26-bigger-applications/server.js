// Lesson 26: bigger applications. server.js only assembles: each router lives in routes/.
const express = require("express");

// region: focus
// routes/items.js            express.Router(): public
// routes/users.js            express.Router() with router.use(requireToken) first
// middleware/requireToken.js shared by whoever needs it
const items = require("./routes/items");
const users = require("./routes/users");

const app = express();
app.use("/items", items);
app.use("/users", users);
// endregion

module.exports = app;

if (require.main === module) {
  const port = Number(process.env.PORT) || 3000;
  app.listen(port, process.env.HOST || "127.0.0.1", (err) => {
    if (err) throw err; // Express 5 hands listen errors (like EADDRINUSE) to this callback
    console.log(`Express listening on http://127.0.0.1:${port}`);
  });
}
