"""``python -m readerlevel``: the command line."""

from readerlevel.cli import main

main()
