"""Textual's own English words (the command palette and its system commands), translated.

Textual writes these itself, so they never pass through ``_()`` in our code: the app asks this
module for them (``SmgovApp.get_system_commands``, ``action_command_palette`` and the palette
key in the footer).
"""

from __future__ import annotations

from textual.app import SystemCommand

from smgov_tui.i18n import _


def palette_placeholder() -> str:
    """The prompt of the empty command palette."""
    return _("Search for commands…")


def palette_key_description() -> str:
    """The footer label of the key that opens the command palette."""
    return _("palette")


def palette_key_tooltip() -> str:
    """The tooltip of that key."""
    return _("Open the command palette")


def _system_texts() -> dict[str, str]:
    """The titles and help lines of Textual 8's system commands (``App.get_system_commands``)."""
    return {
        "Theme": _("Theme"),
        "Change the current theme": _("Change the current theme"),
        "Quit": _("Quit"),
        "Quit the application as soon as possible": _("Quit the application as soon as possible"),
        "Keys": _("Keys"),
        "Show help for the focused widget and a summary of available keys": _(
            "Show help for the focused widget and a summary of available keys"
        ),
        "Hide the keys and widget help panel": _("Hide the keys and widget help panel"),
        "Minimize": _("Minimize"),
        "Minimize the widget and restore to normal size": _(
            "Minimize the widget and restore to normal size"
        ),
        "Maximize": _("Maximize"),
        "Maximize the focused widget": _("Maximize the focused widget"),
        "Screenshot": _("Screenshot"),
        "Save an SVG 'screenshot' of the current screen": _(
            "Save an SVG 'screenshot' of the current screen"
        ),
    }


def translate_system_command(command: SystemCommand) -> SystemCommand:
    """``command`` with its title and help in the interface language (unknown ones unchanged)."""
    texts = _system_texts()
    return command._replace(
        title=texts.get(command.title, command.title),
        help=texts.get(command.help, command.help),
    )
