"""fastapi-uvicorn-tutor: learn FastAPI + Uvicorn by running each lesson beside its Node twin."""

__version__ = "0.1.0"
