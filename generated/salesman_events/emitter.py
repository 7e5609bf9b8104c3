# DO NOT EDIT: generated from salesman-events.asyncapi.yaml (sha256 0ff15d59f4fb2739) by the generator
"""Fire events: `Emitter` records each event durably, runs in-process handlers, and workers deliver webhooks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from ._runtime.emitter import DEFAULT_MAX_PAYLOAD, DEFAULT_OUTBOX, EmitterCore
from ._runtime.outbox import Outbox
from ._runtime.retry import RetryPolicy
from ._runtime.worker import DEFAULT_CONCURRENCY, Worker, WorkerThread
from .events import EVENTS
from .handlers import On
from .models import (
    ActId,
    AktAdd,
    AktDelete,
    AktEdit,
    ChangedFields,
    ClientAdd,
    ClientChangeRecv,
    ClientChangeUser,
    ClientDelete,
    ClientEdit,
    ClientExpressadd,
    ClientId,
    ClientImport,
    ClientReassignment,
    ContractAdd,
    ContractDelete,
    ContractEdit,
    ContractId,
    DealAdd,
    DealChangeStep,
    DealChangeUser,
    DealClose,
    DealDelete,
    DealEdit,
    DealId,
    DealReassignment,
    DealStep,
    EmployeeId,
    EntryAdd,
    EntryId,
    EntryStatus,
    EntryStatusCode,
    HistoryAdd,
    HistoryDoit,
    HistoryEdit,
    HistoryId,
    InvoiceAdd,
    InvoiceDoit,
    InvoiceEdit,
    InvoiceExpressadd,
    InvoiceId,
    LeadDo,
    LeadId,
    Money,
    PersonAdd,
    PersonChangeUser,
    PersonDelete,
    PersonEdit,
    PersonId,
    TaskAdd,
    TaskDoit,
    TaskEdit,
    TaskId,
    TenantId,
)

__all__ = ["Emitter"]


class Emitter(EmitterCore):
    """`emitter.deal_close(did=..., summa=...)` returns the event id once the event is committed.

    With `deliver=True` (the default) a background thread delivers the webhooks; with `deliver=False` run
    `salesman-events worker` processes instead.
    """

    def __init__(
        self,
        outbox: str | Outbox = DEFAULT_OUTBOX,
        *,
        max_payload: int = DEFAULT_MAX_PAYLOAD,
        deliver: bool = True,
        concurrency: int = DEFAULT_CONCURRENCY,
        retry: RetryPolicy | None = None,
        allow: Sequence[str] = (),
    ) -> None:
        super().__init__(EVENTS, outbox=outbox, max_payload=max_payload)
        self.on = On(self)
        self.worker: WorkerThread | None = None
        if deliver:
            worker = Worker(self.outbox, concurrency=concurrency, policy=retry, allow=allow)
            self.worker = worker.start_thread()

    def close(self) -> None:
        """Stop the background delivery (finishing attempts in flight) and close the outbox."""
        if self.worker is not None:
            self.worker.stop()
        super().close()

    def client_import(
        self,
        *,
        clids: list[ClientId] | None = None,
        pids: list[PersonId] | None = None,
        autor: EmployeeId | None = None,
        user: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        **extra: Any,
    ) -> str:
        "Emit `client.import`: Clients and their contacts were imported. Returns the event id."
        fields: dict[str, Any] = {
            "clids": clids,
            "pids": pids,
            "autor": autor,
            "user": user,
            "event": event,
            "identity": identity,
            "iduser1": iduser1,
        }
        present = {key: value for key, value in fields.items() if value is not None}
        return self.emit(ClientImport(**present, **extra), event="client.import")

    def client_expressadd(
        self,
        *,
        pid: PersonId | None = None,
        clid: ClientId,
        autor: EmployeeId | None = None,
        user: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        **extra: Any,
    ) -> str:
        "Emit `client.expressadd`: A client and/or contact was added through the express form. Returns the event id."
        fields: dict[str, Any] = {
            "pid": pid,
            "clid": clid,
            "autor": autor,
            "user": user,
            "event": event,
            "identity": identity,
            "iduser1": iduser1,
        }
        present = {key: value for key, value in fields.items() if value is not None}
        return self.emit(ClientExpressadd(**present, **extra), event="client.expressadd")

    def client_add(
        self,
        *,
        clid: ClientId,
        autor: EmployeeId | None = None,
        user: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        **extra: Any,
    ) -> str:
        "Emit `client.add`: A client was added. Returns the event id."
        fields: dict[str, Any] = {
            "clid": clid,
            "autor": autor,
            "user": user,
            "event": event,
            "identity": identity,
            "iduser1": iduser1,
        }
        present = {key: value for key, value in fields.items() if value is not None}
        return self.emit(ClientAdd(**present, **extra), event="client.add")

    def client_edit(
        self,
        *,
        clid: ClientId,
        autor: EmployeeId | None = None,
        user: EmployeeId | None = None,
        newparam: ChangedFields | None = None,
        comment: str | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        **extra: Any,
    ) -> str:
        "Emit `client.edit`: A client was edited. Returns the event id."
        fields: dict[str, Any] = {
            "clid": clid,
            "autor": autor,
            "user": user,
            "newparam": newparam,
            "comment": comment,
            "event": event,
            "identity": identity,
            "iduser1": iduser1,
        }
        present = {key: value for key, value in fields.items() if value is not None}
        return self.emit(ClientEdit(**present, **extra), event="client.edit")

    def client_delete(
        self,
        *,
        clid: ClientId,
        autor: EmployeeId | None = None,
        user: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        **extra: Any,
    ) -> str:
        "Emit `client.delete`: A client was deleted. Returns the event id."
        fields: dict[str, Any] = {
            "clid": clid,
            "autor": autor,
            "user": user,
            "event": event,
            "identity": identity,
            "iduser1": iduser1,
        }
        present = {key: value for key, value in fields.items() if value is not None}
        return self.emit(ClientDelete(**present, **extra), event="client.delete")

    def client_change_recv(
        self,
        *,
        clid: ClientId,
        autor: EmployeeId | None = None,
        user: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        **extra: Any,
    ) -> str:
        "Emit `client.change.recv`: A client's requisites were changed. Returns the event id."
        fields: dict[str, Any] = {
            "clid": clid,
            "autor": autor,
            "user": user,
            "event": event,
            "identity": identity,
            "iduser1": iduser1,
        }
        present = {key: value for key, value in fields.items() if value is not None}
        return self.emit(ClientChangeRecv(**present, **extra), event="client.change.recv")

    def client_change_user(
        self,
        *,
        clid: ClientId | None = None,
        autor: EmployeeId | None = None,
        user: EmployeeId | None = None,
        olduser: EmployeeId | None = None,
        newuser: EmployeeId | None = None,
        comment: str | None = None,
        info: list[ClientReassignment] | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        **extra: Any,
    ) -> str:
        "Emit `client.change.user`: The responsible employee of a client was changed. Returns the event id."
        fields: dict[str, Any] = {
            "clid": clid,
            "autor": autor,
            "user": user,
            "olduser": olduser,
            "newuser": newuser,
            "comment": comment,
            "info": info,
            "event": event,
            "identity": identity,
            "iduser1": iduser1,
        }
        present = {key: value for key, value in fields.items() if value is not None}
        return self.emit(ClientChangeUser(**present, **extra), event="client.change.user")

    def person_add(
        self,
        *,
        pid: PersonId,
        autor: EmployeeId | None = None,
        user: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        **extra: Any,
    ) -> str:
        "Emit `person.add`: A contact was added. Returns the event id."
        fields: dict[str, Any] = {
            "pid": pid,
            "autor": autor,
            "user": user,
            "event": event,
            "identity": identity,
            "iduser1": iduser1,
        }
        present = {key: value for key, value in fields.items() if value is not None}
        return self.emit(PersonAdd(**present, **extra), event="person.add")

    def person_edit(
        self,
        *,
        pid: PersonId,
        autor: EmployeeId | None = None,
        user: EmployeeId | None = None,
        newparam: ChangedFields | None = None,
        comment: str | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        **extra: Any,
    ) -> str:
        "Emit `person.edit`: A contact was edited. Returns the event id."
        fields: dict[str, Any] = {
            "pid": pid,
            "autor": autor,
            "user": user,
            "newparam": newparam,
            "comment": comment,
            "event": event,
            "identity": identity,
            "iduser1": iduser1,
        }
        present = {key: value for key, value in fields.items() if value is not None}
        return self.emit(PersonEdit(**present, **extra), event="person.edit")

    def person_delete(
        self,
        *,
        pid: PersonId,
        autor: EmployeeId | None = None,
        user: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        **extra: Any,
    ) -> str:
        "Emit `person.delete`: A contact was deleted. Returns the event id."
        fields: dict[str, Any] = {
            "pid": pid,
            "autor": autor,
            "user": user,
            "event": event,
            "identity": identity,
            "iduser1": iduser1,
        }
        present = {key: value for key, value in fields.items() if value is not None}
        return self.emit(PersonDelete(**present, **extra), event="person.delete")

    def person_change_user(
        self,
        *,
        pid: PersonId,
        autor: EmployeeId | None = None,
        user: EmployeeId | None = None,
        olduser: EmployeeId | None = None,
        newuser: EmployeeId | None = None,
        comment: str | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        **extra: Any,
    ) -> str:
        "Emit `person.change.user`: The responsible employee of a contact was changed. Returns the event id."
        fields: dict[str, Any] = {
            "pid": pid,
            "autor": autor,
            "user": user,
            "olduser": olduser,
            "newuser": newuser,
            "comment": comment,
            "event": event,
            "identity": identity,
            "iduser1": iduser1,
        }
        present = {key: value for key, value in fields.items() if value is not None}
        return self.emit(PersonChangeUser(**present, **extra), event="person.change.user")

    def deal_add(
        self,
        *,
        did: DealId,
        autor: EmployeeId | None = None,
        userUID: str | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        **extra: Any,
    ) -> str:
        "Emit `deal.add`: A deal was added. Returns the event id."
        fields: dict[str, Any] = {
            "did": did,
            "autor": autor,
            "userUID": userUID,
            "event": event,
            "identity": identity,
            "iduser1": iduser1,
        }
        present = {key: value for key, value in fields.items() if value is not None}
        return self.emit(DealAdd(**present, **extra), event="deal.add")

    def deal_edit(
        self,
        *,
        did: DealId,
        autor: EmployeeId | None = None,
        newparam: ChangedFields | None = None,
        comment: str | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        **extra: Any,
    ) -> str:
        "Emit `deal.edit`: A deal's main information was edited. Returns the event id."
        fields: dict[str, Any] = {
            "did": did,
            "autor": autor,
            "newparam": newparam,
            "comment": comment,
            "event": event,
            "identity": identity,
            "iduser1": iduser1,
        }
        present = {key: value for key, value in fields.items() if value is not None}
        return self.emit(DealEdit(**present, **extra), event="deal.edit")

    def deal_delete(
        self,
        *,
        did: DealId,
        autor: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        **extra: Any,
    ) -> str:
        "Emit `deal.delete`: A deal was deleted. Returns the event id."
        fields: dict[str, Any] = {
            "did": did,
            "autor": autor,
            "event": event,
            "identity": identity,
            "iduser1": iduser1,
        }
        present = {key: value for key, value in fields.items() if value is not None}
        return self.emit(DealDelete(**present, **extra), event="deal.delete")

    def deal_change_user(
        self,
        *,
        did: DealId | None = None,
        autor: EmployeeId | None = None,
        olduser: EmployeeId | None = None,
        newuser: EmployeeId | None = None,
        comment: str | None = None,
        info: list[DealReassignment] | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        **extra: Any,
    ) -> str:
        "Emit `deal.change.user`: The responsible employee of a deal was changed. Returns the event id."
        fields: dict[str, Any] = {
            "did": did,
            "autor": autor,
            "olduser": olduser,
            "newuser": newuser,
            "comment": comment,
            "info": info,
            "event": event,
            "identity": identity,
            "iduser1": iduser1,
        }
        present = {key: value for key, value in fields.items() if value is not None}
        return self.emit(DealChangeUser(**present, **extra), event="deal.change.user")

    def deal_change_step(
        self,
        *,
        did: DealId,
        autor: EmployeeId | None = None,
        stepOld: DealStep | None = None,
        stepNew: DealStep | None = None,
        comment: str | None = None,
        reason: str | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        **extra: Any,
    ) -> str:
        "Emit `deal.change.step`: A deal's stage was changed. Returns the event id."
        fields: dict[str, Any] = {
            "did": did,
            "autor": autor,
            "stepOld": stepOld,
            "stepNew": stepNew,
            "comment": comment,
            "reason": reason,
            "event": event,
            "identity": identity,
            "iduser1": iduser1,
        }
        present = {key: value for key, value in fields.items() if value is not None}
        return self.emit(DealChangeStep(**present, **extra), event="deal.change.step")

    def deal_close(
        self,
        *,
        did: DealId,
        autor: EmployeeId | None = None,
        summa: Money | None | str = None,
        status: str | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        **extra: Any,
    ) -> str:
        "Emit `deal.close`: A deal was closed. Returns the event id."
        fields: dict[str, Any] = {
            "did": did,
            "autor": autor,
            "summa": summa,
            "status": status,
            "event": event,
            "identity": identity,
            "iduser1": iduser1,
        }
        present = {key: value for key, value in fields.items() if value is not None}
        return self.emit(DealClose(**present, **extra), event="deal.close")

    def invoice_add(
        self,
        *,
        did: DealId,
        autor: EmployeeId | None = None,
        user: EmployeeId | None = None,
        userUID: str | None = None,
        summa: Money | None | str = None,
        invoice: str | None = None,
        id: InvoiceId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        **extra: Any,
    ) -> str:
        "Emit `invoice.add`: An invoice was added. Returns the event id."
        fields: dict[str, Any] = {
            "did": did,
            "autor": autor,
            "user": user,
            "userUID": userUID,
            "summa": summa,
            "invoice": invoice,
            "id": id,
            "event": event,
            "identity": identity,
            "iduser1": iduser1,
        }
        present = {key: value for key, value in fields.items() if value is not None}
        return self.emit(InvoiceAdd(**present, **extra), event="invoice.add")

    def invoice_edit(
        self,
        *,
        did: DealId,
        autor: EmployeeId | None = None,
        user: EmployeeId | None = None,
        userUID: str | None = None,
        summa: Money | None | str = None,
        invoice: str | None = None,
        newparam: ChangedFields | None = None,
        comment: str | None = None,
        id: InvoiceId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        **extra: Any,
    ) -> str:
        "Emit `invoice.edit`: An invoice was edited. Returns the event id."
        fields: dict[str, Any] = {
            "did": did,
            "autor": autor,
            "user": user,
            "userUID": userUID,
            "summa": summa,
            "invoice": invoice,
            "newparam": newparam,
            "comment": comment,
            "id": id,
            "event": event,
            "identity": identity,
            "iduser1": iduser1,
        }
        present = {key: value for key, value in fields.items() if value is not None}
        return self.emit(InvoiceEdit(**present, **extra), event="invoice.edit")

    def invoice_doit(
        self,
        *,
        did: DealId,
        autor: EmployeeId | None = None,
        userUID: str | None = None,
        invoice: str | None = None,
        summa: Money | None | str = None,
        summaNew: Money | None | str = None,
        id: InvoiceId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        **extra: Any,
    ) -> str:
        "Emit `invoice.doit`: An invoice was marked as paid. Returns the event id."
        fields: dict[str, Any] = {
            "did": did,
            "autor": autor,
            "userUID": userUID,
            "invoice": invoice,
            "summa": summa,
            "summaNew": summaNew,
            "id": id,
            "event": event,
            "identity": identity,
            "iduser1": iduser1,
        }
        present = {key: value for key, value in fields.items() if value is not None}
        return self.emit(InvoiceDoit(**present, **extra), event="invoice.doit")

    def invoice_expressadd(
        self,
        *,
        did: DealId,
        autor: EmployeeId | None = None,
        userUID: str | None = None,
        invoice: str | None = None,
        summa: Money | None | str = None,
        summaNew: Money | None | str = None,
        id: InvoiceId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        **extra: Any,
    ) -> str:
        "Emit `invoice.expressadd`: A payment was added without issuing an invoice. Returns the event id."
        fields: dict[str, Any] = {
            "did": did,
            "autor": autor,
            "userUID": userUID,
            "invoice": invoice,
            "summa": summa,
            "summaNew": summaNew,
            "id": id,
            "event": event,
            "identity": identity,
            "iduser1": iduser1,
        }
        present = {key: value for key, value in fields.items() if value is not None}
        return self.emit(InvoiceExpressadd(**present, **extra), event="invoice.expressadd")

    def task_add(
        self,
        *,
        id: TaskId,
        autor: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        **extra: Any,
    ) -> str:
        "Emit `task.add`: A task (reminder) was added. Returns the event id."
        fields: dict[str, Any] = {
            "id": id,
            "autor": autor,
            "event": event,
            "identity": identity,
            "iduser1": iduser1,
        }
        present = {key: value for key, value in fields.items() if value is not None}
        return self.emit(TaskAdd(**present, **extra), event="task.add")

    def task_edit(
        self,
        *,
        id: TaskId,
        autor: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        **extra: Any,
    ) -> str:
        "Emit `task.edit`: A task (reminder) was edited. Returns the event id."
        fields: dict[str, Any] = {
            "id": id,
            "autor": autor,
            "event": event,
            "identity": identity,
            "iduser1": iduser1,
        }
        present = {key: value for key, value in fields.items() if value is not None}
        return self.emit(TaskEdit(**present, **extra), event="task.edit")

    def task_doit(
        self,
        *,
        id: TaskId,
        autor: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        **extra: Any,
    ) -> str:
        "Emit `task.doit`: A task (reminder) was completed. Returns the event id."
        fields: dict[str, Any] = {
            "id": id,
            "autor": autor,
            "event": event,
            "identity": identity,
            "iduser1": iduser1,
        }
        present = {key: value for key, value in fields.items() if value is not None}
        return self.emit(TaskDoit(**present, **extra), event="task.doit")

    def history_add(
        self,
        *,
        id: HistoryId,
        autor: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        **extra: Any,
    ) -> str:
        "Emit `history.add`: A record was added to the activity history. Returns the event id."
        fields: dict[str, Any] = {
            "id": id,
            "autor": autor,
            "event": event,
            "identity": identity,
            "iduser1": iduser1,
        }
        present = {key: value for key, value in fields.items() if value is not None}
        return self.emit(HistoryAdd(**present, **extra), event="history.add")

    def history_edit(
        self,
        *,
        id: HistoryId,
        autor: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        **extra: Any,
    ) -> str:
        "Emit `history.edit`: An activity history record was edited. Returns the event id."
        fields: dict[str, Any] = {
            "id": id,
            "autor": autor,
            "event": event,
            "identity": identity,
            "iduser1": iduser1,
        }
        present = {key: value for key, value in fields.items() if value is not None}
        return self.emit(HistoryEdit(**present, **extra), event="history.edit")

    def history_doit(
        self,
        *,
        id: HistoryId,
        autor: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        **extra: Any,
    ) -> str:
        "Emit `history.doit`: An activity history record was marked as done. Returns the event id."
        fields: dict[str, Any] = {
            "id": id,
            "autor": autor,
            "event": event,
            "identity": identity,
            "iduser1": iduser1,
        }
        present = {key: value for key, value in fields.items() if value is not None}
        return self.emit(HistoryDoit(**present, **extra), event="history.doit")

    def lead_do(
        self,
        *,
        id: LeadId,
        autor: EmployeeId | None = None,
        clid: ClientId | None = None,
        pid: PersonId | None = None,
        did: DealId | None = None,
        coordinator: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        **extra: Any,
    ) -> str:
        "Emit `lead.do`: A lead was processed. Returns the event id."
        fields: dict[str, Any] = {
            "id": id,
            "autor": autor,
            "clid": clid,
            "pid": pid,
            "did": did,
            "coordinator": coordinator,
            "event": event,
            "identity": identity,
            "iduser1": iduser1,
        }
        present = {key: value for key, value in fields.items() if value is not None}
        return self.emit(LeadDo(**present, **extra), event="lead.do")

    def entry_add(
        self,
        *,
        id: EntryId,
        clid: ClientId | None = None,
        pid: PersonId | None = None,
        did: DealId | None = None,
        autor: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        **extra: Any,
    ) -> str:
        "Emit `entry.add`: An entry (inquiry) was added. Returns the event id."
        fields: dict[str, Any] = {
            "id": id,
            "clid": clid,
            "pid": pid,
            "did": did,
            "autor": autor,
            "event": event,
            "identity": identity,
            "iduser1": iduser1,
        }
        present = {key: value for key, value in fields.items() if value is not None}
        return self.emit(EntryAdd(**present, **extra), event="entry.add")

    def entry_status(
        self,
        *,
        id: EntryId,
        autor: EmployeeId | None = None,
        status: EntryStatusCode | None = None,
        userUID: str | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        **extra: Any,
    ) -> str:
        "Emit `entry.status`: The status of an entry (inquiry) was changed. Returns the event id."
        fields: dict[str, Any] = {
            "id": id,
            "autor": autor,
            "status": status,
            "userUID": userUID,
            "event": event,
            "identity": identity,
            "iduser1": iduser1,
        }
        present = {key: value for key, value in fields.items() if value is not None}
        return self.emit(EntryStatus(**present, **extra), event="entry.status")

    def contract_add(
        self,
        *,
        id: ContractId,
        number: str | None = None,
        datum: date | None | str = None,
        payer: ClientId | None = None,
        clid: ClientId | None = None,
        pid: PersonId | None = None,
        did: DealId | None = None,
        autor: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        **extra: Any,
    ) -> str:
        "Emit `contract.add`: A document (contract) was added. Returns the event id."
        fields: dict[str, Any] = {
            "id": id,
            "number": number,
            "datum": datum,
            "payer": payer,
            "clid": clid,
            "pid": pid,
            "did": did,
            "autor": autor,
            "event": event,
            "identity": identity,
            "iduser1": iduser1,
        }
        present = {key: value for key, value in fields.items() if value is not None}
        return self.emit(ContractAdd(**present, **extra), event="contract.add")

    def contract_edit(
        self,
        *,
        id: ContractId,
        number: str | None = None,
        datum: date | None | str = None,
        payer: ClientId | None = None,
        clid: ClientId | None = None,
        pid: PersonId | None = None,
        did: DealId | None = None,
        autor: EmployeeId | None = None,
        newparam: ChangedFields | None = None,
        comment: str | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        **extra: Any,
    ) -> str:
        "Emit `contract.edit`: A document (contract) was edited. Returns the event id."
        fields: dict[str, Any] = {
            "id": id,
            "number": number,
            "datum": datum,
            "payer": payer,
            "clid": clid,
            "pid": pid,
            "did": did,
            "autor": autor,
            "newparam": newparam,
            "comment": comment,
            "event": event,
            "identity": identity,
            "iduser1": iduser1,
        }
        present = {key: value for key, value in fields.items() if value is not None}
        return self.emit(ContractEdit(**present, **extra), event="contract.edit")

    def contract_delete(
        self,
        *,
        id: ContractId,
        did: DealId | None = None,
        autor: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        **extra: Any,
    ) -> str:
        "Emit `contract.delete`: A document (contract) was deleted. Returns the event id."
        fields: dict[str, Any] = {
            "id": id,
            "did": did,
            "autor": autor,
            "event": event,
            "identity": identity,
            "iduser1": iduser1,
        }
        present = {key: value for key, value in fields.items() if value is not None}
        return self.emit(ContractDelete(**present, **extra), event="contract.delete")

    def akt_add(
        self,
        *,
        id: ActId,
        number: str | None = None,
        datum: date | None | str = None,
        payer: ClientId | None = None,
        clid: ClientId | None = None,
        pid: PersonId | None = None,
        did: DealId | None = None,
        autor: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        **extra: Any,
    ) -> str:
        "Emit `akt.add`: An act was added. Returns the event id."
        fields: dict[str, Any] = {
            "id": id,
            "number": number,
            "datum": datum,
            "payer": payer,
            "clid": clid,
            "pid": pid,
            "did": did,
            "autor": autor,
            "event": event,
            "identity": identity,
            "iduser1": iduser1,
        }
        present = {key: value for key, value in fields.items() if value is not None}
        return self.emit(AktAdd(**present, **extra), event="akt.add")

    def akt_edit(
        self,
        *,
        id: ActId,
        number: str | None = None,
        datum: date | None | str = None,
        payer: ClientId | None = None,
        clid: ClientId | None = None,
        pid: PersonId | None = None,
        did: DealId | None = None,
        autor: EmployeeId | None = None,
        newparam: ChangedFields | None = None,
        comment: str | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        **extra: Any,
    ) -> str:
        "Emit `akt.edit`: An act was edited. Returns the event id."
        fields: dict[str, Any] = {
            "id": id,
            "number": number,
            "datum": datum,
            "payer": payer,
            "clid": clid,
            "pid": pid,
            "did": did,
            "autor": autor,
            "newparam": newparam,
            "comment": comment,
            "event": event,
            "identity": identity,
            "iduser1": iduser1,
        }
        present = {key: value for key, value in fields.items() if value is not None}
        return self.emit(AktEdit(**present, **extra), event="akt.edit")

    def akt_delete(
        self,
        *,
        id: ActId,
        did: DealId | None = None,
        autor: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        **extra: Any,
    ) -> str:
        "Emit `akt.delete`: An act was deleted. Returns the event id."
        fields: dict[str, Any] = {
            "id": id,
            "did": did,
            "autor": autor,
            "event": event,
            "identity": identity,
            "iduser1": iduser1,
        }
        present = {key: value for key, value in fields.items() if value is not None}
        return self.emit(AktDelete(**present, **extra), event="akt.delete")
