"""Lesson 21: a WebSocket echo. Uvicorn speaks the protocol only with a websocket library."""

from fastapi import FastAPI, WebSocket, WebSocketDisconnect

app = FastAPI(title="Lesson 21: WebSockets")


@app.get("/")
def index():
    return {"websocket": "/ws", "try": "send text, get it back"}


# region: focus
@app.websocket("/ws")
async def echo(websocket: WebSocket):
    # One coroutine per connection; `count` lives with the socket.
    await websocket.accept()
    count = 0
    try:
        while True:
            text = await websocket.receive_text()
            count += 1
            await websocket.send_json({"echo": text, "count": count})
    except WebSocketDisconnect:
        pass  # the client went away; nothing to clean up
# endregion
