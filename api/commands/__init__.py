"""Subcommands of `budgetkg`, one module each, each with `register(subparsers)`."""
