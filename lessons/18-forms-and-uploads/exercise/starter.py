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


# TODO 1: POST /contact takes form fields:
#   - email: required text
#   - message: required text, at least 5 characters
#   - newsletter: a checkbox, False when the form leaves it out
#   and answers {"email": ..., "message": ..., "newsletter": true or false}


# TODO 2: POST /menus takes a form field `title` (required) and a file `file`:
#   - a file that is not text/plain: 415 with detail "send the menu as text/plain"
#   - otherwise answer {"title": ..., "filename": ..., "dishes": N}, where N counts
#     the file's lines that are not blank
