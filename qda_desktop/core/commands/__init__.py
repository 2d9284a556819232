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
from qda_desktop.core.commands.speakers import AlternateSpeakers, RenameSpeaker, SetSegmentSpeaker
from qda_desktop.core.commands.transcript_import import ImportTranscript
from qda_desktop.core.commands.transcripts import (
    AppendSegments,
    FinishTranscription,
    ImportRecording,
    ResumeTranscription,
    StartTranscript,
)

__all__ = [
    "AddCase",
    "AddCode",
    "AddCodings",
    "AddJournalEntry",
    "AddMemo",
    "AlternateSpeakers",
    "AppendSegments",
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
    "FinishTranscription",
    "ImportRecording",
    "ImportText",
    "ImportTranscript",
    "LinkDocumentToCase",
    "MergeCodes",
    "MoveCode",
    "ReattachCoding",
    "RemoveCoding",
    "RenameDocument",
    "RenameSpeaker",
    "ReplaceText",
    "ResumeTranscription",
    "SetCaseAttribute",
    "SetCodingMemo",
    "SetCodingRange",
    "SetSegmentSpeaker",
    "SplitCode",
    "StartTranscript",
    "UnlinkDocumentFromCase",
    "UpdateCase",
    "UpdateCode",
    "UpdateJournalEntry",
    "UpdateMemo",
]
