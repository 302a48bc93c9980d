"""The servers of one running lesson: Uvicorn with the FastAPI app, and the Node twin when it runs."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi_uvicorn_tutor.runtime import servers


@dataclass
class LiveServers:
    fastapi: servers.Server
    express: servers.Server | None
    node_problem: str | None
    strict_ports: bool = False

    @property
    def all(self) -> list[servers.Server]:
        return [s for s in (self.fastapi, self.express) if s is not None]
