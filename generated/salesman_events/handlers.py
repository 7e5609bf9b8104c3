# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""Typed handlers: `On` (`@obj.on.deal_close`) for the receiver and the emitter, and the `Handlers` protocol."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Protocol

from ._runtime.events import HandlerRegistry, Registrar
from .events import EventName
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

__all__ = ["Handlers", "On"]


class On:
    """Typed handler registration: `@receiver.on.deal_close` takes a handler of `DealClose` (so does `emitter.on`)."""

    __slots__ = ("_registry",)

    def __init__(self, registry: HandlerRegistry) -> None:
        self._registry = registry

    @property
    def client_import(self) -> Registrar[ClientImport]:
        "`client.import`: Clients and their contacts were imported."
        return Registrar(self._registry, EventName.CLIENT_IMPORT)

    @property
    def client_expressadd(self) -> Registrar[ClientExpressadd]:
        "`client.expressadd`: A client and/or contact was added through the express form."
        return Registrar(self._registry, EventName.CLIENT_EXPRESSADD)

    @property
    def client_add(self) -> Registrar[ClientAdd]:
        "`client.add`: A client was added."
        return Registrar(self._registry, EventName.CLIENT_ADD)

    @property
    def client_edit(self) -> Registrar[ClientEdit]:
        "`client.edit`: A client was edited."
        return Registrar(self._registry, EventName.CLIENT_EDIT)

    @property
    def client_delete(self) -> Registrar[ClientDelete]:
        "`client.delete`: A client was deleted."
        return Registrar(self._registry, EventName.CLIENT_DELETE)

    @property
    def client_change_recv(self) -> Registrar[ClientChangeRecv]:
        "`client.change.recv`: A client's requisites were changed."
        return Registrar(self._registry, EventName.CLIENT_CHANGE_RECV)

    @property
    def client_change_user(self) -> Registrar[ClientChangeUser]:
        "`client.change.user`: The responsible employee of a client was changed."
        return Registrar(self._registry, EventName.CLIENT_CHANGE_USER)

    @property
    def person_add(self) -> Registrar[PersonAdd]:
        "`person.add`: A contact was added."
        return Registrar(self._registry, EventName.PERSON_ADD)

    @property
    def person_edit(self) -> Registrar[PersonEdit]:
        "`person.edit`: A contact was edited."
        return Registrar(self._registry, EventName.PERSON_EDIT)

    @property
    def person_delete(self) -> Registrar[PersonDelete]:
        "`person.delete`: A contact was deleted."
        return Registrar(self._registry, EventName.PERSON_DELETE)

    @property
    def person_change_user(self) -> Registrar[PersonChangeUser]:
        "`person.change.user`: The responsible employee of a contact was changed."
        return Registrar(self._registry, EventName.PERSON_CHANGE_USER)

    @property
    def deal_import(self) -> Registrar[DealImport]:
        "`deal.import`: Deals and their clients were imported."
        return Registrar(self._registry, EventName.DEAL_IMPORT)

    @property
    def deal_add(self) -> Registrar[DealAdd]:
        "`deal.add`: A deal was added."
        return Registrar(self._registry, EventName.DEAL_ADD)

    @property
    def deal_edit(self) -> Registrar[DealEdit]:
        "`deal.edit`: A deal's main information was edited."
        return Registrar(self._registry, EventName.DEAL_EDIT)

    @property
    def deal_delete(self) -> Registrar[DealDelete]:
        "`deal.delete`: A deal was deleted."
        return Registrar(self._registry, EventName.DEAL_DELETE)

    @property
    def deal_change_user(self) -> Registrar[DealChangeUser]:
        "`deal.change.user`: The responsible employee of a deal was changed."
        return Registrar(self._registry, EventName.DEAL_CHANGE_USER)

    @property
    def deal_change_step(self) -> Registrar[DealChangeStep]:
        "`deal.change.step`: A deal's stage was changed."
        return Registrar(self._registry, EventName.DEAL_CHANGE_STEP)

    @property
    def deal_change_datum_plan(self) -> Registrar[DealChangeDatumPlan]:
        "`deal.change.datum_plan`: The planned date of a deal was changed."
        return Registrar(self._registry, EventName.DEAL_CHANGE_DATUM_PLAN)

    @property
    def deal_close(self) -> Registrar[DealClose]:
        "`deal.close`: A deal was closed."
        return Registrar(self._registry, EventName.DEAL_CLOSE)

    @property
    def invoice_add(self) -> Registrar[InvoiceAdd]:
        "`invoice.add`: An invoice was added."
        return Registrar(self._registry, EventName.INVOICE_ADD)

    @property
    def invoice_edit(self) -> Registrar[InvoiceEdit]:
        "`invoice.edit`: An invoice was edited."
        return Registrar(self._registry, EventName.INVOICE_EDIT)

    @property
    def invoice_doit(self) -> Registrar[InvoiceDoit]:
        "`invoice.doit`: An invoice was marked as paid."
        return Registrar(self._registry, EventName.INVOICE_DOIT)

    @property
    def invoice_undoit(self) -> Registrar[InvoiceUndoit]:
        "`invoice.undoit`: The payment of an invoice was cancelled."
        return Registrar(self._registry, EventName.INVOICE_UNDOIT)

    @property
    def invoice_expressadd(self) -> Registrar[InvoiceExpressadd]:
        "`invoice.expressadd`: A payment was added without issuing an invoice."
        return Registrar(self._registry, EventName.INVOICE_EXPRESSADD)

    @property
    def invoice_delete(self) -> Registrar[InvoiceDelete]:
        "`invoice.delete`: An invoice was deleted."
        return Registrar(self._registry, EventName.INVOICE_DELETE)

    @property
    def task_add(self) -> Registrar[TaskAdd]:
        "`task.add`: A task (reminder) was added."
        return Registrar(self._registry, EventName.TASK_ADD)

    @property
    def task_edit(self) -> Registrar[TaskEdit]:
        "`task.edit`: A task (reminder) was edited."
        return Registrar(self._registry, EventName.TASK_EDIT)

    @property
    def task_doit(self) -> Registrar[TaskDoit]:
        "`task.doit`: A task (reminder) was completed."
        return Registrar(self._registry, EventName.TASK_DOIT)

    @property
    def task_remove(self) -> Registrar[TaskRemove]:
        "`task.remove`: A task (reminder) was deleted."
        return Registrar(self._registry, EventName.TASK_REMOVE)

    @property
    def history_add(self) -> Registrar[HistoryAdd]:
        "`history.add`: A record was added to the activity history."
        return Registrar(self._registry, EventName.HISTORY_ADD)

    @property
    def history_edit(self) -> Registrar[HistoryEdit]:
        "`history.edit`: An activity history record was edited."
        return Registrar(self._registry, EventName.HISTORY_EDIT)

    @property
    def history_doit(self) -> Registrar[HistoryDoit]:
        "`history.doit`: An activity history record was marked as done."
        return Registrar(self._registry, EventName.HISTORY_DOIT)

    @property
    def lead_add(self) -> Registrar[LeadAdd]:
        "`lead.add`: A lead arrived that no employee is assigned to."
        return Registrar(self._registry, EventName.LEAD_ADD)

    @property
    def lead_setuser(self) -> Registrar[LeadSetuser]:
        "`lead.setuser`: A lead was assigned to an employee."
        return Registrar(self._registry, EventName.LEAD_SETUSER)

    @property
    def lead_do(self) -> Registrar[LeadDo]:
        "`lead.do`: A lead was processed."
        return Registrar(self._registry, EventName.LEAD_DO)

    @property
    def entry_add(self) -> Registrar[EntryAdd]:
        "`entry.add`: An entry (inquiry) was added."
        return Registrar(self._registry, EventName.ENTRY_ADD)

    @property
    def entry_status(self) -> Registrar[EntryStatus]:
        "`entry.status`: The status of an entry (inquiry) was changed."
        return Registrar(self._registry, EventName.ENTRY_STATUS)

    @property
    def contract_add(self) -> Registrar[ContractAdd]:
        "`contract.add`: A document (contract) was added."
        return Registrar(self._registry, EventName.CONTRACT_ADD)

    @property
    def document_add(self) -> Registrar[DocumentAdd]:
        "`document.add`: A document was added."
        return Registrar(self._registry, EventName.DOCUMENT_ADD)

    @property
    def contract_edit(self) -> Registrar[ContractEdit]:
        "`contract.edit`: A document (contract) was edited."
        return Registrar(self._registry, EventName.CONTRACT_EDIT)

    @property
    def contract_delete(self) -> Registrar[ContractDelete]:
        "`contract.delete`: A document (contract) was deleted."
        return Registrar(self._registry, EventName.CONTRACT_DELETE)

    @property
    def akt_add(self) -> Registrar[AktAdd]:
        "`akt.add`: An act was added."
        return Registrar(self._registry, EventName.AKT_ADD)

    @property
    def akt_edit(self) -> Registrar[AktEdit]:
        "`akt.edit`: An act was edited."
        return Registrar(self._registry, EventName.AKT_EDIT)

    @property
    def akt_delete(self) -> Registrar[AktDelete]:
        "`akt.delete`: An act was deleted."
        return Registrar(self._registry, EventName.AKT_DELETE)


class Handlers(Protocol):
    """One method per event. Subclass it and override the events you handle, then `receiver.register(obj)`;
    when the spec changes a payload, mypy points at every handler to update."""

    def client_import(self, payload: ClientImport, /) -> Awaitable[None] | None:
        "`client.import`: Clients and their contacts were imported."
        return None

    def client_expressadd(self, payload: ClientExpressadd, /) -> Awaitable[None] | None:
        "`client.expressadd`: A client and/or contact was added through the express form."
        return None

    def client_add(self, payload: ClientAdd, /) -> Awaitable[None] | None:
        "`client.add`: A client was added."
        return None

    def client_edit(self, payload: ClientEdit, /) -> Awaitable[None] | None:
        "`client.edit`: A client was edited."
        return None

    def client_delete(self, payload: ClientDelete, /) -> Awaitable[None] | None:
        "`client.delete`: A client was deleted."
        return None

    def client_change_recv(self, payload: ClientChangeRecv, /) -> Awaitable[None] | None:
        "`client.change.recv`: A client's requisites were changed."
        return None

    def client_change_user(self, payload: ClientChangeUser, /) -> Awaitable[None] | None:
        "`client.change.user`: The responsible employee of a client was changed."
        return None

    def person_add(self, payload: PersonAdd, /) -> Awaitable[None] | None:
        "`person.add`: A contact was added."
        return None

    def person_edit(self, payload: PersonEdit, /) -> Awaitable[None] | None:
        "`person.edit`: A contact was edited."
        return None

    def person_delete(self, payload: PersonDelete, /) -> Awaitable[None] | None:
        "`person.delete`: A contact was deleted."
        return None

    def person_change_user(self, payload: PersonChangeUser, /) -> Awaitable[None] | None:
        "`person.change.user`: The responsible employee of a contact was changed."
        return None

    def deal_import(self, payload: DealImport, /) -> Awaitable[None] | None:
        "`deal.import`: Deals and their clients were imported."
        return None

    def deal_add(self, payload: DealAdd, /) -> Awaitable[None] | None:
        "`deal.add`: A deal was added."
        return None

    def deal_edit(self, payload: DealEdit, /) -> Awaitable[None] | None:
        "`deal.edit`: A deal's main information was edited."
        return None

    def deal_delete(self, payload: DealDelete, /) -> Awaitable[None] | None:
        "`deal.delete`: A deal was deleted."
        return None

    def deal_change_user(self, payload: DealChangeUser, /) -> Awaitable[None] | None:
        "`deal.change.user`: The responsible employee of a deal was changed."
        return None

    def deal_change_step(self, payload: DealChangeStep, /) -> Awaitable[None] | None:
        "`deal.change.step`: A deal's stage was changed."
        return None

    def deal_change_datum_plan(self, payload: DealChangeDatumPlan, /) -> Awaitable[None] | None:
        "`deal.change.datum_plan`: The planned date of a deal was changed."
        return None

    def deal_close(self, payload: DealClose, /) -> Awaitable[None] | None:
        "`deal.close`: A deal was closed."
        return None

    def invoice_add(self, payload: InvoiceAdd, /) -> Awaitable[None] | None:
        "`invoice.add`: An invoice was added."
        return None

    def invoice_edit(self, payload: InvoiceEdit, /) -> Awaitable[None] | None:
        "`invoice.edit`: An invoice was edited."
        return None

    def invoice_doit(self, payload: InvoiceDoit, /) -> Awaitable[None] | None:
        "`invoice.doit`: An invoice was marked as paid."
        return None

    def invoice_undoit(self, payload: InvoiceUndoit, /) -> Awaitable[None] | None:
        "`invoice.undoit`: The payment of an invoice was cancelled."
        return None

    def invoice_expressadd(self, payload: InvoiceExpressadd, /) -> Awaitable[None] | None:
        "`invoice.expressadd`: A payment was added without issuing an invoice."
        return None

    def invoice_delete(self, payload: InvoiceDelete, /) -> Awaitable[None] | None:
        "`invoice.delete`: An invoice was deleted."
        return None

    def task_add(self, payload: TaskAdd, /) -> Awaitable[None] | None:
        "`task.add`: A task (reminder) was added."
        return None

    def task_edit(self, payload: TaskEdit, /) -> Awaitable[None] | None:
        "`task.edit`: A task (reminder) was edited."
        return None

    def task_doit(self, payload: TaskDoit, /) -> Awaitable[None] | None:
        "`task.doit`: A task (reminder) was completed."
        return None

    def task_remove(self, payload: TaskRemove, /) -> Awaitable[None] | None:
        "`task.remove`: A task (reminder) was deleted."
        return None

    def history_add(self, payload: HistoryAdd, /) -> Awaitable[None] | None:
        "`history.add`: A record was added to the activity history."
        return None

    def history_edit(self, payload: HistoryEdit, /) -> Awaitable[None] | None:
        "`history.edit`: An activity history record was edited."
        return None

    def history_doit(self, payload: HistoryDoit, /) -> Awaitable[None] | None:
        "`history.doit`: An activity history record was marked as done."
        return None

    def lead_add(self, payload: LeadAdd, /) -> Awaitable[None] | None:
        "`lead.add`: A lead arrived that no employee is assigned to."
        return None

    def lead_setuser(self, payload: LeadSetuser, /) -> Awaitable[None] | None:
        "`lead.setuser`: A lead was assigned to an employee."
        return None

    def lead_do(self, payload: LeadDo, /) -> Awaitable[None] | None:
        "`lead.do`: A lead was processed."
        return None

    def entry_add(self, payload: EntryAdd, /) -> Awaitable[None] | None:
        "`entry.add`: An entry (inquiry) was added."
        return None

    def entry_status(self, payload: EntryStatus, /) -> Awaitable[None] | None:
        "`entry.status`: The status of an entry (inquiry) was changed."
        return None

    def contract_add(self, payload: ContractAdd, /) -> Awaitable[None] | None:
        "`contract.add`: A document (contract) was added."
        return None

    def document_add(self, payload: DocumentAdd, /) -> Awaitable[None] | None:
        "`document.add`: A document was added."
        return None

    def contract_edit(self, payload: ContractEdit, /) -> Awaitable[None] | None:
        "`contract.edit`: A document (contract) was edited."
        return None

    def contract_delete(self, payload: ContractDelete, /) -> Awaitable[None] | None:
        "`contract.delete`: A document (contract) was deleted."
        return None

    def akt_add(self, payload: AktAdd, /) -> Awaitable[None] | None:
        "`akt.add`: An act was added."
        return None

    def akt_edit(self, payload: AktEdit, /) -> Awaitable[None] | None:
        "`akt.edit`: An act was edited."
        return None

    def akt_delete(self, payload: AktDelete, /) -> Awaitable[None] | None:
        "`akt.delete`: An act was deleted."
        return None
