// Lesson 07: zod schemas parse the body and the params; one error middleware turns a ZodError into a 400.
const express = require("express");
const z = require("zod");

const app = express();
app.use(express.json());

const DISHES = new Map([
  [1, { name: "Tomato soup", price: 4.5, cost: 1.2, note: null,
    supplier: { name: "Green Farm", country: "FR" } }],
  [2, { name: "Bread", price: 2.0, cost: 0.4, note: "baked at six",
    supplier: { name: "Mill & Co", country: "BE" } }],
]);

app.get("/", (req, res) => {
  res.json({ try: ["/dishes/1", "/dishes/1.0", "/dishes/0x1", 'PATCH /dishes/2 {"note": null}'] });
});

function find(id) { // the error middleware answers its 404
  const dish = DISHES.get(id);
  if (!dish) {
    const err = new Error("Dish not found");
    err.status = 404;
    throw err;
  }
  return dish;
}

// region: focus
const Supplier = z.object({ // z.object strips unknown keys
  name: z.string(),
  country: z.string(),
});

const DishCreate = z.strictObject({ // refuses unknown keys
  name: z.string().min(1),
  price: z.number().positive(), // no coercion: "4.5" is refused
  cost: z.number().positive(), // what the kitchen pays: never shown
  supplier: Supplier,
  note: z.string().nullable().optional(),
});

// .partial() keeps .default()s: a default on note would fill it
// in on every PATCH, so the default is applied in POST instead.
const DishUpdate = DishCreate.partial();

const DishId = z.coerce.number().int(); // Number(req.params.id), then checks
const StrictId = z.int(); // without coerce: a string is never a number

function toPublic({ cost, ...guest }) { // what a guest sees: no cost
  return guest;
}

app.post("/dishes", (req, res) => {
  const dish = { note: null, ...DishCreate.parse(req.body) }; // throws a ZodError
  const id = Math.max(...DISHES.keys()) + 1;
  DISHES.set(id, dish);
  res.status(201).location(`/dishes/${id}`).json(toPublic(dish));
});

app.get("/dishes/:id", (req, res) => {
  res.json(toPublic(find(DishId.parse(req.params.id))));
});

app.patch("/dishes/:id", (req, res) => {
  const changes = DishUpdate.parse(req.body); // absent keys stay absent
  const dish = Object.assign(find(DishId.parse(req.params.id)), changes);
  res.json(toPublic(dish));
});

app.get("/strict/dishes/:id", (req, res) => {
  res.json(toPublic(find(StrictId.parse(req.params.id))));
});

app.use((err, req, res, next) => {
  if (err instanceof z.ZodError) {
    const issues = err.issues.map(({ path, code, message }) => ({ path, code, message }));
    return res.status(400).json({ error: "Invalid request", issues });
  }
  if (err.status === 404) return res.status(404).json({ detail: err.message });
  next(err);
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
