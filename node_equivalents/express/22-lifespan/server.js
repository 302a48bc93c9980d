// Lesson 22: start-up work before listen(), shutdown work in a SIGTERM handler.
const express = require("express");

const app = express();

async function openPantry() {
  // Stands in for slow start-up work: a database pool, a model...
  await new Promise((resolve) => setTimeout(resolve, 200));
  return { soup: 4.5, salad: 6.0, pie: 3.25 };
}

app.get("/menu", (req, res) => {
  const dishes = Object.keys(req.app.locals.pantry).sort();
  res.json({ dishes, count: dishes.length });
});

app.get("/health", (req, res) => {
  res.json({ status: "ok" });
});

// region: focus
async function main() {
  console.log("startup: opening the pantry");
  // Before listen(): no request can arrive while this runs.
  const pantry = await openPantry();
  app.locals.pantry = pantry;
  console.log(`startup: pantry ready with ${Object.keys(pantry).length} dishes`);

  const port = Number(process.env.PORT) || 3000;
  const server = app.listen(port, process.env.HOST || "127.0.0.1", (err) => {
    if (err) throw err; // Express 5 passes listen errors (EADDRINUSE) here
    console.log(`Express listening on http://127.0.0.1:${port}`);
  });

  // Without these handlers, SIGTERM and Ctrl-C end Node at once:
  // no log line, no cleanup.
  function shutdown(signal) {
    if (!server.listening) return; // already closing
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
