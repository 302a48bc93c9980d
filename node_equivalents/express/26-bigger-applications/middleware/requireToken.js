// Middleware more than one router may use: the user the X-Token header names, or a 401.
const TOKENS = { "secret-alice": "alice" };

// region: focus
function requireToken(req, res, next) {
  const token = req.get("X-Token");
  if (token === undefined) {
    return res.status(401).json({ detail: "Missing X-Token header" });
  }
  if (!Object.hasOwn(TOKENS, token)) {
    return res.status(401).json({ detail: "Invalid X-Token header" });
  }
  req.user = TOKENS[token];
  next();
}
// endregion

module.exports = { TOKENS, requireToken };
