"""sroi: Social Return (SROI) in Dutch public procurement."""

__version__ = "0.1.0"
