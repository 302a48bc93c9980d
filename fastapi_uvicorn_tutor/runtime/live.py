"""The servers of one running lesson: Uvicorn with the FastAPI app, and a Node twin per chosen stack."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi_uvicorn_tutor.course import stacks
from fastapi_uvicorn_tutor.runtime import servers


@dataclass
class LiveServers:
    fastapi: servers.Server
    twins: dict[str, servers.Server] = field(default_factory=dict)  # stack id -> its running twin
    missing: dict[str, str] = field(default_factory=dict)  # stack id -> why its twin is not running
    no_twin: dict[str, str] = field(default_factory=dict)  # stack id -> why this lesson has no twin for a chosen stack
    strict_ports: bool = False
    labels: dict[str, str] = field(default_factory=dict)  # stack id -> what the lesson calls its twin ([twin_label]), if not the stack's label

    @property
    def all(self) -> list[servers.Server]:
        return [self.fastapi, *self.twins.values()]

    @property
    def chosen(self) -> list[stacks.Stack]:
        """The stacks this lesson runs against, running or not, in registry order."""
        return [stack for stack in stacks.ALL if stack.id in self.twins or stack.id in self.missing]

    def twin_ports(self) -> dict[str, int]:
        """Stack id -> port, for every running twin."""
        return {sid: server.spec.port for sid, server in self.twins.items()}

    def replace(self, old: servers.Server, new: servers.Server) -> None:
        """Put `new` where `old` was (a server relaunched on another port)."""
        if old is self.fastapi:
            self.fastapi = new
        for sid, server in self.twins.items():
            if server is old:
                self.twins[sid] = new
