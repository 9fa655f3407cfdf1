"""A record's form: ``form`` the screen, ``saving`` the messages of its save, ``merge`` what
happens when a colleague changed the same record while it was open.
"""

from smgov_tui.ui.screens.edit.form import VALIDATE_DELAY, EditScreen

__all__ = ["VALIDATE_DELAY", "EditScreen"]
