"""Happenings: event mentions from different articles that report the same occurrence, linked."""

from dotterel.happenings.linker import Linker, Report, compatible, outlet

__all__ = ["Linker", "Report", "compatible", "outlet"]
