"""Exercise 18: a contact form, and a menu sent as a text file."""

from fastapi import FastAPI, File, Form, HTTPException, UploadFile

app = FastAPI(title="Exercise 18: forms and uploads")


@app.post("/signup")
def signup(name: str = Form(), age: int = Form()):
    return {"name": name, "age": age}


@app.post("/upload")
async def upload(file: UploadFile = File(), note: str = Form(default="")):
    data = await file.read()
    return {"filename": file.filename, "content_type": file.content_type, "size": len(data), "note": note}


@app.post("/contact")
def contact(email: str = Form(), message: str = Form(min_length=5), newsletter: bool = Form(False)):
    return {"email": email, "message": message, "newsletter": newsletter}


@app.post("/menus")
async def menus(title: str = Form(), file: UploadFile = File()):
    if file.content_type != "text/plain":
        raise HTTPException(status_code=415, detail="send the menu as text/plain")
    text = (await file.read()).decode()
    dishes = [line for line in text.splitlines() if line.strip()]
    return {"title": title, "filename": file.filename, "dishes": len(dishes)}
