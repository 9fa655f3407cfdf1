"""Allow ``python -m smgov_tui``."""

from smgov_tui.cli import main

main()
