# DO NOT EDIT: generated from salesman-events.asyncapi.yaml (sha256 0ff15d59f4fb2739) by the generator
"""Fire events: `Emitter` records each event durably, runs in-process handlers, and workers deliver webhooks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from ._runtime.deliver import (
    DEFAULT_CONCURRENCY,
    DEFAULT_MAX_PAYLOAD,
    DEFAULT_OUTBOX,
    EmitterCore,
    RetryPolicy,
    Worker,
    WorkerThread,
)
from ._runtime.outbox import Outbox
from .events import EVENTS
from .handlers import On
from .models import (
    ActId,
    ChangedFields,
    ClientId,
    ClientReassignment,
    ContractId,
    DealId,
    DealReassignment,
    DealStep,
    EmployeeId,
    EntryId,
    EntryStatusCode,
    HistoryId,
    InvoiceId,
    LeadId,
    Money,
    PersonId,
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
        # The keywords given (None is "not given": left out of the JSON), to be validated as ClientImport:
        if clids is not None:
            extra["clids"] = clids
        if pids is not None:
            extra["pids"] = pids
        if autor is not None:
            extra["autor"] = autor
        if user is not None:
            extra["user"] = user
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("client.import", extra)

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
        # The keywords given (None is "not given": left out of the JSON), to be validated as ClientExpressadd:
        if pid is not None:
            extra["pid"] = pid
        if clid is not None:
            extra["clid"] = clid
        if autor is not None:
            extra["autor"] = autor
        if user is not None:
            extra["user"] = user
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("client.expressadd", extra)

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
        # The keywords given (None is "not given": left out of the JSON), to be validated as ClientAdd:
        if clid is not None:
            extra["clid"] = clid
        if autor is not None:
            extra["autor"] = autor
        if user is not None:
            extra["user"] = user
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("client.add", extra)

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
        # The keywords given (None is "not given": left out of the JSON), to be validated as ClientEdit:
        if clid is not None:
            extra["clid"] = clid
        if autor is not None:
            extra["autor"] = autor
        if user is not None:
            extra["user"] = user
        if newparam is not None:
            extra["newparam"] = newparam
        if comment is not None:
            extra["comment"] = comment
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("client.edit", extra)

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
        # The keywords given (None is "not given": left out of the JSON), to be validated as ClientDelete:
        if clid is not None:
            extra["clid"] = clid
        if autor is not None:
            extra["autor"] = autor
        if user is not None:
            extra["user"] = user
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("client.delete", extra)

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
        # The keywords given (None is "not given": left out of the JSON), to be validated as ClientChangeRecv:
        if clid is not None:
            extra["clid"] = clid
        if autor is not None:
            extra["autor"] = autor
        if user is not None:
            extra["user"] = user
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("client.change.recv", extra)

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
        # The keywords given (None is "not given": left out of the JSON), to be validated as ClientChangeUser:
        if clid is not None:
            extra["clid"] = clid
        if autor is not None:
            extra["autor"] = autor
        if user is not None:
            extra["user"] = user
        if olduser is not None:
            extra["olduser"] = olduser
        if newuser is not None:
            extra["newuser"] = newuser
        if comment is not None:
            extra["comment"] = comment
        if info is not None:
            extra["info"] = info
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("client.change.user", extra)

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
        # The keywords given (None is "not given": left out of the JSON), to be validated as PersonAdd:
        if pid is not None:
            extra["pid"] = pid
        if autor is not None:
            extra["autor"] = autor
        if user is not None:
            extra["user"] = user
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("person.add", extra)

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
        # The keywords given (None is "not given": left out of the JSON), to be validated as PersonEdit:
        if pid is not None:
            extra["pid"] = pid
        if autor is not None:
            extra["autor"] = autor
        if user is not None:
            extra["user"] = user
        if newparam is not None:
            extra["newparam"] = newparam
        if comment is not None:
            extra["comment"] = comment
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("person.edit", extra)

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
        # The keywords given (None is "not given": left out of the JSON), to be validated as PersonDelete:
        if pid is not None:
            extra["pid"] = pid
        if autor is not None:
            extra["autor"] = autor
        if user is not None:
            extra["user"] = user
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("person.delete", extra)

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
        # The keywords given (None is "not given": left out of the JSON), to be validated as PersonChangeUser:
        if pid is not None:
            extra["pid"] = pid
        if autor is not None:
            extra["autor"] = autor
        if user is not None:
            extra["user"] = user
        if olduser is not None:
            extra["olduser"] = olduser
        if newuser is not None:
            extra["newuser"] = newuser
        if comment is not None:
            extra["comment"] = comment
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("person.change.user", extra)

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
        # The keywords given (None is "not given": left out of the JSON), to be validated as DealAdd:
        if did is not None:
            extra["did"] = did
        if autor is not None:
            extra["autor"] = autor
        if userUID is not None:
            extra["userUID"] = userUID
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("deal.add", extra)

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
        # The keywords given (None is "not given": left out of the JSON), to be validated as DealEdit:
        if did is not None:
            extra["did"] = did
        if autor is not None:
            extra["autor"] = autor
        if newparam is not None:
            extra["newparam"] = newparam
        if comment is not None:
            extra["comment"] = comment
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("deal.edit", extra)

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
        # The keywords given (None is "not given": left out of the JSON), to be validated as DealDelete:
        if did is not None:
            extra["did"] = did
        if autor is not None:
            extra["autor"] = autor
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("deal.delete", extra)

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
        # The keywords given (None is "not given": left out of the JSON), to be validated as DealChangeUser:
        if did is not None:
            extra["did"] = did
        if autor is not None:
            extra["autor"] = autor
        if olduser is not None:
            extra["olduser"] = olduser
        if newuser is not None:
            extra["newuser"] = newuser
        if comment is not None:
            extra["comment"] = comment
        if info is not None:
            extra["info"] = info
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("deal.change.user", extra)

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
        # The keywords given (None is "not given": left out of the JSON), to be validated as DealChangeStep:
        if did is not None:
            extra["did"] = did
        if autor is not None:
            extra["autor"] = autor
        if stepOld is not None:
            extra["stepOld"] = stepOld
        if stepNew is not None:
            extra["stepNew"] = stepNew
        if comment is not None:
            extra["comment"] = comment
        if reason is not None:
            extra["reason"] = reason
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("deal.change.step", extra)

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
        # The keywords given (None is "not given": left out of the JSON), to be validated as DealClose:
        if did is not None:
            extra["did"] = did
        if autor is not None:
            extra["autor"] = autor
        if summa is not None:
            extra["summa"] = summa
        if status is not None:
            extra["status"] = status
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("deal.close", extra)

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
        # The keywords given (None is "not given": left out of the JSON), to be validated as InvoiceAdd:
        if did is not None:
            extra["did"] = did
        if autor is not None:
            extra["autor"] = autor
        if user is not None:
            extra["user"] = user
        if userUID is not None:
            extra["userUID"] = userUID
        if summa is not None:
            extra["summa"] = summa
        if invoice is not None:
            extra["invoice"] = invoice
        if id is not None:
            extra["id"] = id
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("invoice.add", extra)

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
        # The keywords given (None is "not given": left out of the JSON), to be validated as InvoiceEdit:
        if did is not None:
            extra["did"] = did
        if autor is not None:
            extra["autor"] = autor
        if user is not None:
            extra["user"] = user
        if userUID is not None:
            extra["userUID"] = userUID
        if summa is not None:
            extra["summa"] = summa
        if invoice is not None:
            extra["invoice"] = invoice
        if newparam is not None:
            extra["newparam"] = newparam
        if comment is not None:
            extra["comment"] = comment
        if id is not None:
            extra["id"] = id
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("invoice.edit", extra)

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
        # The keywords given (None is "not given": left out of the JSON), to be validated as InvoiceDoit:
        if did is not None:
            extra["did"] = did
        if autor is not None:
            extra["autor"] = autor
        if userUID is not None:
            extra["userUID"] = userUID
        if invoice is not None:
            extra["invoice"] = invoice
        if summa is not None:
            extra["summa"] = summa
        if summaNew is not None:
            extra["summaNew"] = summaNew
        if id is not None:
            extra["id"] = id
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("invoice.doit", extra)

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
        # The keywords given (None is "not given": left out of the JSON), to be validated as InvoiceExpressadd:
        if did is not None:
            extra["did"] = did
        if autor is not None:
            extra["autor"] = autor
        if userUID is not None:
            extra["userUID"] = userUID
        if invoice is not None:
            extra["invoice"] = invoice
        if summa is not None:
            extra["summa"] = summa
        if summaNew is not None:
            extra["summaNew"] = summaNew
        if id is not None:
            extra["id"] = id
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("invoice.expressadd", extra)

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
        # The keywords given (None is "not given": left out of the JSON), to be validated as TaskAdd:
        if id is not None:
            extra["id"] = id
        if autor is not None:
            extra["autor"] = autor
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("task.add", extra)

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
        # The keywords given (None is "not given": left out of the JSON), to be validated as TaskEdit:
        if id is not None:
            extra["id"] = id
        if autor is not None:
            extra["autor"] = autor
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("task.edit", extra)

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
        # The keywords given (None is "not given": left out of the JSON), to be validated as TaskDoit:
        if id is not None:
            extra["id"] = id
        if autor is not None:
            extra["autor"] = autor
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("task.doit", extra)

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
        # The keywords given (None is "not given": left out of the JSON), to be validated as HistoryAdd:
        if id is not None:
            extra["id"] = id
        if autor is not None:
            extra["autor"] = autor
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("history.add", extra)

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
        # The keywords given (None is "not given": left out of the JSON), to be validated as HistoryEdit:
        if id is not None:
            extra["id"] = id
        if autor is not None:
            extra["autor"] = autor
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("history.edit", extra)

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
        # The keywords given (None is "not given": left out of the JSON), to be validated as HistoryDoit:
        if id is not None:
            extra["id"] = id
        if autor is not None:
            extra["autor"] = autor
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("history.doit", extra)

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
        # The keywords given (None is "not given": left out of the JSON), to be validated as LeadDo:
        if id is not None:
            extra["id"] = id
        if autor is not None:
            extra["autor"] = autor
        if clid is not None:
            extra["clid"] = clid
        if pid is not None:
            extra["pid"] = pid
        if did is not None:
            extra["did"] = did
        if coordinator is not None:
            extra["coordinator"] = coordinator
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("lead.do", extra)

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
        # The keywords given (None is "not given": left out of the JSON), to be validated as EntryAdd:
        if id is not None:
            extra["id"] = id
        if clid is not None:
            extra["clid"] = clid
        if pid is not None:
            extra["pid"] = pid
        if did is not None:
            extra["did"] = did
        if autor is not None:
            extra["autor"] = autor
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("entry.add", extra)

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
        # The keywords given (None is "not given": left out of the JSON), to be validated as EntryStatus:
        if id is not None:
            extra["id"] = id
        if autor is not None:
            extra["autor"] = autor
        if status is not None:
            extra["status"] = status
        if userUID is not None:
            extra["userUID"] = userUID
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("entry.status", extra)

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
        # The keywords given (None is "not given": left out of the JSON), to be validated as ContractAdd:
        if id is not None:
            extra["id"] = id
        if number is not None:
            extra["number"] = number
        if datum is not None:
            extra["datum"] = datum
        if payer is not None:
            extra["payer"] = payer
        if clid is not None:
            extra["clid"] = clid
        if pid is not None:
            extra["pid"] = pid
        if did is not None:
            extra["did"] = did
        if autor is not None:
            extra["autor"] = autor
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("contract.add", extra)

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
        # The keywords given (None is "not given": left out of the JSON), to be validated as ContractEdit:
        if id is not None:
            extra["id"] = id
        if number is not None:
            extra["number"] = number
        if datum is not None:
            extra["datum"] = datum
        if payer is not None:
            extra["payer"] = payer
        if clid is not None:
            extra["clid"] = clid
        if pid is not None:
            extra["pid"] = pid
        if did is not None:
            extra["did"] = did
        if autor is not None:
            extra["autor"] = autor
        if newparam is not None:
            extra["newparam"] = newparam
        if comment is not None:
            extra["comment"] = comment
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("contract.edit", extra)

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
        # The keywords given (None is "not given": left out of the JSON), to be validated as ContractDelete:
        if id is not None:
            extra["id"] = id
        if did is not None:
            extra["did"] = did
        if autor is not None:
            extra["autor"] = autor
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("contract.delete", extra)

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
        # The keywords given (None is "not given": left out of the JSON), to be validated as AktAdd:
        if id is not None:
            extra["id"] = id
        if number is not None:
            extra["number"] = number
        if datum is not None:
            extra["datum"] = datum
        if payer is not None:
            extra["payer"] = payer
        if clid is not None:
            extra["clid"] = clid
        if pid is not None:
            extra["pid"] = pid
        if did is not None:
            extra["did"] = did
        if autor is not None:
            extra["autor"] = autor
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("akt.add", extra)

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
        # The keywords given (None is "not given": left out of the JSON), to be validated as AktEdit:
        if id is not None:
            extra["id"] = id
        if number is not None:
            extra["number"] = number
        if datum is not None:
            extra["datum"] = datum
        if payer is not None:
            extra["payer"] = payer
        if clid is not None:
            extra["clid"] = clid
        if pid is not None:
            extra["pid"] = pid
        if did is not None:
            extra["did"] = did
        if autor is not None:
            extra["autor"] = autor
        if newparam is not None:
            extra["newparam"] = newparam
        if comment is not None:
            extra["comment"] = comment
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("akt.edit", extra)

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
        # The keywords given (None is "not given": left out of the JSON), to be validated as AktDelete:
        if id is not None:
            extra["id"] = id
        if did is not None:
            extra["did"] = did
        if autor is not None:
            extra["autor"] = autor
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("akt.delete", extra)
