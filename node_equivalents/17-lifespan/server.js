// Lesson 17: start-up work before listen(), shutdown work in a SIGTERM handler.
const express = require("express");

const app = express();

async function openPantry() {
  // Stands in for slow start-up work: a database pool, a model, a cache warm-up.
  await new Promise((resolve) => setTimeout(resolve, 200));
  return { soup: 4.5, salad: 6.0, pie: 3.25 };
}

app.get("/menu", (req, res) => {
  const pantry = req.app.locals.pantry;
  res.json({ dishes: Object.keys(pantry).sort(), count: Object.keys(pantry).length });
});

app.get("/health", (req, res) => {
  res.json({ status: "ok" });
});

// region: focus
async function main() {
  console.log("startup: opening the pantry");
  app.locals.pantry = await openPantry(); // before listen: no request can arrive early
  console.log(`startup: pantry ready with ${Object.keys(app.locals.pantry).length} dishes`);

  const port = Number(process.env.PORT) || 3000;
  const server = app.listen(port, process.env.HOST || "127.0.0.1", (err) => {
    if (err) throw err; // Express 5 hands listen errors (like EADDRINUSE) to this callback
    console.log(`Express listening on http://127.0.0.1:${port}`);
  });

  // Without these handlers, SIGTERM and Ctrl-C end Node at once: no log line, no cleanup.
  function shutdown(signal) {
    if (!server.listening) return; // a second signal while we are already closing
    console.log(`shutdown: ${signal} received, closing the server`);
    server.close(() => {
      // Runs once every open connection has finished.
      console.log("shutdown: closing the pantry");
      process.exit(0);
    });
  }
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

module.exports = app;

if (require.main === module) {
  main();
}
// endregion
