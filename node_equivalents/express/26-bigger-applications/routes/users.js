// The users: every request that enters this router needs a valid X-Token.
const express = require("express");
const { TOKENS, requireToken } = require("../middleware/requireToken");

// region: focus
const router = express.Router();
router.use(requireToken); // runs for every request under /users, before any route is matched

router.get("/", (req, res) => {
  res.json({ users: Object.values(TOKENS).sort() });
});

router.get("/me", (req, res) => {
  res.json({ user: req.user }); // set by requireToken
});
// endregion

module.exports = router;
