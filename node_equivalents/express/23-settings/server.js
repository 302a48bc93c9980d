// Lesson 23: configuration from process.env, where every value is a string, checked by a zod schema.
// Started as `node --env-file=settings.env server.js` (Node 20.6+): Node copies the file into
// process.env before this file runs; a variable already in the environment wins.
const express = require("express");
const { z } = require("zod");

// region: focus
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
