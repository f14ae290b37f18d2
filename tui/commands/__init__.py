"""The `sitrep` subcommands, one module each; `cli.py` reads the arguments and calls them."""
