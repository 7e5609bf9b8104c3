# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""Fire events: `Emitter` records each event durably, runs in-process handlers, and workers deliver webhooks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from ._runtime.deliver import (
    DEFAULT_CONCURRENCY,
    DEFAULT_MAX_PAYLOAD,
    DEFAULT_OUTBOX,
    DEFAULT_RETENTION_SECONDS,
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
    LocalDateTime,
    Money,
    PersonId,
    TaskId,
    TenantId,
)

if TYPE_CHECKING:
    from psycopg import Connection

__all__ = ["Emitter"]


class Emitter(EmitterCore):
    """`emitter.deal_close(did=..., summa=...)` returns the event id once the event is committed.

    With `deliver=True` (the default) a background thread delivers the webhooks (and removes what was delivered
    more than `retention` seconds ago); with `deliver=False` run `salesman-events worker` processes instead.
    Every typed method takes `connection=`: a psycopg connection of the application's own PostgreSQL database
    (outbox `postgresql://…`), through which the event is written inside the transaction open on it; it exists if,
    and when, that transaction commits.
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
        retention: float | None = DEFAULT_RETENTION_SECONDS,
    ) -> None:
        super().__init__(EVENTS, outbox=outbox, max_payload=max_payload)
        self.on = On(self)
        self.worker: WorkerThread | None = None
        if deliver:
            worker = Worker(self.outbox, concurrency=concurrency, policy=retry, allow=allow, retention=retention)
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
        connection: Connection[Any] | None = None,
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
        return self.emit_fields("client.import", extra, connection)

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
        connection: Connection[Any] | None = None,
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
        return self.emit_fields("client.expressadd", extra, connection)

    def client_add(
        self,
        *,
        clid: ClientId,
        autor: EmployeeId | None = None,
        user: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        connection: Connection[Any] | None = None,
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
        return self.emit_fields("client.add", extra, connection)

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
        connection: Connection[Any] | None = None,
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
        return self.emit_fields("client.edit", extra, connection)

    def client_delete(
        self,
        *,
        clid: ClientId,
        autor: EmployeeId | None = None,
        user: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        connection: Connection[Any] | None = None,
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
        return self.emit_fields("client.delete", extra, connection)

    def client_change_recv(
        self,
        *,
        clid: ClientId,
        autor: EmployeeId | None = None,
        user: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        connection: Connection[Any] | None = None,
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
        return self.emit_fields("client.change.recv", extra, connection)

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
        connection: Connection[Any] | None = None,
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
        return self.emit_fields("client.change.user", extra, connection)

    def person_add(
        self,
        *,
        pid: PersonId,
        autor: EmployeeId | None = None,
        user: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        connection: Connection[Any] | None = None,
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
        return self.emit_fields("person.add", extra, connection)

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
        connection: Connection[Any] | None = None,
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
        return self.emit_fields("person.edit", extra, connection)

    def person_delete(
        self,
        *,
        pid: PersonId,
        autor: EmployeeId | None = None,
        user: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        connection: Connection[Any] | None = None,
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
        return self.emit_fields("person.delete", extra, connection)

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
        connection: Connection[Any] | None = None,
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
        return self.emit_fields("person.change.user", extra, connection)

    def deal_import(
        self,
        *,
        clids: list[ClientId] | None = None,
        dids: list[DealId] | None = None,
        autor: EmployeeId | None = None,
        user: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        connection: Connection[Any] | None = None,
        **extra: Any,
    ) -> str:
        "Emit `deal.import`: Deals and their clients were imported. Returns the event id."
        # The keywords given (None is "not given": left out of the JSON), to be validated as DealImport:
        if clids is not None:
            extra["clids"] = clids
        if dids is not None:
            extra["dids"] = dids
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
        return self.emit_fields("deal.import", extra, connection)

    def deal_add(
        self,
        *,
        did: DealId,
        autor: EmployeeId | None = None,
        userUID: str | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        connection: Connection[Any] | None = None,
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
        return self.emit_fields("deal.add", extra, connection)

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
        connection: Connection[Any] | None = None,
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
        return self.emit_fields("deal.edit", extra, connection)

    def deal_delete(
        self,
        *,
        did: DealId,
        autor: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        connection: Connection[Any] | None = None,
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
        return self.emit_fields("deal.delete", extra, connection)

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
        connection: Connection[Any] | None = None,
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
        return self.emit_fields("deal.change.user", extra, connection)

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
        connection: Connection[Any] | None = None,
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
        return self.emit_fields("deal.change.step", extra, connection)

    def deal_change_datum_plan(
        self,
        *,
        did: DealId,
        autor: EmployeeId | None = None,
        olddate: date | None | str = None,
        newdate: str | None = None,
        comment: str | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        connection: Connection[Any] | None = None,
        **extra: Any,
    ) -> str:
        "Emit `deal.change.datum_plan`: The planned date of a deal was changed. Returns the event id."
        # The keywords given (None is "not given": left out of the JSON), to be validated as DealChangeDatumPlan:
        if did is not None:
            extra["did"] = did
        if autor is not None:
            extra["autor"] = autor
        if olddate is not None:
            extra["olddate"] = olddate
        if newdate is not None:
            extra["newdate"] = newdate
        if comment is not None:
            extra["comment"] = comment
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("deal.change.datum_plan", extra, connection)

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
        connection: Connection[Any] | None = None,
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
        return self.emit_fields("deal.close", extra, connection)

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
        connection: Connection[Any] | None = None,
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
        return self.emit_fields("invoice.add", extra, connection)

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
        connection: Connection[Any] | None = None,
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
        return self.emit_fields("invoice.edit", extra, connection)

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
        connection: Connection[Any] | None = None,
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
        return self.emit_fields("invoice.doit", extra, connection)

    def invoice_undoit(
        self,
        *,
        id: InvoiceId,
        did: DealId | None = None,
        autor: EmployeeId | None = None,
        userUID: str | None = None,
        invoice: str | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        connection: Connection[Any] | None = None,
        **extra: Any,
    ) -> str:
        "Emit `invoice.undoit`: The payment of an invoice was cancelled. Returns the event id."
        # The keywords given (None is "not given": left out of the JSON), to be validated as InvoiceUndoit:
        if id is not None:
            extra["id"] = id
        if did is not None:
            extra["did"] = did
        if autor is not None:
            extra["autor"] = autor
        if userUID is not None:
            extra["userUID"] = userUID
        if invoice is not None:
            extra["invoice"] = invoice
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("invoice.undoit", extra, connection)

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
        connection: Connection[Any] | None = None,
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
        return self.emit_fields("invoice.expressadd", extra, connection)

    def invoice_delete(
        self,
        *,
        id: InvoiceId,
        did: DealId | None = None,
        autor: EmployeeId | None = None,
        userUID: str | None = None,
        invoice: str | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        connection: Connection[Any] | None = None,
        **extra: Any,
    ) -> str:
        "Emit `invoice.delete`: An invoice was deleted. Returns the event id."
        # The keywords given (None is "not given": left out of the JSON), to be validated as InvoiceDelete:
        if id is not None:
            extra["id"] = id
        if did is not None:
            extra["did"] = did
        if autor is not None:
            extra["autor"] = autor
        if userUID is not None:
            extra["userUID"] = userUID
        if invoice is not None:
            extra["invoice"] = invoice
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("invoice.delete", extra, connection)

    def task_add(
        self,
        *,
        id: TaskId | None = None,
        autor: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        connection: Connection[Any] | None = None,
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
        return self.emit_fields("task.add", extra, connection)

    def task_edit(
        self,
        *,
        id: TaskId,
        autor: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        connection: Connection[Any] | None = None,
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
        return self.emit_fields("task.edit", extra, connection)

    def task_doit(
        self,
        *,
        id: TaskId,
        autor: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        connection: Connection[Any] | None = None,
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
        return self.emit_fields("task.doit", extra, connection)

    def task_remove(
        self,
        *,
        id: TaskId,
        autor: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        connection: Connection[Any] | None = None,
        **extra: Any,
    ) -> str:
        "Emit `task.remove`: A task (reminder) was deleted. Returns the event id."
        # The keywords given (None is "not given": left out of the JSON), to be validated as TaskRemove:
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
        return self.emit_fields("task.remove", extra, connection)

    def history_add(
        self,
        *,
        id: HistoryId,
        autor: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        connection: Connection[Any] | None = None,
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
        return self.emit_fields("history.add", extra, connection)

    def history_edit(
        self,
        *,
        id: HistoryId,
        autor: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        connection: Connection[Any] | None = None,
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
        return self.emit_fields("history.edit", extra, connection)

    def history_doit(
        self,
        *,
        id: HistoryId,
        autor: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        connection: Connection[Any] | None = None,
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
        return self.emit_fields("history.doit", extra, connection)

    def lead_add(
        self,
        *,
        id: LeadId,
        clid: ClientId | None = None,
        pid: PersonId | None = None,
        did: DealId | None = None,
        iduser: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        connection: Connection[Any] | None = None,
        **extra: Any,
    ) -> str:
        "Emit `lead.add`: A lead arrived that no employee is assigned to. Returns the event id."
        # The keywords given (None is "not given": left out of the JSON), to be validated as LeadAdd:
        if id is not None:
            extra["id"] = id
        if clid is not None:
            extra["clid"] = clid
        if pid is not None:
            extra["pid"] = pid
        if did is not None:
            extra["did"] = did
        if iduser is not None:
            extra["iduser"] = iduser
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("lead.add", extra, connection)

    def lead_setuser(
        self,
        *,
        id: LeadId,
        clid: ClientId | None = None,
        pid: PersonId | None = None,
        did: DealId | None = None,
        iduser: EmployeeId | None = None,
        coordinator: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        connection: Connection[Any] | None = None,
        **extra: Any,
    ) -> str:
        "Emit `lead.setuser`: A lead was assigned to an employee. Returns the event id."
        # The keywords given (None is "not given": left out of the JSON), to be validated as LeadSetuser:
        if id is not None:
            extra["id"] = id
        if clid is not None:
            extra["clid"] = clid
        if pid is not None:
            extra["pid"] = pid
        if did is not None:
            extra["did"] = did
        if iduser is not None:
            extra["iduser"] = iduser
        if coordinator is not None:
            extra["coordinator"] = coordinator
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("lead.setuser", extra, connection)

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
        connection: Connection[Any] | None = None,
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
        return self.emit_fields("lead.do", extra, connection)

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
        connection: Connection[Any] | None = None,
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
        return self.emit_fields("entry.add", extra, connection)

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
        connection: Connection[Any] | None = None,
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
        return self.emit_fields("entry.status", extra, connection)

    def contract_add(
        self,
        *,
        id: ContractId,
        number: str | None = None,
        datum: LocalDateTime | None | str = None,
        payer: ClientId | None = None,
        clid: ClientId | None = None,
        pid: PersonId | None = None,
        did: DealId | None = None,
        autor: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        connection: Connection[Any] | None = None,
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
        return self.emit_fields("contract.add", extra, connection)

    def document_add(
        self,
        *,
        id: ContractId,
        number: str | None = None,
        datum: LocalDateTime | None | str = None,
        did: DealId | None = None,
        payer: ClientId | None = None,
        clid: ClientId | None = None,
        pid: PersonId | None = None,
        autor: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        connection: Connection[Any] | None = None,
        **extra: Any,
    ) -> str:
        "Emit `document.add`: A document was added. Returns the event id."
        # The keywords given (None is "not given": left out of the JSON), to be validated as DocumentAdd:
        if id is not None:
            extra["id"] = id
        if number is not None:
            extra["number"] = number
        if datum is not None:
            extra["datum"] = datum
        if did is not None:
            extra["did"] = did
        if payer is not None:
            extra["payer"] = payer
        if clid is not None:
            extra["clid"] = clid
        if pid is not None:
            extra["pid"] = pid
        if autor is not None:
            extra["autor"] = autor
        if event is not None:
            extra["event"] = event
        if identity is not None:
            extra["identity"] = identity
        if iduser1 is not None:
            extra["iduser1"] = iduser1
        return self.emit_fields("document.add", extra, connection)

    def contract_edit(
        self,
        *,
        id: ContractId,
        number: str | None = None,
        datum: LocalDateTime | None | str = None,
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
        connection: Connection[Any] | None = None,
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
        return self.emit_fields("contract.edit", extra, connection)

    def contract_delete(
        self,
        *,
        id: ContractId,
        did: DealId | None = None,
        autor: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        connection: Connection[Any] | None = None,
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
        return self.emit_fields("contract.delete", extra, connection)

    def akt_add(
        self,
        *,
        id: ActId,
        number: str | None = None,
        datum: LocalDateTime | None | str = None,
        payer: ClientId | None = None,
        clid: ClientId | None = None,
        pid: PersonId | None = None,
        did: DealId | None = None,
        autor: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        connection: Connection[Any] | None = None,
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
        return self.emit_fields("akt.add", extra, connection)

    def akt_edit(
        self,
        *,
        id: ActId,
        number: str | None = None,
        datum: LocalDateTime | None | str = None,
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
        connection: Connection[Any] | None = None,
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
        return self.emit_fields("akt.edit", extra, connection)

    def akt_delete(
        self,
        *,
        id: ActId,
        did: DealId | None = None,
        autor: EmployeeId | None = None,
        event: str | None = None,
        identity: TenantId | None = None,
        iduser1: EmployeeId | None = None,
        connection: Connection[Any] | None = None,
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
        return self.emit_fields("akt.delete", extra, connection)
