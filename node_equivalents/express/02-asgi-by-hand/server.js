// Lesson 02: no Express at all. A Node request handler is one function.
const http = require("node:http");

// region: focus
function app(req, res) {
  const path = req.url.split("?")[0]; // req.url carries the query too
  if (path === "/stream") {
    res.setHeader("Content-Type", "text/plain; charset=utf-8");
    for (const word of ["one ", "two ", "three"]) {
      res.write(word); // headers leave with the first write: length unknown
    }
    res.end();
    return;
  }
  // No router: every method and every path reaches this function.
  const dish = { chef: "no framework", method: req.method, path };
  res.setHeader("Content-Type", "application/json");
  res.end(JSON.stringify(dish)); // whole body at once: Node counts it
}

module.exports = app;

if (require.main === module) {
  // The waiter: http.createServer(app). An Express app is such a function.
  const port = Number(process.env.PORT) || 3000;
  const host = process.env.HOST || "127.0.0.1";
  http.createServer(app).listen(port, host, () => {
    console.log(`node:http listening on http://${host}:${port}`);
  });
}
// endregion
