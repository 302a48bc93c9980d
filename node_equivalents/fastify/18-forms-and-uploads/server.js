// Lesson 18: @fastify/formbody for form fields, @fastify/multipart for uploads, a schema for both fields.
const Fastify = require("fastify");
const formbody = require("@fastify/formbody");
const multipart = require("@fastify/multipart");

function build(opts = {}) {
  const app = Fastify(opts);
  app.register(formbody); // application/x-www-form-urlencoded -> request.body, every value a string
  app.register(multipart); // multipart/form-data -> request.file(), request.parts()

  // region: focus
  const signupBody = {
    type: "object",
    required: ["name", "age"],
    properties: { name: { type: "string" }, age: { type: "integer" } },
  };

  app.post("/signup", { schema: { body: signupBody } }, async (request) => {
    const { name, age } = request.body; // ajv checked both and turned "36" into 36
    return { name, age };
  });

  // busboy's complaints (no boundary, a body cut short) carry no status code, so Fastify's
  // default handler would answer 500: the client's fault, answered 400 for this route.
  function badUpload(err, request, reply) {
    reply.code(err.statusCode ?? 400).send(err);
  }

  app.post("/upload", { errorHandler: badUpload }, async (request, reply) => {
    const data = await request.file(); // the first file part; the form fields come in data.fields
    if (!data) {
      reply.code(400);
      return { error: "a file field named file is required" };
    }
    const content = await data.toBuffer(); // in memory; over 1 MiB (the bodyLimit) is a 413
    return { filename: data.filename, content_type: data.mimetype, size: content.length, note: data.fields.note?.value ?? "" };
  });
  // endregion

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
