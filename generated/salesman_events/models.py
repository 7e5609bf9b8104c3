# DO NOT EDIT: generated from salesman-events.asyncapi.yaml (sha256 0ff15d59f4fb2739) by the generator
"""Payload models of every event."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import IntEnum
from typing import Annotated

from pydantic import ConfigDict, Field
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


Money = TypeAliasType("Money", Decimal)
"""
Amount of money as a decimal string, e.g. "10340.00".
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
    olduser: EmployeeId | None = None
    """
    Id of the previous responsible employee of the client.
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
    olduser: EmployeeId | None = None
    """
    Id of the previous responsible employee of the deal.
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
    user: EmployeeId | None = None
    """
    Id of the responsible employee.
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
    user: EmployeeId | None = None
    """
    Id of the responsible employee.
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
    user: EmployeeId | None = None
    """
    Id of the responsible employee.
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
    Actual closing amount of the deal, e.g. "10340.00".
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
    Invoice amount, e.g. "10340.00".
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
    Invoice amount, e.g. "10340.00".
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
    Payment amount, e.g. "10340.00"; may be partial.
    """
    summaNew: Money | None = None
    """
    Amount of the newly created payment, e.g. "10340.00": the difference between the invoice amount and the payment amount.
    """
    id: InvoiceId | None = None
    """
    Id of the invoice (payment) record.
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
    Payment amount, e.g. "10340.00"; may be partial.
    """
    summaNew: Money | None = None
    """
    Amount of the newly created payment, e.g. "10340.00": the difference between the invoice amount and the payment amount.
    """
    id: InvoiceId | None = None
    """
    Id of the invoice (payment) record.
    """


class TaskAdd(SalesManEnvelope):
    id: TaskId
    """
    Id of the task (reminder) record.
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


class LeadDo(SalesManEnvelope):
    id: LeadId
    """
    Id of the lead record.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """
    clid: ClientId | None = None
    """
    Id (clid) of the client record, if a new client was added.
    """
    pid: PersonId | None = None
    """
    Id (pid) of the contact record, if a new contact was added.
    """
    did: DealId | None = None
    """
    Id (did) of the deal record, if a deal was added.
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
    datum: date | None = None
    """
    Document date.
    """
    payer: ClientId | None = None
    """
    Id of the payer — a client record (clid).
    """
    clid: ClientId | None = None
    """
    Id (clid) of the customer's client record.
    """
    pid: PersonId | None = None
    """
    Id (pid) of the contact record.
    """
    did: DealId | None = None
    """
    Id (did) of the deal record, if there is one.
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
    datum: date | None = None
    """
    Document date.
    """
    payer: ClientId | None = None
    """
    Id of the payer — a client record (clid).
    """
    clid: ClientId | None = None
    """
    Id (clid) of the customer's client record.
    """
    pid: PersonId | None = None
    """
    Id (pid) of the contact record.
    """
    did: DealId | None = None
    """
    Id (did) of the deal record, if there is one.
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
    did: DealId | None = None
    """
    Id (did) of the deal record, if there is one.
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
    datum: date | None = None
    """
    Act date.
    """
    payer: ClientId | None = None
    """
    Id of the payer — a client record (clid).
    """
    clid: ClientId | None = None
    """
    Id (clid) of the customer's client record.
    """
    pid: PersonId | None = None
    """
    Id (pid) of the contact record.
    """
    did: DealId | None = None
    """
    Id (did) of the deal record, if there is one.
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
    datum: date | None = None
    """
    Act date.
    """
    payer: ClientId | None = None
    """
    Id of the payer — a client record (clid).
    """
    clid: ClientId | None = None
    """
    Id (clid) of the customer's client record.
    """
    pid: PersonId | None = None
    """
    Id (pid) of the contact record.
    """
    did: DealId | None = None
    """
    Id (did) of the deal record, if there is one.
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
    did: DealId | None = None
    """
    Id (did) of the deal record, if there is one.
    """
    autor: EmployeeId | None = None
    """
    Id of the employee who performed the action.
    """
