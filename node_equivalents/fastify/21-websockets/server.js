// Lesson 21: a WebSocket echo with @fastify/websocket, a route of the Fastify app itself.
const Fastify = require("fastify");
const websocket = require("@fastify/websocket");

function build(opts = {}) {
  const app = Fastify(opts);

  // The plugin listens for Node's "upgrade" event and sends each upgrade
  // through Fastify's router, hooks included, before `ws` takes the socket.
  app.register(websocket);

  // Routes go in a plugin registered after it: `register` runs in order, so
  // the websocket plugin is loaded before these routes are added.
  app.register(async (app) => {
    app.get("/", async () => ({ websocket: "/ws", try: "send text, get it back" }));

    // region: focus
    // `websocket: true` makes this a WebSocket route: the handler gets the
    // `ws` socket, once per connection. A plain GET here is a 404.
    app.get("/ws", { websocket: true }, (socket, request) => {
      let count = 0; // one closure per connection
      socket.on("message", (data) => {
        count += 1;
        socket.send(JSON.stringify({ echo: data.toString(), count }));
      });
    });
    // endregion
  });

  return app;
}

module.exports = build;

if (require.main === module) {
  const port = Number(process.env.PORT) || 3001;
  build().listen({ port, host: process.env.HOST || "127.0.0.1" }).then(
    (address) => console.log(`Fastify listening on ${address}`),
    (err) => { throw err; }, // a busy port (EADDRINUSE) ends the process with a non-zero code
  );
}
