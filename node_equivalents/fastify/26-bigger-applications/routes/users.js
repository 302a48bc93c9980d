// The users: every route of this plugin needs a valid X-Token, said once with a hook.
// region: focus
async function usersRoutes(users) {
  // The hook stays inside this plugin's scope: the items plugin never sees it.
  users.addHook("onRequest", users.requireToken);

  users.get("/", async () => ({ users: Object.values(users.tokens).sort() }));

  users.get("/me", async (request) => ({ user: request.user })); // set by requireToken
}
// endregion

module.exports = usersRoutes;
