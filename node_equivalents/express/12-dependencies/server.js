// Lesson 12: route middleware fills in req.user and res.locals.
const express = require("express");

const app = express();
const TOKENS = { "secret-alice": "alice" };

// region: focus
function requireUser(req, res, next) {
  res.locals.lookups = (res.locals.lookups || 0) + 1;
  const token = req.get("X-Token");
  if (token === undefined) {
    return res.status(401).json({ detail: "Missing X-Token header" });
  }
  if (!Object.hasOwn(TOKENS, token)) {
    return res.status(401).json({ detail: "Invalid token" });
  }
  req.user = TOKENS[token];
  next();
}

function audit(req, res, next) {
  // Reads what requireUser stored on req.
  res.locals.audit = `seen ${req.user}`;
  next();
}

function session(req, res, next) {
  const db = { open: true };
  res.locals.db = db;
  // "close" fires once the response has been sent, or when the client has gone
  // away first; "finish" only in the first case, so it could leak the session.
  res.on("close", () => {
    db.open = false;
    console.log("session closed");
  });
  next();
}

app.get("/me", requireUser, audit, session, (req, res) => {
  const { lookups, audit: note, db } = res.locals;
  res.json({
    user: req.user, audit: note, lookups, session_open: db.open,
  });
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
