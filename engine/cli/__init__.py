"""The ``sopflow`` command (:mod:`.commands`) and its groups of subcommands."""

from .commands import main as main
