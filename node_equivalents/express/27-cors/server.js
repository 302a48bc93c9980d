// Lesson 27: CORS with the cors package, given the same allow lists as the FastAPI app.
const express = require("express");
const cors = require("cors");

const app = express();

// region: focus
// cors() with no options would allow every origin (`*` on every response).
app.use(
  cors({
    origin: ["http://localhost:5173"], // the front-end's dev server
    methods: ["GET", "POST"],
    allowedHeaders: ["Content-Type"],
  }),
);

// What not to do, on a router of its own: every origin, and cookies too.
// The cors package then sends `*` with credentials, which browsers refuse.
const careless = express.Router();
careless.use(cors({ origin: "*", credentials: true }));
careless.get("/account", (req, res) => {
  res.json({ customer: "ada", balance: 120 });
});
app.use("/careless", careless);
// endregion

app.get("/menu", (req, res) => {
  res.json({ dishes: ["soup", "salad"] });
});

app.post("/orders", (req, res) => {
  res.json({ status: "cooking" });
});

module.exports = app;

if (require.main === module) {
  const port = Number(process.env.PORT) || 3000;
  app.listen(port, process.env.HOST || "127.0.0.1", (err) => {
    if (err) throw err; // Express 5 hands listen errors (like EADDRINUSE) to this callback
    console.log(`Express listening on http://127.0.0.1:${port}`);
  });
}
