"""Clients for the registers and services outside Eenloket (BRP, KvK, e-mail, virus
scanner), each with a built-in stand-in for the embedded default and the tests behind
the same interface as the real client."""
