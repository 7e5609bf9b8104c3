# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""Payload models of every event."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import IntEnum
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, NaiveDatetime
from typing_extensions import TypeAliasType

from salesman_events._runtime.events import PayloadModel

TenantId = TypeAliasType("TenantId", Annotated[int, Field(ge=1)])
"""
Id of a SalesMan tenant (account), sent as identity.
"""


EmployeeId = TypeAliasType("EmployeeId", Annotated[int, Field(ge=1)])
"""
Id of an employee (user) of SalesMan.
"""


class SalesManEnvelope(PayloadModel):
    """
    Keys a real SalesMan server adds to every webhook body next to the event's own arguments: the event name, the tenant and the acting user.
    """

    event: str | None = None
    """
    Name of the event, e.g. "deal.close".
    """
    identity: TenantId | None = None
    """
    Id of the tenant (SalesMan account) the event belongs to.
    """
    iduser1: EmployeeId | None = None
    """
    Id of the acting user as the server reports it.
    """


ClientId = TypeAliasType("ClientId", Annotated[int, Field(ge=1)])
"""
Id (clid) of a client record; also used for a payer, which is a client record.
"""


PersonId = TypeAliasType("PersonId", Annotated[int, Field(ge=1)])
"""
Id (pid) of a contact record.
"""


DealId = TypeAliasType("DealId", Annotated[int, Field(ge=1)])
"""
Id (did) of a deal record.
"""


TaskId = TypeAliasType("TaskId", Annotated[int, Field(ge=1)])
"""
Id of a task (reminder) record.
"""


HistoryId = TypeAliasType("HistoryId", Annotated[int, Field(ge=1)])
"""
Id of an activity history record.
"""


LeadId = TypeAliasType("LeadId", Annotated[int, Field(ge=1)])
"""
Id of a lead (incoming request) record.
"""


EntryId = TypeAliasType("EntryId", Annotated[int, Field(ge=1)])
"""
Id of an entry (customer inquiry) record.
"""


ContractId = TypeAliasType("ContractId", Annotated[int, Field(ge=1)])
"""
Id of a document (contract) record.
"""


ActId = TypeAliasType("ActId", Annotated[int, Field(ge=1)])
"""
Id of an act (acceptance certificate) record.
"""


InvoiceId = TypeAliasType("InvoiceId", Annotated[int, Field(ge=1)])
"""
Id of an invoice (payment) record.
"""


ZeroForNone = TypeAliasType("ZeroForNone", Annotated[Literal[0], Field(title="Zero for none")])
"""
0, which SalesMan sends for "none" (no deal, no payer, no contact, no responsible employee) instead of leaving the key out; the SDK gives the field as absent (None).
"""


Money = TypeAliasType("Money", Decimal)
"""
Amount of money as decimal text. SalesMan computes amounts as PHP floats and sends them unformatted, so any decimal text arrives: e.g. "10340" for 10340.00, "10340.5" for 10340.50, "0" for a zero sum ("10340.00" is accepted too).
"""


LocalDateTime = TypeAliasType("LocalDateTime", NaiveDatetime)
"""
Date and time in the CRM server's local time, without a time zone, as SalesMan writes it ("Y-m-d H:i:s", e.g. "2026-12-02 23:22:08"). A plain date ("2026-12-02") is accepted too, as midnight.
"""


DealStep = TypeAliasType("DealStep", Annotated[int, Field(ge=0)])
"""
A deal stage. A stage's name is a number such as 10 or 20, so it is typed as an integer.
"""


class EntryStatusCode(IntEnum):
    """
    Status of an entry (inquiry): 0 new, 1 processed, 2 cancelled.
    """

    NEW = 0
    """
    New
    """
    PROCESSED = 1
    """
    Processed
    """
    CANCELLED = 2
    """
    Cancelled
    """


class ChangedFields(PayloadModel):
    """
    The changed parameters: field name to new value.
    """

    model_config = ConfigDict(
        extra="allow",
    )


class ClientReassignment(PayloadModel):
    """
    One client handed over to a new responsible employee in a mass action (an item of info).
    """

    clid: ClientId
    """
    Id (clid) of the client record.
    """
    title: str | None = None
    """
    Name of the client.
    """
    olduser: Annotated[EmployeeId | None, Field(json_schema_extra={"none-values": [0]})] = None
    """
    Id of the previous responsible employee of the client; "0" when there was none.
    """


class DealReassignment(PayloadModel):
    """
    One deal handed over to a new responsible employee in a mass action (an item of info).
    """

    did: DealId
    """
    Id (did) of the deal record.
    """
    title: str | None = None
    """
    Title of the deal.
    """
    olduser: Annotated[EmployeeId | None, Field(json_schema_extra={"none-values": [0]})] = None
    """
    Id of the previous responsible employee of the deal; "0" when there was none.
    """


class ClientImport(SalesManEnvelope):
    clids: list[ClientId] | None = None
    """
    Ids (clid) of the new client records.
    """
    pids: list[PersonId] | None = None
    """
    Ids (pid) of the new contact records.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """
    user: EmployeeId | None = None
    """
    Id of the responsible employee.
    """


class ClientExpressadd(SalesManEnvelope):
    pid: PersonId | None = None
    """
    Id (pid) of the new contact record.
    """
    clid: ClientId
    """
    Id (clid) of the new client record.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """
    user: Annotated[EmployeeId | None, Field(json_schema_extra={"none-values": [0]})] = None
    """
    Id of the responsible employee; 0 when there is none.
    """


class ClientAdd(SalesManEnvelope):
    clid: ClientId
    """
    Id (clid) of the new client record.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """
    user: Annotated[EmployeeId | None, Field(json_schema_extra={"none-values": [0]})] = None
    """
    Id of the responsible employee; 0 when the client has none.
    """


class ClientEdit(SalesManEnvelope):
    clid: ClientId
    """
    Id (clid) of the client record.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """
    user: EmployeeId | None = None
    """
    Id of the responsible employee.
    """
    newparam: ChangedFields | None = None
    """
    The changed parameters: field name to new value.
    """
    comment: str | None = None
    """
    Comment the employee left on the change.
    """


class ClientDelete(SalesManEnvelope):
    clid: ClientId
    """
    Id (clid) of the client record.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """
    user: EmployeeId | None = None
    """
    Id of the responsible employee.
    """


class ClientChangeRecv(SalesManEnvelope):
    clid: ClientId
    """
    Id (clid) of the client record.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """
    user: EmployeeId | None = None
    """
    Id of the responsible employee.
    """


class ClientChangeUser(SalesManEnvelope):
    clid: ClientId | None = None
    """
    Id (clid) of the client record; absent in mass actions, which send info instead.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """
    user: EmployeeId | None = None
    """
    Id of the responsible employee.
    """
    olduser: EmployeeId | None = None
    """
    Id of the previous responsible employee.
    """
    newuser: EmployeeId | None = None
    """
    Id of the new responsible employee.
    """
    comment: str | None = None
    """
    Comment the employee left on the change.
    """
    info: list[ClientReassignment] | None = None
    """
    Mass action only: the clients handed over, each with its previous responsible employee.
    """


class PersonAdd(SalesManEnvelope):
    pid: PersonId
    """
    Id (pid) of the new contact record.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """
    user: Annotated[EmployeeId | None, Field(json_schema_extra={"none-values": [0]})] = None
    """
    Id of the responsible employee; 0 when there is none.
    """


class PersonEdit(SalesManEnvelope):
    pid: PersonId
    """
    Id (pid) of the contact record.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """
    user: EmployeeId | None = None
    """
    Id of the responsible employee.
    """
    newparam: ChangedFields | None = None
    """
    The changed parameters: field name to new value.
    """
    comment: str | None = None
    """
    Comment the employee left on the change.
    """


class PersonDelete(SalesManEnvelope):
    pid: PersonId
    """
    Id (pid) of the contact record.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """
    user: EmployeeId | None = None
    """
    Id of the responsible employee.
    """


class PersonChangeUser(SalesManEnvelope):
    pid: PersonId
    """
    Id (pid) of the contact record.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """
    user: EmployeeId | None = None
    """
    Id of the responsible employee.
    """
    olduser: EmployeeId | None = None
    """
    Id of the previous responsible employee.
    """
    newuser: EmployeeId | None = None
    """
    Id of the new responsible employee.
    """
    comment: str | None = None
    """
    Comment the employee left on the change.
    """


class DealImport(SalesManEnvelope):
    clids: list[ClientId] | None = None
    """
    Ids (clid) of the new client records made by the import.
    """
    dids: list[DealId] | None = None
    """
    Ids (did) of the new deal records.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """
    user: EmployeeId | None = None
    """
    Id of the responsible employee of the imported deals; may be absent.
    """


class DealAdd(SalesManEnvelope):
    did: DealId
    """
    Id (did) of the deal record.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """
    userUID: str | None = None
    """
    UID of the responsible employee in an external system.
    """


class DealEdit(SalesManEnvelope):
    did: DealId
    """
    Id (did) of the deal record.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """
    newparam: ChangedFields | None = None
    """
    The changed parameters: field name to new value.
    """
    comment: str | None = None
    """
    Comment the employee left on the change.
    """


class DealDelete(SalesManEnvelope):
    did: DealId
    """
    Id (did) of the deal record.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """


class DealChangeUser(SalesManEnvelope):
    did: DealId | None = None
    """
    Id (did) of the deal record; absent in mass actions, which send info instead.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """
    olduser: EmployeeId | None = None
    """
    Id of the previous responsible employee of the deal.
    """
    newuser: EmployeeId | None = None
    """
    Id of the new responsible employee of the deal.
    """
    comment: str | None = None
    """
    Comment on the change.
    """
    info: list[DealReassignment] | None = None
    """
    Mass action only: the deals handed over, each with its previous responsible employee.
    """


class DealChangeStep(SalesManEnvelope):
    did: DealId
    """
    Id (did) of the deal record.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """
    stepOld: DealStep | None = None
    """
    Previous stage of the deal (a stage number, e.g. 10).
    """
    stepNew: DealStep | None = None
    """
    New stage of the deal (a stage number, e.g. 20).
    """
    comment: str | None = None
    """
    Comment on the stage change.
    """
    reason: str | None = None
    """
    Reason for the stage change, when one is asked for.
    """


class DealChangeDatumPlan(SalesManEnvelope):
    did: DealId
    """
    Id (did) of the deal record.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """
    olddate: date | None = None
    """
    The previous planned date of the deal, as "Y-m-d" (e.g. "2024-03-29").
    """
    newdate: str | None = None
    """
    The new planned date as the employee typed it (raw text, not reformatted); may be absent.
    """
    comment: str | None = None
    """
    Comment the employee left on the change.
    """


class DealClose(SalesManEnvelope):
    did: DealId
    """
    Id (did) of the closed deal.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """
    summa: Money | None = None
    """
    Actual closing amount of the deal, e.g. "10340".
    """
    status: str | None = None
    """
    Closing status name, free text (e.g. "Победа").
    """


class InvoiceAdd(SalesManEnvelope):
    did: DealId
    """
    Id (did) of the deal the invoice belongs to.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """
    user: EmployeeId | None = None
    """
    Id of the responsible employee.
    """
    userUID: str | None = None
    """
    UID of the responsible employee in an external system.
    """
    summa: Money | None = None
    """
    Invoice amount, e.g. "10340".
    """
    invoice: str | None = None
    """
    Invoice number.
    """
    id: InvoiceId | None = None
    """
    Id of the invoice (payment) record.
    """


class InvoiceEdit(SalesManEnvelope):
    did: DealId
    """
    Id (did) of the deal the invoice belongs to.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """
    user: EmployeeId | None = None
    """
    Id of the responsible employee.
    """
    userUID: str | None = None
    """
    UID of the responsible employee in an external system.
    """
    summa: Money | None = None
    """
    Invoice amount, e.g. "10340".
    """
    invoice: str | None = None
    """
    Invoice number.
    """
    newparam: ChangedFields | None = None
    """
    The changed parameters: field name to new value.
    """
    comment: str | None = None
    """
    Comment the employee left on the change.
    """
    id: InvoiceId | None = None
    """
    Id of the invoice (payment) record.
    """


class InvoiceDoit(SalesManEnvelope):
    did: DealId
    """
    Id (did) of the deal the invoice belongs to.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """
    userUID: str | None = None
    """
    UID of the responsible employee in an external system.
    """
    invoice: str | None = None
    """
    Invoice number.
    """
    summa: Money | None = None
    """
    Payment amount, e.g. "10340"; may be partial.
    """
    summaNew: Money | None = None
    """
    Amount of the newly created payment, e.g. "4340": the difference between the invoice amount and the payment amount.
    """
    id: InvoiceId | None = None
    """
    Id of the invoice (payment) record.
    """


class InvoiceUndoit(SalesManEnvelope):
    id: InvoiceId
    """
    Id of the invoice (payment) record.
    """
    did: DealId | None = None
    """
    Id (did) of the deal the invoice belongs to.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action; SalesMan sometimes passes it as text (e.g. "3"), which is accepted.
    """
    userUID: str | None = None
    """
    UID of the responsible employee in an external system.
    """
    invoice: str | None = None
    """
    Invoice number.
    """


class InvoiceExpressadd(SalesManEnvelope):
    did: DealId
    """
    Id (did) of the deal the invoice belongs to.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """
    userUID: str | None = None
    """
    UID of the responsible employee in an external system.
    """
    invoice: str | None = None
    """
    Invoice number.
    """
    summa: Money | None = None
    """
    Payment amount, e.g. "10340"; may be partial.
    """
    summaNew: Money | None = None
    """
    Amount of the newly created payment, e.g. "4340": the difference between the invoice amount and the payment amount.
    """
    id: InvoiceId | None = None
    """
    Id of the invoice (payment) record.
    """


class InvoiceDelete(SalesManEnvelope):
    id: InvoiceId
    """
    Id of the invoice (payment) record.
    """
    did: DealId | None = None
    """
    Id (did) of the deal the invoice belongs to.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """
    userUID: str | None = None
    """
    UID of the responsible employee in an external system.
    """
    invoice: str | None = None
    """
    Invoice number.
    """


class TaskAdd(SalesManEnvelope):
    id: Annotated[TaskId | None, Field(json_schema_extra={"aliases": ["tid"]})] = None
    """
    Id of the task (reminder) record. The task.add fired by client.expressadd sends it as tid, so it may arrive under either key, and is not required.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """


class TaskEdit(SalesManEnvelope):
    id: TaskId
    """
    Id of the task (reminder) record.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """


class TaskDoit(SalesManEnvelope):
    id: TaskId
    """
    Id of the task (reminder) record.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """


class TaskRemove(SalesManEnvelope):
    id: TaskId
    """
    Id of the deleted task (reminder) record.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """


class HistoryAdd(SalesManEnvelope):
    id: HistoryId
    """
    Id of the activity history record.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """


class HistoryEdit(SalesManEnvelope):
    id: HistoryId
    """
    Id of the activity history record.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """


class HistoryDoit(SalesManEnvelope):
    id: HistoryId
    """
    Id of the activity history record.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """


class LeadAdd(SalesManEnvelope):
    id: LeadId
    """
    Id of the lead record.
    """
    clid: Annotated[ClientId | None, Field(json_schema_extra={"none-values": [0]})] = None
    """
    Id (clid) of the client the lead was matched to; 0 when there is none.
    """
    pid: Annotated[PersonId | None, Field(json_schema_extra={"none-values": [0]})] = None
    """
    Id (pid) of the contact the lead was matched to; 0 when there is none.
    """
    did: Annotated[DealId | None, Field(json_schema_extra={"none-values": [0]})] = None
    """
    Id (did) of a deal; always 0 here, as a lead has no deal yet.
    """
    iduser: EmployeeId | None = None
    """
    Id of the lead coordinator, who is to handle the lead. SalesMan passes it as text (e.g. "7"), which is accepted.
    """


class LeadSetuser(SalesManEnvelope):
    id: LeadId
    """
    Id of the lead record.
    """
    clid: Annotated[ClientId | None, Field(json_schema_extra={"none-values": [0]})] = None
    """
    Id (clid) of the client the lead was matched to; 0 when there is none.
    """
    pid: Annotated[PersonId | None, Field(json_schema_extra={"none-values": [0]})] = None
    """
    Id (pid) of the contact the lead was matched to; 0 when there is none.
    """
    did: Annotated[DealId | None, Field(json_schema_extra={"none-values": [0]})] = None
    """
    Id (did) of a deal; always 0 here, as a lead has no deal yet.
    """
    iduser: EmployeeId | None = None
    """
    Id of the employee the lead was assigned to.
    """
    coordinator: EmployeeId | None = None
    """
    Id of the lead coordinator who handed the lead over; sent only then. SalesMan passes it as text (e.g. "7"), which is accepted.
    """


class LeadDo(SalesManEnvelope):
    id: LeadId
    """
    Id of the lead record.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """
    clid: Annotated[ClientId | None, Field(json_schema_extra={"none-values": [0]})] = None
    """
    Id (clid) of the client record, if a new client was added or the lead was matched to one; 0 when there is none.
    """
    pid: Annotated[PersonId | None, Field(json_schema_extra={"none-values": [0]})] = None
    """
    Id (pid) of the contact record, if a new contact was added or the lead was matched to one; 0 when there is none.
    """
    did: Annotated[DealId | None, Field(json_schema_extra={"none-values": [0]})] = None
    """
    Id (did) of the deal record, if a deal was added; 0 when no deal was made.
    """
    coordinator: EmployeeId | None = None
    """
    Id of the employee coordinating leads.
    """


class EntryAdd(SalesManEnvelope):
    id: EntryId
    """
    Id of the entry record.
    """
    clid: ClientId | None = None
    """
    Id (clid) of the client record.
    """
    pid: PersonId | None = None
    """
    Id (pid) of the contact record.
    """
    did: DealId | None = None
    """
    Id (did) of the deal record, if one was added.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """


class EntryStatus(SalesManEnvelope):
    id: EntryId
    """
    Id of the entry record.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """
    status: EntryStatusCode | None = None
    """
    New status of the entry: 0 new, 1 processed, 2 cancelled.
    """
    userUID: str | None = None
    """
    UID of the responsible employee in an external system.
    """


class ContractAdd(SalesManEnvelope):
    id: ContractId
    """
    Id of the document (contract) record.
    """
    number: str | None = None
    """
    Document number.
    """
    datum: LocalDateTime | None = None
    """
    Document date and time as SalesMan sends it: the CRM server's local date and time, without a zone, e.g. "2024-03-15 11:20:43".
    """
    payer: Annotated[ClientId | None, Field(json_schema_extra={"none-values": [0]})] = None
    """
    Id of the payer — a client record (clid); 0 when there is none.
    """
    clid: ClientId | None = None
    """
    Id (clid) of the customer's client record.
    """
    pid: Annotated[PersonId | None, Field(json_schema_extra={"none-values": [0]})] = None
    """
    Id (pid) of the contact record; 0 when there is none.
    """
    did: Annotated[DealId | None, Field(json_schema_extra={"none-values": [0]})] = None
    """
    Id (did) of the deal record; 0 when there is none.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """


class DocumentAdd(SalesManEnvelope):
    id: ContractId
    """
    Id of the document record.
    """
    number: str | None = None
    """
    Document number.
    """
    datum: LocalDateTime | None = None
    """
    Document date and time as SalesMan sends it: the CRM server's local date and time, without a zone, e.g. "2024-03-15 11:20:43"; may be absent.
    """
    did: Annotated[DealId | None, Field(json_schema_extra={"none-values": [0]})] = None
    """
    Id (did) of the deal record; 0 when the document has no deal.
    """
    payer: Annotated[ClientId | None, Field(json_schema_extra={"none-values": [0]})] = None
    """
    Id of the payer, a client record (clid); 0 when the document has no payer.
    """
    clid: ClientId | None = None
    """
    Id (clid) of the customer's client record.
    """
    pid: Annotated[PersonId | None, Field(json_schema_extra={"none-values": [0]})] = None
    """
    Id (pid) of the contact record; 0 when the document has no contact.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """


class ContractEdit(SalesManEnvelope):
    id: ContractId
    """
    Id of the document (contract) record.
    """
    number: str | None = None
    """
    Document number.
    """
    datum: LocalDateTime | None = None
    """
    Document date and time as SalesMan sends it: the CRM server's local date and time, without a zone, e.g. "2024-03-15 11:20:43".
    """
    payer: Annotated[ClientId | None, Field(json_schema_extra={"none-values": [0]})] = None
    """
    Id of the payer — a client record (clid); 0 when there is none.
    """
    clid: ClientId | None = None
    """
    Id (clid) of the customer's client record.
    """
    pid: Annotated[PersonId | None, Field(json_schema_extra={"none-values": [0]})] = None
    """
    Id (pid) of the contact record; 0 when there is none.
    """
    did: Annotated[DealId | None, Field(json_schema_extra={"none-values": [0]})] = None
    """
    Id (did) of the deal record; 0 when there is none.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """
    newparam: ChangedFields | None = None
    """
    The changed parameters: field name to new value.
    """
    comment: str | None = None
    """
    Comment the employee left on the change.
    """


class ContractDelete(SalesManEnvelope):
    id: ContractId
    """
    Id of the document (contract) record.
    """
    did: Annotated[DealId | None, Field(json_schema_extra={"none-values": [0]})] = None
    """
    Id (did) of the deal record; 0 when there is none.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """


class AktAdd(SalesManEnvelope):
    id: ActId
    """
    Id of the act record.
    """
    number: str | None = None
    """
    Act number.
    """
    datum: LocalDateTime | None = None
    """
    Act date and time as SalesMan sends it: the CRM server's local date and time, without a zone, e.g. "2024-03-15 11:20:43".
    """
    payer: Annotated[ClientId | None, Field(json_schema_extra={"none-values": [0]})] = None
    """
    Id of the payer — a client record (clid); 0 when there is none.
    """
    clid: ClientId | None = None
    """
    Id (clid) of the customer's client record.
    """
    pid: Annotated[PersonId | None, Field(json_schema_extra={"none-values": [0]})] = None
    """
    Id (pid) of the contact record; 0 when there is none.
    """
    did: Annotated[DealId | None, Field(json_schema_extra={"none-values": [0]})] = None
    """
    Id (did) of the deal record; 0 when there is none.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """


class AktEdit(SalesManEnvelope):
    id: ActId
    """
    Id of the act record.
    """
    number: str | None = None
    """
    Act number.
    """
    datum: LocalDateTime | None = None
    """
    Act date and time as SalesMan sends it: the CRM server's local date and time, without a zone, e.g. "2024-03-15 11:20:43".
    """
    payer: Annotated[ClientId | None, Field(json_schema_extra={"none-values": [0]})] = None
    """
    Id of the payer — a client record (clid); 0 when there is none.
    """
    clid: ClientId | None = None
    """
    Id (clid) of the customer's client record.
    """
    pid: Annotated[PersonId | None, Field(json_schema_extra={"none-values": [0]})] = None
    """
    Id (pid) of the contact record; 0 when there is none.
    """
    did: Annotated[DealId | None, Field(json_schema_extra={"none-values": [0]})] = None
    """
    Id (did) of the deal record; 0 when there is none.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """
    newparam: ChangedFields | None = None
    """
    The changed parameters: field name to new value.
    """
    comment: str | None = None
    """
    Comment the employee left on the change.
    """


class AktDelete(SalesManEnvelope):
    id: ActId
    """
    Id of the act record.
    """
    did: Annotated[DealId | None, Field(json_schema_extra={"none-values": [0]})] = None
    """
    Id (did) of the deal record; 0 when there is none.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """
