"""Exercise 02: a bare ASGI app that routes by hand and says how long its body is."""

import json


async def app(scope, receive, send):
    if scope["type"] == "lifespan":  # start-up and shutdown: say "done"
        while True:
            message = await receive()
            await send({"type": message["type"] + ".complete"})
            if message["type"] == "lifespan.shutdown":
                return
    # TODO 1: only GET / gets the dish below.
    #   - another path: 404 with {"detail": "Not Found"}
    #   - another method on /: 405 with {"detail": "Method Not Allowed"}
    #     and an (b"allow", b"GET") header
    # TODO 2: send a content-length header (the body's length in bytes,
    #   as bytes: str(len(body)).encode()), so Uvicorn need not chunk
    dish = {"chef": "no framework", "dish": "soup"}
    body = json.dumps(dish, separators=(",", ":")).encode()
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": body})
