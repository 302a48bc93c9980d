// Lesson 11: errors. Throw, and let a four-argument middleware answer.
const express = require("express");
const createError = require("http-errors");

const app = express();
const STOCK = { soup: 3, salad: 0 };

// region: focus
class OutOfStock extends Error {}

app.get("/items/:name", async (req, res) => {
  const { name } = req.params;
  if (!Object.hasOwn(STOCK, name)) {
    throw createError(404, `No item called ${name}`); // an error with .status 404
  }
  if (STOCK[name] === 0) {
    // Express 5 catches the rejected promise of an
    // async handler and calls next(err) for you.
    throw new OutOfStock(`${name} is out of stock`);
  }
  res.json({ name, stock: STOCK[name] });
});

app.get("/boom", async () => {
  // Nobody handles this one.
  throw new Error("the oven caught fire");
});

// Four arguments make it an error handler.
// It must be registered after the routes.
app.use((err, req, res, next) => {
  if (err instanceof OutOfStock) {
    return res.status(409).json({ error: err.message });
  }
  // http-errors marks 4xx messages safe to show (expose); a 5xx's are not.
  if (createError.isHttpError(err) && err.expose) {
    return res.status(err.status).json({ detail: err.message });
  }
  next(err); // anything else: Express's default error handler
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
