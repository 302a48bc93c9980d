"""Exercise 21: orders over a WebSocket, a ticket number per socket."""

from fastapi import FastAPI, WebSocket, WebSocketDisconnect

app = FastAPI(title="Exercise 21: WebSockets")

MENU = {"soup", "salad", "pie"}


@app.get("/")
def index():
    return {"websocket": "/ws/kitchen", "menu": sorted(MENU)}


@app.websocket("/ws/kitchen")
async def kitchen(websocket: WebSocket):
    await websocket.accept()
    tickets = 0  # one count per connection: it lives as long as this call
    try:
        while True:
            dish = await websocket.receive_text()
            if dish not in MENU:
                await websocket.send_json({"error": "not on the menu", "dish": dish})
                continue
            tickets += 1
            await websocket.send_json({"dish": dish, "ticket": tickets})
    except WebSocketDisconnect:
        pass
