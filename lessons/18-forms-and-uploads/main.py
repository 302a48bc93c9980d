"""Lesson 18: HTML form fields and file uploads (python-multipart parses them)."""

from fastapi import FastAPI, File, Form, UploadFile

app = FastAPI(title="Lesson 18: forms and uploads")


# region: focus
@app.post("/signup")
def signup(name: str = Form(), age: int = Form()):
    return {"name": name, "age": age}


@app.post("/upload")
async def upload(file: UploadFile = File(), note: str = Form(default="")):
    data = await file.read()
    return {"filename": file.filename, "content_type": file.content_type, "size": len(data), "note": note}
# endregion
