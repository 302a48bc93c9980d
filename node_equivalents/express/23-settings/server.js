// Lesson 23: configuration from process.env, where every value is a string.
const fs = require("node:fs");
const path = require("node:path");
const express = require("express");

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

// Every conversion and check is ours to write, and each fails quietly.
const settings = {
  name: process.env.SHOP_NAME ?? "Lesson 23 shop",
  debug: process.env.SHOP_DEBUG === "true", // the string "false" would be truthy
  max_items: Number(process.env.SHOP_MAX_ITEMS ?? 10), // "lots" would give NaN
};

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
