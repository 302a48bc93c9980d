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
    try:
        while True:
            dish = await websocket.receive_text()
            # TODO: a dish on the MENU gets {"dish": dish, "ticket": n}, where n counts
            #   this socket's orders: 1, 2, 3... (a new socket starts again at 1)
            # TODO: any other dish gets {"error": "not on the menu", "dish": dish};
            #   it takes no ticket, and the socket stays open for the next order
            await websocket.send_json({"echo": dish})
    except WebSocketDisconnect:
        pass
