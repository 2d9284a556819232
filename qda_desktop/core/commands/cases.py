"""Commands on cases (participants), their typed attributes and their documents."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from qda_desktop.core.commands.base import Command, Context
from qda_desktop.core.guids import assign_guid
from qda_desktop.core.names import checked_name
from qda_desktop.errors import InvalidInput
from qda_desktop.store.models import Attribute, Case, CaseAttributeValue, DocumentCase

VALUE_TYPES = ("text", "integer", "number", "date", "boolean")
TRUE_WORDS = {"true", "yes", "y", "1"}
FALSE_WORDS = {"false", "no", "n", "0"}


def normalise_value(value_type: str, raw: str) -> str:
    """Check ``raw`` against the attribute's type and return its stored form."""
    text = raw.strip()
    if value_type == "text" or text == "":
        return text
    if value_type == "integer":
        return _whole_number(raw, text)
    if value_type == "number":
        try:
            number = float(text)
        except ValueError:
            raise InvalidInput(f"'{raw}' is not a number") from None
        if not math.isfinite(number):
            raise InvalidInput(f"'{raw}' is not a finite number")
        return str(int(number)) if number.is_integer() else repr(number)
    if value_type == "date":
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise InvalidInput(f"'{raw}' is not a date of the form YYYY-MM-DD") from None
    lowered = text.lower()
    if lowered in TRUE_WORDS:
        return "true"
    if lowered in FALSE_WORDS:
        return "false"
    raise InvalidInput(f"'{raw}' is not yes/no (true/false)")


def _whole_number(raw: str, text: str) -> str:
    try:
        number = float(text) if "_" not in text else math.nan
    except ValueError:
        number = math.nan
    if not number.is_integer():  # false for nan and inf too
        raise InvalidInput(f"'{raw}' is not a whole number")
    return str(int(text)) if text.lstrip("+-").isdigit() else str(int(number))


def _check_case_name(ctx: Context, name: str, exclude_id: int | None = None) -> str:
    return checked_name(ctx.session, Case, "case", name, exclude_id=exclude_id)


@dataclass(frozen=True)
class AddCase(Command[int]):
    name: str
    description: str = ""
    guid: str | None = None

    @property
    def label(self) -> str:
        return f"Add case '{self.name}'"

    def apply(self, ctx: Context) -> int:
        guid = assign_guid(ctx.session, Case, self.guid)
        case = Case(guid=guid, name=_check_case_name(ctx, self.name), description=self.description)
        ctx.session.add(case)
        ctx.session.flush()
        return case.id


@dataclass(frozen=True)
class UpdateCase(Command[None]):
    case_id: int
    name: str
    description: str

    @property
    def label(self) -> str:
        return f"Edit case '{self.name}'"

    def apply(self, ctx: Context) -> None:
        case = ctx.get(Case, self.case_id, "case")
        case.name = _check_case_name(ctx, self.name, exclude_id=case.id)
        case.description = self.description


@dataclass(frozen=True)
class RenameCase(Command[None]):
    case_id: int
    name: str

    @property
    def label(self) -> str:
        return f"Rename case to '{self.name}'"

    def apply(self, ctx: Context) -> None:
        case = ctx.get(Case, self.case_id, "case")
        case.name = _check_case_name(ctx, self.name, exclude_id=case.id)


@dataclass(frozen=True)
class DeleteCase(Command[None]):
    case_id: int

    @property
    def label(self) -> str:
        return "Delete case"

    def apply(self, ctx: Context) -> None:
        ctx.session.delete(ctx.get(Case, self.case_id, "case"))


@dataclass(frozen=True)
class DefineAttribute(Command[int]):
    name: str
    value_type: str = "text"
    guid: str | None = None

    @property
    def label(self) -> str:
        return f"Add attribute '{self.name}'"

    def apply(self, ctx: Context) -> int:
        if self.value_type not in VALUE_TYPES:
            raise InvalidInput(f"attribute types are {', '.join(VALUE_TYPES)}, not '{self.value_type}'")
        name = checked_name(ctx.session, Attribute, "attribute", self.name)
        guid = assign_guid(ctx.session, Attribute, self.guid)
        attribute = Attribute(guid=guid, name=name, value_type=self.value_type)
        ctx.session.add(attribute)
        ctx.session.flush()
        return attribute.id


@dataclass(frozen=True)
class UpdateAttribute(Command[None]):
    """Rename an attribute or change its type (every value must fit the new type)."""

    attribute_id: int
    name: str
    value_type: str

    @property
    def label(self) -> str:
        return f"Edit attribute '{self.name}'"

    def apply(self, ctx: Context) -> None:
        attribute = ctx.get(Attribute, self.attribute_id, "attribute")
        if self.value_type not in VALUE_TYPES:
            raise InvalidInput(f"attribute types are {', '.join(VALUE_TYPES)}, not '{self.value_type}'")
        attribute.name = checked_name(ctx.session, Attribute, "attribute", self.name, exclude_id=attribute.id)
        if self.value_type == attribute.value_type:
            return
        rows = ctx.session.scalars(select(CaseAttributeValue).where(CaseAttributeValue.attribute_id == attribute.id))
        for row in rows:
            try:
                value = normalise_value(self.value_type, row.value)
            except InvalidInput as exc:
                raise InvalidInput(f"{attribute.name} cannot become {self.value_type}: {exc}") from None
            if value != row.value:
                row.value = value
        attribute.value_type = self.value_type


@dataclass(frozen=True)
class DeleteAttribute(Command[None]):
    attribute_id: int

    @property
    def label(self) -> str:
        return "Delete attribute"

    def apply(self, ctx: Context) -> None:
        ctx.session.delete(ctx.get(Attribute, self.attribute_id, "attribute"))


@dataclass(frozen=True)
class SetCaseAttribute(Command[None]):
    case_id: int
    attribute_id: int
    value: str

    @property
    def label(self) -> str:
        return "Set attribute value"

    def apply(self, ctx: Context) -> None:
        ctx.get(Case, self.case_id, "case")
        attribute = ctx.get(Attribute, self.attribute_id, "attribute")
        try:
            value = normalise_value(attribute.value_type, self.value)
        except InvalidInput as exc:
            raise InvalidInput(f"{attribute.name}: {exc}") from None
        row = ctx.session.scalar(
            select(CaseAttributeValue).where(
                CaseAttributeValue.case_id == self.case_id,
                CaseAttributeValue.attribute_id == self.attribute_id,
            )
        )
        if row is None:
            ctx.session.add(CaseAttributeValue(case_id=self.case_id, attribute_id=attribute.id, value=value))
        elif row.value != value:
            row.value = value


@dataclass(frozen=True)
class LinkDocumentToCase(Command[None]):
    document_id: int
    case_id: int

    @property
    def label(self) -> str:
        return "Link document to case"

    def apply(self, ctx: Context) -> None:
        ctx.document(self.document_id)
        ctx.get(Case, self.case_id, "case")
        exists = ctx.session.scalar(
            select(DocumentCase.id).where(
                DocumentCase.document_id == self.document_id, DocumentCase.case_id == self.case_id
            )
        )
        if exists is None:
            ctx.session.add(DocumentCase(document_id=self.document_id, case_id=self.case_id))


@dataclass(frozen=True)
class UnlinkDocumentFromCase(Command[None]):
    document_id: int
    case_id: int

    @property
    def label(self) -> str:
        return "Unlink document from case"

    def apply(self, ctx: Context) -> None:
        link = ctx.session.scalar(
            select(DocumentCase).where(
                DocumentCase.document_id == self.document_id, DocumentCase.case_id == self.case_id
            )
        )
        if link is not None:
            ctx.session.delete(link)
