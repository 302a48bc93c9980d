// Lesson 23: configuration from process.env, where every value is a string, checked by a zod schema.
const fs = require("node:fs");
const path = require("node:path");
const express = require("express");
const { z } = require("zod");

// On Node 20.6+ you would start with `node --env-file=settings.env server.js`; the tutor
// starts `node server.js`, so the file is loaded here (existing variables win either way).
function loadEnvFile(file) {
  if (process.loadEnvFile) return process.loadEnvFile(file); // Node >= 20.12
  // Older Node: the few lines of what the dotenv package does (existing variables win).
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    const match = line.match(/^\s*([\w.]+)\s*=\s*(.*?)\s*$/);
    if (match && !(match[1] in process.env)) process.env[match[1]] = match[2];
  }
}

// region: focus
loadEnvFile(path.join(__dirname, "settings.env")); // copies the file into process.env

// Every value in process.env is a string: a schema converts and checks them once, at
// start-up, and a bad one throws a ZodError before the server listens.
const Env = z.object({
  SHOP_NAME: z.string().default("Lesson 23 shop"),
  SHOP_DEBUG: z.stringbool().default(false), // "false", "0", "no", "off" mean false
  SHOP_MAX_ITEMS: z.coerce.number().int().default(10), // "lots" stops the app
});
const env = Env.parse(process.env);
const settings = { name: env.SHOP_NAME, debug: env.SHOP_DEBUG, max_items: env.SHOP_MAX_ITEMS };

const app = express();

app.get("/settings", (req, res) => {
  res.json(settings);
});
// endregion

app.get("/environ", (req, res) => {
  res.json({ SHOP_DEBUG: process.env.SHOP_DEBUG, SHOP_MAX_ITEMS: process.env.SHOP_MAX_ITEMS });
});

module.exports = app;

if (require.main === module) {
  const port = Number(process.env.PORT) || 3000;
  app.listen(port, process.env.HOST || "127.0.0.1", (err) => {
    if (err) throw err; // Express 5 hands listen errors (like EADDRINUSE) to this callback
    console.log(`Express listening on http://127.0.0.1:${port}`);
  });
}
