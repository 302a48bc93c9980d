// Lesson 29: an app factory. Tests hand createApp() the repo they want; so does start-up.
const express = require("express");

class ItemRepo {
  // An in-memory store, standing in for a database.
  constructor(items = []) {
    this.items = new Map(items.map((item) => [item.id, item]));
  }

  all() {
    return [...this.items.values()];
  }

  get(id) {
    return this.items.get(id);
  }

  add(name, price) {
    const item = { id: Math.max(0, ...this.items.keys()) + 1, name, price };
    this.items.set(item.id, item);
    return item;
  }
}

async function openRepo() {
  // Stands in for slow start-up work: connecting to a database.
  await new Promise((resolve) => setTimeout(resolve, 100));
  return new ItemRepo([{ id: 1, name: "soup", price: 4.5 }, { id: 2, name: "salad", price: 6.0 }]);
}

// region: focus
// The dependency comes in as an argument: a test passes a fake, start-up the real one.
function createApp({ repo } = {}) {
  if (!repo) throw new TypeError("createApp needs a repo");
  const app = express();
  app.use(express.json());

  app.get("/items", (req, res) => {
    res.json(repo.all());
  });

  app.get("/items/:id", (req, res) => {
    const item = repo.get(Number(req.params.id));
    if (!item) return res.status(404).json({ detail: "Item not found" });
    res.json(item);
  });

  app.post("/items", (req, res) => {
    const { name, price } = req.body ?? {};
    if (typeof name !== "string" || typeof price !== "number" || !(price > 0)) {
      return res.status(400).json({ detail: "name must be a string and price a number above 0" });
    }
    res.status(201).json(repo.add(name, price));
  });

  app.get("/health", (req, res) => {
    res.json({ status: "ok" });
  });

  return app;
}

module.exports = { createApp, ItemRepo, openRepo };
// endregion

async function main() {
  // Start-up is plain code before listen(): open the repo, then build the app with it.
  const app = createApp({ repo: await openRepo() });
  const port = Number(process.env.PORT) || 3000;
  app.listen(port, process.env.HOST || "127.0.0.1", (err) => {
    if (err) throw err; // Express 5 passes listen errors (EADDRINUSE) here
    console.log(`Express listening on http://127.0.0.1:${port}`);
  });
}

if (require.main === module) {
  main();
}
