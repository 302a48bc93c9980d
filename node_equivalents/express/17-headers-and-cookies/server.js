// Lesson 17: req.get and cookie-parser to read; res.cookie and res.set to write.
const express = require("express");
const cookieParser = require("cookie-parser");

const app = express();
app.use(cookieParser()); // without it req.cookies is undefined

// region: focus
app.get("/whoami", (req, res) => {
  res.json({
    user_agent: req.get("user-agent") ?? null, // header names are case-insensitive
    request_id: req.get("x-request-id") ?? null,
    session: req.cookies.session ?? null,
  });
});

app.post("/login", (req, res) => {
  res.cookie("session", "abc123", { httpOnly: true });
  res.set("X-Served-By", "kitchen-1");
  res.json({ logged_in: true });
});

app.post("/logout", (req, res) => {
  res.clearCookie("session");
  res.json({ logged_in: false });
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
