// The items: public, no hook in this plugin.
const ITEMS = { 1: "soup", 2: "salad" };

// region: focus
async function itemsRoutes(items) {
  items.get("/", async () => ({ items: Object.values(ITEMS).sort() }));

  items.get("/:id", {
    schema: { params: { type: "object", properties: { id: { type: "integer" } } } },
  }, async (request, reply) => {
    const { id } = request.params;
    if (!Object.hasOwn(ITEMS, id)) {
      return reply.code(404).send({ detail: "Item not found" });
    }
    return { id, name: ITEMS[id] };
  });
}
// endregion

module.exports = itemsRoutes;
