// Lesson 14: templates. res.render with EJS; <%= %> escapes HTML.
const path = require("path");
const express = require("express");

const app = express();

// region: focus
app.set("view engine", "ejs");
// Found next to this file, wherever node was started from.
app.set("views", path.join(__dirname, "views"));

app.get("/hello", (req, res) => {
  const name = req.query.name ?? "world";
  // Renders views/hello.ejs; <%= name %> is escaped there.
  res.render("hello", { name, dishes: ["soup", "salad"] });
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
