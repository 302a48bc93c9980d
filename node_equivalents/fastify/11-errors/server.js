// Lesson 11: errors. Throw, and let the error handler answer.
const Fastify = require("fastify");

const STOCK = { soup: 3, salad: 0 };

// region: focus
class HttpError extends Error {
  constructor(statusCode, message) {
    super(message);
    this.statusCode = statusCode; // the property Fastify's own errors use
  }
}

class OutOfStock extends Error {}

function build(opts = {}) {
  const app = Fastify(opts);

  // One handler for every error a route of this instance throws
  // (or that its async handler rejects with).
  app.setErrorHandler(async (error, request, reply) => {
    if (error instanceof OutOfStock) {
      reply.code(409);
      return { error: error.message };
    }
    if (error instanceof HttpError) {
      reply.code(error.statusCode);
      return { detail: error.message };
    }
    throw error; // anything else: Fastify's default error handler
  });

  app.get("/items/:name", async (request) => {
    const { name } = request.params;
    if (!Object.hasOwn(STOCK, name)) {
      throw new HttpError(404, `No item called ${name}`);
    }
    if (STOCK[name] === 0) {
      throw new OutOfStock(`${name} is out of stock`);
    }
    return { name, stock: STOCK[name] };
  });

  app.get("/boom", async () => {
    // Nobody handles this one.
    throw new Error("the oven caught fire");
  });

  return app;
}
// endregion

module.exports = build;

if (require.main === module) {
  const port = Number(process.env.PORT) || 3001;
  build().listen({ port, host: process.env.HOST || "127.0.0.1" }).then(
    (address) => console.log(`Fastify listening on ${address}`),
    (err) => { throw err; }, // a busy port (EADDRINUSE) ends the process with a non-zero code
  );
}
