"""Spec-independent building blocks of the SDK."""
