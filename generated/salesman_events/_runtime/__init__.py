# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""Spec-independent building blocks of the SDK, one folder per concern. From the bottom up (a folder imports only
from folders below it): `events`, `wire` and `storage`; `outbox`; `receive` and `deliver`; `cli`."""
