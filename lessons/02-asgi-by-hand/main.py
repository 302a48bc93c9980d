"""Lesson 02: no framework at all. An ASGI app is one async function."""

import json


# region: focus
async def app(scope, receive, send):
    if scope["type"] == "lifespan":  # start-up and shutdown: say "done"
        while True:
            message = await receive()  # "lifespan.startup", later ".shutdown"
            await send({"type": message["type"] + ".complete"})
            if message["type"] == "lifespan.shutdown":
                return
    if scope["path"] == "/stream":
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8")]})
        for word in (b"one ", b"two ", b"three"):
            # more_body: "more is coming", so nobody knows the length yet
            await send({"type": "http.response.body", "body": word,
                        "more_body": True})
        await send({"type": "http.response.body", "body": b""})
        return
    # No router: every method and every path reaches this function.
    dish = {"chef": "no framework",
            "method": scope["method"], "path": scope["path"]}
    body = json.dumps(dish, separators=(",", ":")).encode()
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": body})
# endregion
