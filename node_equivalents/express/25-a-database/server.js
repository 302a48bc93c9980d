// Lesson 25: a database. sql.js (SQLite compiled to WebAssembly), SQL by hand, a hash never sent.
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const bcrypt = require("bcryptjs");
const express = require("express");
const initSqlJs = require("sql.js");
const { z } = require("zod");

// A fresh database file for every run, in a folder removed when the process ends.
const folder = fs.mkdtempSync(path.join(os.tmpdir(), "lesson25-"));
const file = path.join(folder, "shop.db");
process.on("exit", () => fs.rmSync(folder, { recursive: true, force: true }));

// Every row a statement returns, as objects.
function query(db, sql, params = []) {
  const statement = db.prepare(sql, params);
  try {
    const rows = [];
    while (statement.step()) rows.push(statement.getAsObject());
    return rows;
  } finally {
    statement.free();
  }
}

// region: focus
// sql.js keeps the database in memory; writing it to the file is our job.
const ready = initSqlJs().then((SQL) => {
  const db = new SQL.Database();
  db.run(`CREATE TABLE user (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    hashed_password TEXT NOT NULL
  )`);
  fs.writeFileSync(file, db.export());
  return db;
});

const app = express();
app.use(express.json());

// Every route below finds the database on req.db, opened once.
app.use(async (req, res, next) => {
  req.db = await ready;
  next();
});

// JSON may hold a lone surrogate ("\ud800"), which no UTF-8 text can: sql.js would store
// U+FFFD marks in its place, not what was sent. Refuse it (\p{Cs}: a surrogate on its own).
const Text = z.string().regex(/^\P{Cs}*$/u, "must be Unicode text without lone surrogates");
const UserCreate = z.object({ email: Text, name: Text, password: Text });
const PUBLIC = "id, email, name"; // the columns a client may see: never the hash

app.post("/users", async (req, res) => {
  const parsed = UserCreate.safeParse(req.body);
  if (!parsed.success) {
    return res.status(400).json({ error: "Invalid request", issues: parsed.error.issues });
  }
  const { email, name, password } = parsed.data;
  const hashed = await bcrypt.hash(password, 10);
  let user;
  try {
    [user] = query(req.db, `INSERT INTO user (email, name, hashed_password)
      VALUES (?, ?, ?) RETURNING ${PUBLIC}`, [email, name, hashed]);
  } catch (err) {
    if (err.code !== "SQLITE_CONSTRAINT_UNIQUE") throw err;
    return res.status(409).json({ error: "Email already registered" });
  }
  fs.writeFileSync(file, req.db.export());
  res.status(201).json(user);
});

app.get("/users", (req, res) => {
  res.json(query(req.db, `SELECT ${PUBLIC} FROM user`));
});

app.get("/users/:id", (req, res) => {
  const id = Number(req.params.id);
  const [user] = query(req.db, `SELECT ${PUBLIC} FROM user WHERE id = ?`, [id]);
  if (user === undefined) {
    return res.status(404).json({ error: "User not found" });
  }
  res.json(user);
});
// endregion

module.exports = app;

if (require.main === module) {
  // Without these, SIGTERM and Ctrl-C end Node at once and the "exit" clean-up never runs.
  for (const signal of ["SIGINT", "SIGTERM", "SIGBREAK"]) {
    process.once(signal, () => process.exit(0));
  }
  const port = Number(process.env.PORT) || 3000;
  app.listen(port, process.env.HOST || "127.0.0.1", (err) => {
    if (err) throw err; // Express 5 hands listen errors (like EADDRINUSE) to this callback
    console.log(`Express listening on http://127.0.0.1:${port}`);
  });
}
