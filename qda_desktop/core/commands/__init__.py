"""Every user action as a command. Undo and redo are generic (see ``core.undo``)."""

from qda_desktop.core.commands.base import Batch, Command, Context
from qda_desktop.core.commands.cases import (
    AddCase,
    DefineAttribute,
    DeleteCase,
    LinkDocumentToCase,
    SetCaseAttribute,
    UnlinkDocumentFromCase,
    UpdateCase,
)
from qda_desktop.core.commands.codes import (
    AddCode,
    DeleteCode,
    MergeCodes,
    MoveCode,
    SplitCode,
    UpdateCode,
)
from qda_desktop.core.commands.codings import (
    AddCodings,
    ApplyCode,
    ApplyNewCode,
    ReattachCoding,
    RemoveCoding,
    SetCodingMemo,
    SetCodingRange,
)
from qda_desktop.core.commands.documents import (
    DeleteDocument,
    EditDocumentText,
    ImportText,
    RenameDocument,
    ReplaceText,
)
from qda_desktop.core.commands.memos import (
    AddJournalEntry,
    AddMemo,
    DeleteJournalEntry,
    DeleteMemo,
    UpdateJournalEntry,
    UpdateMemo,
)

__all__ = [
    "AddCase",
    "AddCode",
    "AddCodings",
    "AddJournalEntry",
    "AddMemo",
    "ApplyCode",
    "ApplyNewCode",
    "Batch",
    "Command",
    "Context",
    "DefineAttribute",
    "DeleteCase",
    "DeleteCode",
    "DeleteDocument",
    "DeleteJournalEntry",
    "DeleteMemo",
    "EditDocumentText",
    "ImportText",
    "LinkDocumentToCase",
    "MergeCodes",
    "MoveCode",
    "ReattachCoding",
    "RemoveCoding",
    "RenameDocument",
    "ReplaceText",
    "SetCaseAttribute",
    "SetCodingMemo",
    "SetCodingRange",
    "SplitCode",
    "UnlinkDocumentFromCase",
    "UpdateCase",
    "UpdateCode",
    "UpdateJournalEntry",
    "UpdateMemo",
]
