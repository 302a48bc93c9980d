// Lesson 15: static files. express.static serves a folder under /static.
const path = require("path");
const express = require("express");

const app = express();

// region: focus
// Found next to this file, wherever node was started from.
app.use("/static", express.static(path.join(__dirname, "public")));

app.get("/", (req, res) => {
  res.json({ stylesheet: "/static/style.css" });
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
