"""The record classes as msgspec reads them."""

from __future__ import annotations

import msgspec

from smgov_tui.core import records as r


def _record_classes() -> list[type[msgspec.Struct]]:
    found: list[type[msgspec.Struct]] = []
    todo: list[type[msgspec.Struct]] = [r.Record]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


def test_record_annotations_are_objects_not_strings() -> None:
    # msgspec compiles and evaluates a string annotation on a class's first conversion, once per
    # field and per process: a postponed-annotations import in records.py made every
    # `smgov check` do it some 330 times before reading its first record.
    classes = [c for c in _record_classes() if c.__module__ == r.__name__]
    assert len(classes) > 20
    strings = [
        f"{cls.__name__}.{name}"
        for cls in classes
        for name, annotation in vars(cls).get("__annotations__", {}).items()
        if isinstance(annotation, str)
    ]
    assert strings == []
