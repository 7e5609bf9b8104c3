# DO NOT EDIT: generated from salesman-events.asyncapi.yaml (sha256 183b1eb4032ad5a7) by the generator
"""Spec-independent building blocks of the SDK."""
