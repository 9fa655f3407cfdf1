"""The form's field editors, one per kind of value (a package: ``base`` is what they share,
``simple`` edits one value, ``sequence`` a list, ``nested`` tables and items and picks the
editor for a field).
"""

from smgov_tui.ui.widgets.fields.base import FieldEditor, FormInput, Registry
from smgov_tui.ui.widgets.fields.nested import (
    ItemBox,
    ItemHeader,
    ItemsEditor,
    TableEditor,
    build_editor,
)
from smgov_tui.ui.widgets.fields.sequence import ListEditor, SequenceEditor
from smgov_tui.ui.widgets.fields.simple import (
    BoolEditor,
    CheckList,
    ClockEditor,
    DateEditor,
    IntEditor,
    LongTextEditor,
    MultiEditor,
    SelectEditor,
    TextEditor,
)

__all__ = [
    "BoolEditor",
    "CheckList",
    "ClockEditor",
    "DateEditor",
    "FieldEditor",
    "FormInput",
    "IntEditor",
    "ItemBox",
    "ItemHeader",
    "ItemsEditor",
    "ListEditor",
    "LongTextEditor",
    "MultiEditor",
    "Registry",
    "SelectEditor",
    "SequenceEditor",
    "TableEditor",
    "TextEditor",
    "build_editor",
]
