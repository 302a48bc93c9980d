// Lesson 18: express.urlencoded() for form fields, multer for multipart uploads.
const express = require("express");
const multer = require("multer");

const app = express();
const uploads = multer({ storage: multer.memoryStorage() }); // files stay in memory, as Buffers

// region: focus
app.post("/signup", express.urlencoded(), (req, res) => {
  const { name, age } = req.body ?? {}; // every field arrives as a string
  if (typeof name !== "string" || !/^\d+$/.test(age ?? "")) {
    return res.status(400).json({ error: "name and a whole-number age are required" });
  }
  res.json({ name, age: Number(age) });
});

// Right after multer in the route, so it sees multer's errors and nobody else's: a MulterError
// (a file in another field, a limit) or busboy's plain Error for a body that is not valid
// multipart (no boundary, cut short). Both are the client's fault; unhandled, both are a 500.
function badUpload(err, req, res, next) {
  res.status(400).json({ error: err.message, code: err.code, field: err.field });
}

app.post("/upload", uploads.single("file"), badUpload, (req, res) => {
  if (!req.file) {
    return res.status(400).json({ error: "a file field named file is required" });
  }
  const { originalname, mimetype, size } = req.file;
  res.json({ filename: originalname, content_type: mimetype, size, note: req.body.note ?? "" });
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
