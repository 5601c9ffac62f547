"""Signals of the frameworks app: apps that keep figures computed from a framework listen."""

from django.dispatch import Signal

# Sent after a year's rules changed (weights, bands, indicators): framework=the Framework.
framework_changed = Signal()
