// Lesson 25: a database. sql.js (SQLite compiled to WebAssembly) in a plugin, a response schema that drops the hash.
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const bcrypt = require("bcryptjs");
const Fastify = require("fastify");
const fp = require("fastify-plugin");
const initSqlJs = require("sql.js");

// region: focus
// Opens a fresh database file for every run, in a temporary folder, and
// decorates the instance with it; fastify-plugin makes app.db visible to
// the routes registered beside the plugin, not only inside it.
const database = fp(async (app) => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "lesson25-"));
  const file = path.join(folder, "shop.db");
  const SQL = await initSqlJs();
  const db = new SQL.Database(); // in memory: writing it to the file is our job
  db.run(`CREATE TABLE user (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    hashed_password TEXT NOT NULL
  )`);

  app.decorate("db", {
    // Every row a statement returns, as objects.
    query(sql, params = []) {
      const statement = db.prepare(sql, params);
      try {
        const rows = [];
        while (statement.step()) rows.push(statement.getAsObject());
        return rows;
      } finally {
        statement.free();
      }
    },
    // Synchronous, so two requests can never interleave their writes.
    save: () => fs.writeFileSync(file, db.export()),
  });
  app.db.save();

  app.addHook("onClose", async () => {
    db.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });
});

function httpError(statusCode, message) {
  // Fastify's error handler answers with the statusCode of what a route throws.
  return Object.assign(new Error(message), { statusCode });
}

function build(opts = {}) {
  const app = Fastify(opts);
  app.register(database);

  // JSON may hold a lone surrogate ("\ud800"), which no UTF-8 text can: sql.js would store
  // U+FFFD marks in its place. ajv's patterns are Unicode regexps: \p{Cs} is a surrogate on its own.
  const Text = { type: "string", pattern: "^\\P{Cs}*$" };
  const UserCreate = {
    type: "object",
    required: ["email", "name", "password"],
    properties: { email: Text, name: Text, password: Text },
  };
  // Only these properties are sent: hashed_password is dropped, like response_model does.
  const UserPublic = {
    type: "object",
    properties: {
      id: { type: "integer" },
      email: { type: "string" },
      name: { type: "string" },
    },
  };

  app.post("/users", {
    schema: { body: UserCreate, response: { 201: UserPublic } },
  }, async (request, reply) => {
    const { email, name, password } = request.body;
    const hashed = await bcrypt.hash(password, 10);
    let user;
    try {
      [user] = app.db.query(`INSERT INTO user (email, name, hashed_password)
        VALUES (?, ?, ?) RETURNING *`, [email, name, hashed]);
    } catch (err) {
      if (err.code !== "SQLITE_CONSTRAINT_UNIQUE") throw err;
      throw httpError(409, "Email already registered");
    }
    app.db.save();
    reply.code(201);
    return user; // the whole row, hash included: the schema filters it
  });

  app.get("/users", {
    schema: { response: { 200: { type: "array", items: UserPublic } } },
  }, async () => app.db.query("SELECT * FROM user"));

  app.get("/users/:id", {
    schema: {
      params: { type: "object", properties: { id: { type: "integer" } } },
      response: { 200: UserPublic },
    },
  }, async (request) => {
    const [user] = app.db.query("SELECT * FROM user WHERE id = ?", [request.params.id]);
    if (user === undefined) throw httpError(404, "User not found");
    return user;
  });
  // endregion

  return app;
}

module.exports = build;

if (require.main === module) {
  const app = build();
  const port = Number(process.env.PORT) || 3001;
  app.listen({ port, host: process.env.HOST || "127.0.0.1" }).then(
    (address) => console.log(`Fastify listening on ${address}`),
    async (err) => {
      await app.close(); // the plugin's onClose removes the database folder
      throw err; // a busy port (EADDRINUSE) ends the process with a non-zero code
    },
  );

  // Fastify installs no signal handlers: without these, SIGTERM and Ctrl-C end
  // Node at once, and the onClose hook never removes the folder.
  for (const signal of ["SIGINT", "SIGTERM", "SIGBREAK"]) {
    process.once(signal, async () => {
      await app.close();
      process.exit(0);
    });
  }
}
