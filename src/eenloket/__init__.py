"""Eenloket: one system for a municipality's whole service delivery."""

__version__ = "0.1.0"
