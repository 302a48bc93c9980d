// Lesson 24: jsonwebtoken and bcryptjs for the login, a guard middleware on a router.
const crypto = require("node:crypto");
const bcrypt = require("bcryptjs");
const express = require("express");
const jwt = require("jsonwebtoken");

const app = express();

// region: focus
// Fixed so the demos can be repeated; a real app reads them from settings (lesson 23).
const SECRET_KEY = "lesson-25-fixed-secret-for-the-demos-only";
const API_KEY = "kitchen-key";

// The demo user. Only the hash is kept, computed once at start-up.
const USERNAME = "alice";
const PASSWORD_HASH = bcrypt.hashSync("wonderland", 10);

// The login reads JSON, and forms too (what OAuth2 clients send).
app.post("/token", express.json(), express.urlencoded(), async (req, res) => {
  const { username, password } = req.body ?? {};
  if (typeof username !== "string" || typeof password !== "string") {
    return res.status(400).json({ detail: "username and password are required" });
  }
  // Compare first, whatever the name: a wrong name takes as long as a wrong password.
  const good = await bcrypt.compare(password, PASSWORD_HASH);
  if (!good || username !== USERNAME) {
    return res.status(401).json({ detail: "Incorrect username or password" });
  }
  const token = jwt.sign({ sub: username }, SECRET_KEY, { expiresIn: "30m" });
  res.json({ access_token: token, token_type: "bearer" });
});

function requireUser(req, res, next) {
  const [scheme, token] = (req.get("Authorization") ?? "").split(" ");
  if (scheme.toLowerCase() !== "bearer" || !token) {
    return res.status(401).json({ detail: "Not authenticated" });
  }
  try {
    // Checks the signature and exp; the algorithm is ours, not the token's.
    req.user = jwt.verify(token, SECRET_KEY, { algorithms: ["HS256"] }).sub;
  } catch {
    return res.status(401).json({ detail: "Invalid token" });
  }
  next();
}

app.get("/me", requireUser, (req, res) => {
  res.json({ username: req.user });
});

// Constant time: hashing both first gives timingSafeEqual the equal lengths it needs.
const digest = (text) => crypto.createHash("sha256").update(text).digest();
const sameKey = (key) => crypto.timingSafeEqual(digest(key), digest(API_KEY));

function requireApiKey(req, res, next) {
  const key = req.get("X-API-Key");
  if (key === undefined || !sameKey(key)) {
    return res.status(401).json({ detail: "Invalid API key" });
  }
  next();
}

// Every route of this router needs the key; none of them mentions it.
const admin = express.Router();
admin.use(requireApiKey);

admin.get("/stats", (req, res) => {
  res.json({ users: 1, orders: 42 });
});

app.use("/admin", admin);
// endregion

module.exports = app;

if (require.main === module) {
  const port = Number(process.env.PORT) || 3000;
  app.listen(port, process.env.HOST || "127.0.0.1", (err) => {
    if (err) throw err; // Express 5 hands listen errors (like EADDRINUSE) to this callback
    console.log(`Express listening on http://127.0.0.1:${port}`);
  });
}
