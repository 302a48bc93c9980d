// Lesson 21: a WebSocket echo with the `ws` package, on the same http server as Express.
const express = require("express");
const { WebSocketServer } = require("ws");

const app = express();

app.get("/", (req, res) => {
  res.json({ websocket: "/ws", try: "send text, get it back" });
});

// region: focus
// Express never sees WebSocket traffic: Node's http server
// emits "upgrade" and the `ws` server attached to it takes over.
function attachEcho(server) {
  const wss = new WebSocketServer({ server, path: "/ws" });
  wss.on("connection", (socket) => {
    let count = 0; // one closure per connection
    socket.on("message", (data) => {
      count += 1;
      socket.send(JSON.stringify({ echo: data.toString(), count }));
    });
  });
  return wss;
}

module.exports = app;

if (require.main === module) {
  const port = Number(process.env.PORT) || 3000;
  const server = app.listen(port, process.env.HOST || "127.0.0.1", (err) => {
    if (err) throw err; // Express 5 passes listen errors (EADDRINUSE) here
    console.log(`Express listening on http://127.0.0.1:${port}`);
  });
  attachEcho(server); // app.listen returned Node's http.Server
}
// endregion
