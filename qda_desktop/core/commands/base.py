"""The command base class and the context commands run in."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from sqlalchemy.orm import Session
from typing_extensions import TypeVar as DefaultTypeVar

from qda_desktop.core.names import checked_name
from qda_desktop.errors import NotFound
from qda_desktop.store.models import Base, Code, Document

M = TypeVar("M", bound=Base)
R = DefaultTypeVar("R", default=Any)  # what a command's ``apply`` returns (its typed result)


class Context:
    """What a command may touch: one ORM session inside one transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, model: type[M], row_id: int, what: str | None = None) -> M:
        obj = self.session.get(model, row_id)
        if obj is None:
            raise NotFound(f"no {what or model.__name__.lower()} with id {row_id}")
        return obj

    def document(self, document_id: int) -> Document:
        return self.get(Document, document_id, "document")

    def code(self, code_id: int) -> Code:
        return self.get(Code, code_id, "code")

    def require_unique_document_name(self, name: str, exclude_id: int | None = None) -> str:
        """The name, cleaned, if no other document has it (see ``core.names``)."""
        return checked_name(self.session, Document, "document", name, exclude_id=exclude_id)


class Command(Generic[R]):
    """A user action: ``apply`` runs in one transaction; undo and redo are generic.

    ``Command[int]`` returns an int (a new row's id): ``Project.run`` hands it back typed.
    """

    @property
    def label(self) -> str:
        raise NotImplementedError

    def apply(self, ctx: Context) -> R:
        raise NotImplementedError


class Batch(Command[list[Any]]):
    """Several commands as one transaction and one undo step."""

    def __init__(self, label: str, commands: list[Command[Any]]) -> None:
        self._label = label
        self.commands = commands

    @property
    def label(self) -> str:
        return self._label

    def apply(self, ctx: Context) -> list[Any]:
        return [command.apply(ctx) for command in self.commands]


class Reasoned(Command[R]):
    """Any command with the user's reason for it, which the audit log keeps beside the change."""

    def __init__(self, command: Command[R], reason: str) -> None:
        self.command = command
        self.reason = reason.strip()

    @property
    def label(self) -> str:
        return self.command.label

    def apply(self, ctx: Context) -> R:
        return self.command.apply(ctx)
