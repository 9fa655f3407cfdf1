"""Allow ``python -m smgov_tui``."""

from smgov_tui.cli import main

main(prog_name="smgov")  # the name in messages and in shell completion (_SMGOV_COMPLETE)
