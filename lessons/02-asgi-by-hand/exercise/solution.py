"""Exercise 02: a bare ASGI app that routes by hand and says how long its body is."""

import json


async def app(scope, receive, send):
    if scope["type"] == "lifespan":  # start-up and shutdown: say "done"
        while True:
            message = await receive()
            await send({"type": message["type"] + ".complete"})
            if message["type"] == "lifespan.shutdown":
                return
    status, headers = 200, []
    dish = {"chef": "no framework", "dish": "soup"}
    if scope["path"] != "/":
        status, dish = 404, {"detail": "Not Found"}
    elif scope["method"] != "GET":
        status, dish = 405, {"detail": "Method Not Allowed"}
        headers.append((b"allow", b"GET"))
    body = json.dumps(dish, separators=(",", ":")).encode()
    headers += [(b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status,
                "headers": headers})
    await send({"type": "http.response.body", "body": body})
