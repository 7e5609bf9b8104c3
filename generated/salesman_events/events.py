# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""Every event of the spec: its name, its payload type and the union of all payloads."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated, Any, Final, TypeAlias

from pydantic import Discriminator, Tag

from ._runtime.events import EventInfo, event_discriminator
from .models import (
    AktAdd,
    AktDelete,
    AktEdit,
    ClientAdd,
    ClientChangeRecv,
    ClientChangeUser,
    ClientDelete,
    ClientEdit,
    ClientExpressadd,
    ClientImport,
    ContractAdd,
    ContractDelete,
    ContractEdit,
    DealAdd,
    DealChangeDatumPlan,
    DealChangeStep,
    DealChangeUser,
    DealClose,
    DealDelete,
    DealEdit,
    DealImport,
    DocumentAdd,
    EntryAdd,
    EntryStatus,
    HistoryAdd,
    HistoryDoit,
    HistoryEdit,
    InvoiceAdd,
    InvoiceDelete,
    InvoiceDoit,
    InvoiceEdit,
    InvoiceExpressadd,
    InvoiceUndoit,
    LeadAdd,
    LeadDo,
    LeadSetuser,
    PersonAdd,
    PersonChangeUser,
    PersonDelete,
    PersonEdit,
    TaskAdd,
    TaskDoit,
    TaskEdit,
    TaskRemove,
)

__all__ = ["EVENTS", "AnyEvent", "EventName", "parse_event"]


class EventName(StrEnum):
    """The name of every event, as it appears on the wire."""

    CLIENT_IMPORT = "client.import"
    CLIENT_EXPRESSADD = "client.expressadd"
    CLIENT_ADD = "client.add"
    CLIENT_EDIT = "client.edit"
    CLIENT_DELETE = "client.delete"
    CLIENT_CHANGE_RECV = "client.change.recv"
    CLIENT_CHANGE_USER = "client.change.user"
    PERSON_ADD = "person.add"
    PERSON_EDIT = "person.edit"
    PERSON_DELETE = "person.delete"
    PERSON_CHANGE_USER = "person.change.user"
    DEAL_IMPORT = "deal.import"
    DEAL_ADD = "deal.add"
    DEAL_EDIT = "deal.edit"
    DEAL_DELETE = "deal.delete"
    DEAL_CHANGE_USER = "deal.change.user"
    DEAL_CHANGE_STEP = "deal.change.step"
    DEAL_CHANGE_DATUM_PLAN = "deal.change.datum_plan"
    DEAL_CLOSE = "deal.close"
    INVOICE_ADD = "invoice.add"
    INVOICE_EDIT = "invoice.edit"
    INVOICE_DOIT = "invoice.doit"
    INVOICE_UNDOIT = "invoice.undoit"
    INVOICE_EXPRESSADD = "invoice.expressadd"
    INVOICE_DELETE = "invoice.delete"
    TASK_ADD = "task.add"
    TASK_EDIT = "task.edit"
    TASK_DOIT = "task.doit"
    TASK_REMOVE = "task.remove"
    HISTORY_ADD = "history.add"
    HISTORY_EDIT = "history.edit"
    HISTORY_DOIT = "history.doit"
    LEAD_ADD = "lead.add"
    LEAD_SETUSER = "lead.setuser"
    LEAD_DO = "lead.do"
    ENTRY_ADD = "entry.add"
    ENTRY_STATUS = "entry.status"
    CONTRACT_ADD = "contract.add"
    DOCUMENT_ADD = "document.add"
    CONTRACT_EDIT = "contract.edit"
    CONTRACT_DELETE = "contract.delete"
    AKT_ADD = "akt.add"
    AKT_EDIT = "akt.edit"
    AKT_DELETE = "akt.delete"


EVENTS: Final[Mapping[str, EventInfo[Any]]] = MappingProxyType(
    {
        EventName.CLIENT_IMPORT: EventInfo[ClientImport](
            name="client.import",
            payload_type=ClientImport,
            group="client",
            summary="Clients and their contacts were imported.",
            title="Clients imported",
            address="client.import",
            method="client_import",
            example='{"event":"client.import","identity":1,"iduser1":3,"clids":[1523,1524,1525],"pids":[2871,2872],"autor":3,"user":5}',
        ),
        EventName.CLIENT_EXPRESSADD: EventInfo[ClientExpressadd](
            name="client.expressadd",
            payload_type=ClientExpressadd,
            group="client",
            summary="A client and/or contact was added through the express form.",
            title="Client added via express form",
            address="client.expressadd",
            method="client_expressadd",
            example='{"event":"client.expressadd","identity":1,"iduser1":3,"pid":2871,"clid":1523,"autor":3,"user":5}',
        ),
        EventName.CLIENT_ADD: EventInfo[ClientAdd](
            name="client.add",
            payload_type=ClientAdd,
            group="client",
            summary="A client was added.",
            title="Client added",
            address="client.add",
            method="client_add",
            example='{"event":"client.add","identity":1,"iduser1":3,"clid":1523,"autor":3,"user":5}',
        ),
        EventName.CLIENT_EDIT: EventInfo[ClientEdit](
            name="client.edit",
            payload_type=ClientEdit,
            group="client",
            summary="A client was edited.",
            title="Client edited",
            address="client.edit",
            method="client_edit",
            example='{"event":"client.edit","identity":1,"iduser1":3,"clid":1523,"autor":3,"user":5,"newparam":{"phone":"+7 495 123-45-67","address":"Москва, ул. Ленина, 1"}}',
        ),
        EventName.CLIENT_DELETE: EventInfo[ClientDelete](
            name="client.delete",
            payload_type=ClientDelete,
            group="client",
            summary="A client was deleted.",
            title="Client deleted",
            address="client.delete",
            method="client_delete",
            example='{"event":"client.delete","identity":1,"iduser1":3,"clid":1523,"autor":3,"user":5}',
        ),
        EventName.CLIENT_CHANGE_RECV: EventInfo[ClientChangeRecv](
            name="client.change.recv",
            payload_type=ClientChangeRecv,
            group="client",
            summary="A client's requisites were changed.",
            title="Client requisites changed",
            address="client.change.recv",
            method="client_change_recv",
            example='{"event":"client.change.recv","identity":1,"iduser1":3,"clid":1523,"autor":3,"user":5}',
        ),
        EventName.CLIENT_CHANGE_USER: EventInfo[ClientChangeUser](
            name="client.change.user",
            payload_type=ClientChangeUser,
            group="client",
            summary="The responsible employee of a client was changed.",
            title="Client responsible changed",
            address="client.change.user",
            method="client_change_user",
            example='{"event":"client.change.user","identity":1,"iduser1":3,"clid":1523,"autor":3,"user":7,"olduser":5,"newuser":7,"comment":"Клиент передан в отдел продаж"}',
        ),
        EventName.PERSON_ADD: EventInfo[PersonAdd](
            name="person.add",
            payload_type=PersonAdd,
            group="person",
            summary="A contact was added.",
            title="Contact added",
            address="person.add",
            method="person_add",
            example='{"event":"person.add","identity":1,"iduser1":3,"pid":2871,"autor":3,"user":5}',
        ),
        EventName.PERSON_EDIT: EventInfo[PersonEdit](
            name="person.edit",
            payload_type=PersonEdit,
            group="person",
            summary="A contact was edited.",
            title="Contact edited",
            address="person.edit",
            method="person_edit",
            example='{"event":"person.edit","identity":1,"iduser1":3,"pid":2871,"autor":3,"user":5,"newparam":{"ptitle":"Коммерческий директор"}}',
        ),
        EventName.PERSON_DELETE: EventInfo[PersonDelete](
            name="person.delete",
            payload_type=PersonDelete,
            group="person",
            summary="A contact was deleted.",
            title="Contact deleted",
            address="person.delete",
            method="person_delete",
            example='{"event":"person.delete","identity":1,"iduser1":3,"pid":2871,"autor":3,"user":5}',
        ),
        EventName.PERSON_CHANGE_USER: EventInfo[PersonChangeUser](
            name="person.change.user",
            payload_type=PersonChangeUser,
            group="person",
            summary="The responsible employee of a contact was changed.",
            title="Contact responsible changed",
            address="person.change.user",
            method="person_change_user",
            example='{"event":"person.change.user","identity":1,"iduser1":3,"pid":2871,"autor":3,"user":7,"olduser":5,"newuser":7,"comment":"Контакт передан коллеге"}',
        ),
        EventName.DEAL_IMPORT: EventInfo[DealImport](
            name="deal.import",
            payload_type=DealImport,
            group="deal",
            summary="Deals and their clients were imported.",
            title="Deals imported",
            address="deal.import",
            method="deal_import",
            example='{"event":"deal.import","identity":1,"iduser1":3,"clids":[1526,1527],"dids":[1044,1045],"autor":3,"user":5}',
        ),
        EventName.DEAL_ADD: EventInfo[DealAdd](
            name="deal.add",
            payload_type=DealAdd,
            group="deal",
            summary="A deal was added.",
            title="Deal added",
            address="deal.add",
            method="deal_add",
            example='{"event":"deal.add","identity":1,"iduser1":3,"did":1042,"autor":3,"userUID":"a7f3c2e1"}',
        ),
        EventName.DEAL_EDIT: EventInfo[DealEdit](
            name="deal.edit",
            payload_type=DealEdit,
            group="deal",
            summary="A deal's main information was edited.",
            title="Deal edited",
            address="deal.edit",
            method="deal_edit",
            example='{"event":"deal.edit","identity":1,"iduser1":3,"did":1042,"autor":3,"newparam":{"title":"Поставка оборудования","kol":"12500.00"}}',
        ),
        EventName.DEAL_DELETE: EventInfo[DealDelete](
            name="deal.delete",
            payload_type=DealDelete,
            group="deal",
            summary="A deal was deleted.",
            title="Deal deleted",
            address="deal.delete",
            method="deal_delete",
            example='{"event":"deal.delete","identity":1,"iduser1":3,"did":1042,"autor":3}',
        ),
        EventName.DEAL_CHANGE_USER: EventInfo[DealChangeUser](
            name="deal.change.user",
            payload_type=DealChangeUser,
            group="deal",
            summary="The responsible employee of a deal was changed.",
            title="Deal responsible changed",
            address="deal.change.user",
            method="deal_change_user",
            example='{"event":"deal.change.user","identity":1,"iduser1":3,"did":1042,"autor":3,"olduser":5,"newuser":7,"comment":"Сделка передана ведущему менеджеру"}',
        ),
        EventName.DEAL_CHANGE_STEP: EventInfo[DealChangeStep](
            name="deal.change.step",
            payload_type=DealChangeStep,
            group="deal",
            summary="A deal's stage was changed.",
            title="Deal stage changed",
            address="deal.change.step",
            method="deal_change_step",
            example='{"event":"deal.change.step","identity":1,"iduser1":3,"did":1042,"autor":3,"stepOld":10,"stepNew":20}',
        ),
        EventName.DEAL_CHANGE_DATUM_PLAN: EventInfo[DealChangeDatumPlan](
            name="deal.change.datum_plan",
            payload_type=DealChangeDatumPlan,
            group="deal",
            summary="The planned date of a deal was changed.",
            title="Deal planned date changed",
            address="deal.change.datum_plan",
            method="deal_change_datum_plan",
            example='{"event":"deal.change.datum_plan","identity":1,"iduser1":3,"did":1042,"autor":3,"olddate":"2024-03-29","newdate":"2024-04-12","comment":"Клиент перенёс согласование бюджета"}',
        ),
        EventName.DEAL_CLOSE: EventInfo[DealClose](
            name="deal.close",
            payload_type=DealClose,
            group="deal",
            summary="A deal was closed.",
            title="Deal closed",
            address="deal.close",
            method="deal_close",
            example='{"event":"deal.close","identity":1,"iduser1":3,"did":1042,"autor":3,"summa":"10340","status":"Победа"}',
        ),
        EventName.INVOICE_ADD: EventInfo[InvoiceAdd](
            name="invoice.add",
            payload_type=InvoiceAdd,
            group="invoice",
            summary="An invoice was added.",
            title="Invoice added",
            address="invoice.add",
            method="invoice_add",
            example='{"event":"invoice.add","identity":1,"iduser1":3,"did":1042,"autor":3,"user":5,"userUID":"a7f3c2e1","summa":"10340","invoice":"117"}',
        ),
        EventName.INVOICE_EDIT: EventInfo[InvoiceEdit](
            name="invoice.edit",
            payload_type=InvoiceEdit,
            group="invoice",
            summary="An invoice was edited.",
            title="Invoice edited",
            address="invoice.edit",
            method="invoice_edit",
            example='{"event":"invoice.edit","identity":1,"iduser1":3,"did":1042,"autor":3,"user":5,"userUID":"a7f3c2e1","summa":"9800.5","invoice":"117"}',
        ),
        EventName.INVOICE_DOIT: EventInfo[InvoiceDoit](
            name="invoice.doit",
            payload_type=InvoiceDoit,
            group="invoice",
            summary="An invoice was marked as paid.",
            title="Invoice paid",
            address="invoice.doit",
            method="invoice_doit",
            example='{"event":"invoice.doit","identity":1,"iduser1":3,"did":1042,"autor":3,"userUID":"a7f3c2e1","invoice":"117","summa":"6000","summaNew":"4340"}',
        ),
        EventName.INVOICE_UNDOIT: EventInfo[InvoiceUndoit](
            name="invoice.undoit",
            payload_type=InvoiceUndoit,
            group="invoice",
            summary="The payment of an invoice was cancelled.",
            title="Invoice payment cancelled",
            address="invoice.undoit",
            method="invoice_undoit",
            example='{"event":"invoice.undoit","identity":1,"iduser1":3,"id":3310,"did":1042,"autor":3,"userUID":"a7f3c2e1","invoice":"117"}',
        ),
        EventName.INVOICE_EXPRESSADD: EventInfo[InvoiceExpressadd](
            name="invoice.expressadd",
            payload_type=InvoiceExpressadd,
            group="invoice",
            summary="A payment was added without issuing an invoice.",
            title="Payment added without invoice",
            address="invoice.expressadd",
            method="invoice_expressadd",
            example='{"event":"invoice.expressadd","identity":1,"iduser1":3,"did":1042,"autor":3,"userUID":"a7f3c2e1","invoice":"118","summa":"10340","summaNew":"0"}',
        ),
        EventName.INVOICE_DELETE: EventInfo[InvoiceDelete](
            name="invoice.delete",
            payload_type=InvoiceDelete,
            group="invoice",
            summary="An invoice was deleted.",
            title="Invoice deleted",
            address="invoice.delete",
            method="invoice_delete",
            example='{"event":"invoice.delete","identity":1,"iduser1":3,"id":3311,"did":1042,"autor":3,"userUID":"a7f3c2e1","invoice":"118"}',
        ),
        EventName.TASK_ADD: EventInfo[TaskAdd](
            name="task.add",
            payload_type=TaskAdd,
            group="task",
            summary="A task (reminder) was added.",
            title="Task added",
            address="task.add",
            method="task_add",
            example='{"event":"task.add","identity":1,"iduser1":3,"id":8812,"autor":3}',
        ),
        EventName.TASK_EDIT: EventInfo[TaskEdit](
            name="task.edit",
            payload_type=TaskEdit,
            group="task",
            summary="A task (reminder) was edited.",
            title="Task edited",
            address="task.edit",
            method="task_edit",
            example='{"event":"task.edit","identity":1,"iduser1":3,"id":8812,"autor":3}',
        ),
        EventName.TASK_DOIT: EventInfo[TaskDoit](
            name="task.doit",
            payload_type=TaskDoit,
            group="task",
            summary="A task (reminder) was completed.",
            title="Task done",
            address="task.doit",
            method="task_doit",
            example='{"event":"task.doit","identity":1,"iduser1":5,"id":8812,"autor":5}',
        ),
        EventName.TASK_REMOVE: EventInfo[TaskRemove](
            name="task.remove",
            payload_type=TaskRemove,
            group="task",
            summary="A task (reminder) was deleted.",
            title="Task deleted",
            address="task.remove",
            method="task_remove",
            example='{"event":"task.remove","identity":1,"iduser1":3,"id":8812,"autor":3}',
        ),
        EventName.HISTORY_ADD: EventInfo[HistoryAdd](
            name="history.add",
            payload_type=HistoryAdd,
            group="history",
            summary="A record was added to the activity history.",
            title="History record added",
            address="history.add",
            method="history_add",
            example='{"event":"history.add","identity":1,"iduser1":3,"id":50417,"autor":3}',
        ),
        EventName.HISTORY_EDIT: EventInfo[HistoryEdit](
            name="history.edit",
            payload_type=HistoryEdit,
            group="history",
            summary="An activity history record was edited.",
            title="History record edited",
            address="history.edit",
            method="history_edit",
            example='{"event":"history.edit","identity":1,"iduser1":3,"id":50417,"autor":3}',
        ),
        EventName.HISTORY_DOIT: EventInfo[HistoryDoit](
            name="history.doit",
            payload_type=HistoryDoit,
            group="history",
            summary="An activity history record was marked as done.",
            title="History record done",
            address="history.doit",
            method="history_doit",
            example='{"event":"history.doit","identity":1,"iduser1":3,"id":50417,"autor":3}',
        ),
        EventName.LEAD_ADD: EventInfo[LeadAdd](
            name="lead.add",
            payload_type=LeadAdd,
            group="lead",
            summary="A lead arrived that no employee is assigned to.",
            title="Lead received",
            address="lead.add",
            method="lead_add",
            example='{"event":"lead.add","identity":1,"iduser1":3,"id":312,"clid":0,"pid":0,"did":0,"iduser":7}',
        ),
        EventName.LEAD_SETUSER: EventInfo[LeadSetuser](
            name="lead.setuser",
            payload_type=LeadSetuser,
            group="lead",
            summary="A lead was assigned to an employee.",
            title="Lead assigned",
            address="lead.setuser",
            method="lead_setuser",
            example='{"event":"lead.setuser","identity":1,"iduser1":7,"id":312,"iduser":5,"coordinator":7}',
        ),
        EventName.LEAD_DO: EventInfo[LeadDo](
            name="lead.do",
            payload_type=LeadDo,
            group="lead",
            summary="A lead was processed.",
            title="Lead processed",
            address="lead.do",
            method="lead_do",
            example='{"event":"lead.do","identity":1,"iduser1":3,"id":311,"autor":3,"clid":1523,"pid":2871,"did":1042}',
        ),
        EventName.ENTRY_ADD: EventInfo[EntryAdd](
            name="entry.add",
            payload_type=EntryAdd,
            group="entry",
            summary="An entry (inquiry) was added.",
            title="Entry added",
            address="entry.add",
            method="entry_add",
            example='{"event":"entry.add","identity":1,"iduser1":3,"id":774,"clid":1523,"pid":2871,"autor":3}',
        ),
        EventName.ENTRY_STATUS: EventInfo[EntryStatus](
            name="entry.status",
            payload_type=EntryStatus,
            group="entry",
            summary="The status of an entry (inquiry) was changed.",
            title="Entry status changed",
            address="entry.status",
            method="entry_status",
            example='{"event":"entry.status","identity":1,"iduser1":3,"id":774,"autor":3,"status":2}',
        ),
        EventName.CONTRACT_ADD: EventInfo[ContractAdd](
            name="contract.add",
            payload_type=ContractAdd,
            group="contract",
            summary="A document (contract) was added.",
            title="Document added",
            address="contract.add",
            method="contract_add",
            example='{"event":"contract.add","identity":1,"iduser1":3,"id":215,"number":"Д-2024/015","datum":"2024-03-15 10:12:37","payer":1523,"clid":1523,"pid":2871,"did":1042,"autor":3}',
        ),
        EventName.DOCUMENT_ADD: EventInfo[DocumentAdd](
            name="document.add",
            payload_type=DocumentAdd,
            group="contract",
            summary="A document was added.",
            title="Document added",
            address="document.add",
            method="document_add",
            example='{"event":"document.add","identity":1,"iduser1":3,"id":216,"number":"Д-2024/016","datum":"2024-03-15 11:20:43","did":1042,"payer":1523,"clid":1523,"pid":2871,"autor":3}',
        ),
        EventName.CONTRACT_EDIT: EventInfo[ContractEdit](
            name="contract.edit",
            payload_type=ContractEdit,
            group="contract",
            summary="A document (contract) was edited.",
            title="Document edited",
            address="contract.edit",
            method="contract_edit",
            example='{"event":"contract.edit","identity":1,"iduser1":3,"id":215,"number":"Д-2024/015","datum":"2024-03-18 16:47:05","payer":1523,"clid":1523,"pid":2871,"did":1042,"autor":3}',
        ),
        EventName.CONTRACT_DELETE: EventInfo[ContractDelete](
            name="contract.delete",
            payload_type=ContractDelete,
            group="contract",
            summary="A document (contract) was deleted.",
            title="Document deleted",
            address="contract.delete",
            method="contract_delete",
            example='{"event":"contract.delete","identity":1,"iduser1":3,"id":215,"did":1042,"autor":3}',
        ),
        EventName.AKT_ADD: EventInfo[AktAdd](
            name="akt.add",
            payload_type=AktAdd,
            group="akt",
            summary="An act was added.",
            title="Act added",
            address="akt.add",
            method="akt_add",
            example='{"event":"akt.add","identity":1,"iduser1":3,"id":96,"number":"А-2024/041","datum":"2024-03-29 12:00:41","payer":1523,"clid":1523,"pid":2871,"did":1042,"autor":3}',
        ),
        EventName.AKT_EDIT: EventInfo[AktEdit](
            name="akt.edit",
            payload_type=AktEdit,
            group="akt",
            summary="An act was edited.",
            title="Act edited",
            address="akt.edit",
            method="akt_edit",
            example='{"event":"akt.edit","identity":1,"iduser1":3,"id":96,"number":"А-2024/042","datum":"2024-03-29 12:08:19","payer":1523,"clid":1523,"pid":2871,"did":1042,"autor":3}',
        ),
        EventName.AKT_DELETE: EventInfo[AktDelete](
            name="akt.delete",
            payload_type=AktDelete,
            group="akt",
            summary="An act was deleted.",
            title="Act deleted",
            address="akt.delete",
            method="akt_delete",
            example='{"event":"akt.delete","identity":1,"iduser1":3,"id":96,"did":1042,"autor":3}',
        ),
    }
)
"""Event name (an `EventName`) -> what the SDK knows about the event."""

_EVENT_OF_TYPE: Final[Mapping[type, str]] = MappingProxyType(
    {
        ClientImport: "client.import",
        ClientExpressadd: "client.expressadd",
        ClientAdd: "client.add",
        ClientEdit: "client.edit",
        ClientDelete: "client.delete",
        ClientChangeRecv: "client.change.recv",
        ClientChangeUser: "client.change.user",
        PersonAdd: "person.add",
        PersonEdit: "person.edit",
        PersonDelete: "person.delete",
        PersonChangeUser: "person.change.user",
        DealImport: "deal.import",
        DealAdd: "deal.add",
        DealEdit: "deal.edit",
        DealDelete: "deal.delete",
        DealChangeUser: "deal.change.user",
        DealChangeStep: "deal.change.step",
        DealChangeDatumPlan: "deal.change.datum_plan",
        DealClose: "deal.close",
        InvoiceAdd: "invoice.add",
        InvoiceEdit: "invoice.edit",
        InvoiceDoit: "invoice.doit",
        InvoiceUndoit: "invoice.undoit",
        InvoiceExpressadd: "invoice.expressadd",
        InvoiceDelete: "invoice.delete",
        TaskAdd: "task.add",
        TaskEdit: "task.edit",
        TaskDoit: "task.doit",
        TaskRemove: "task.remove",
        HistoryAdd: "history.add",
        HistoryEdit: "history.edit",
        HistoryDoit: "history.doit",
        LeadAdd: "lead.add",
        LeadSetuser: "lead.setuser",
        LeadDo: "lead.do",
        EntryAdd: "entry.add",
        EntryStatus: "entry.status",
        ContractAdd: "contract.add",
        DocumentAdd: "document.add",
        ContractEdit: "contract.edit",
        ContractDelete: "contract.delete",
        AktAdd: "akt.add",
        AktEdit: "akt.edit",
        AktDelete: "akt.delete",
    }
)

AnyEvent: TypeAlias = Annotated[
    Annotated[ClientImport, Tag("client.import")]
    | Annotated[ClientExpressadd, Tag("client.expressadd")]
    | Annotated[ClientAdd, Tag("client.add")]
    | Annotated[ClientEdit, Tag("client.edit")]
    | Annotated[ClientDelete, Tag("client.delete")]
    | Annotated[ClientChangeRecv, Tag("client.change.recv")]
    | Annotated[ClientChangeUser, Tag("client.change.user")]
    | Annotated[PersonAdd, Tag("person.add")]
    | Annotated[PersonEdit, Tag("person.edit")]
    | Annotated[PersonDelete, Tag("person.delete")]
    | Annotated[PersonChangeUser, Tag("person.change.user")]
    | Annotated[DealImport, Tag("deal.import")]
    | Annotated[DealAdd, Tag("deal.add")]
    | Annotated[DealEdit, Tag("deal.edit")]
    | Annotated[DealDelete, Tag("deal.delete")]
    | Annotated[DealChangeUser, Tag("deal.change.user")]
    | Annotated[DealChangeStep, Tag("deal.change.step")]
    | Annotated[DealChangeDatumPlan, Tag("deal.change.datum_plan")]
    | Annotated[DealClose, Tag("deal.close")]
    | Annotated[InvoiceAdd, Tag("invoice.add")]
    | Annotated[InvoiceEdit, Tag("invoice.edit")]
    | Annotated[InvoiceDoit, Tag("invoice.doit")]
    | Annotated[InvoiceUndoit, Tag("invoice.undoit")]
    | Annotated[InvoiceExpressadd, Tag("invoice.expressadd")]
    | Annotated[InvoiceDelete, Tag("invoice.delete")]
    | Annotated[TaskAdd, Tag("task.add")]
    | Annotated[TaskEdit, Tag("task.edit")]
    | Annotated[TaskDoit, Tag("task.doit")]
    | Annotated[TaskRemove, Tag("task.remove")]
    | Annotated[HistoryAdd, Tag("history.add")]
    | Annotated[HistoryEdit, Tag("history.edit")]
    | Annotated[HistoryDoit, Tag("history.doit")]
    | Annotated[LeadAdd, Tag("lead.add")]
    | Annotated[LeadSetuser, Tag("lead.setuser")]
    | Annotated[LeadDo, Tag("lead.do")]
    | Annotated[EntryAdd, Tag("entry.add")]
    | Annotated[EntryStatus, Tag("entry.status")]
    | Annotated[ContractAdd, Tag("contract.add")]
    | Annotated[DocumentAdd, Tag("document.add")]
    | Annotated[ContractEdit, Tag("contract.edit")]
    | Annotated[ContractDelete, Tag("contract.delete")]
    | Annotated[AktAdd, Tag("akt.add")]
    | Annotated[AktEdit, Tag("akt.edit")]
    | Annotated[AktDelete, Tag("akt.delete")],
    Discriminator(event_discriminator(_EVENT_OF_TYPE)),
]
"""Any event's payload; raw data picks its model by its `event` key."""


def parse_event(name: str, data: Any) -> Any:
    """The payload of event `name` from decoded data; raises KeyError or pydantic.ValidationError."""
    return EVENTS[EventName(name)].parse(data)
