"""Checking a YAML file against its declared keys, every problem located.

A file's keys are declared as a pydantic model (theme files in ``contract/themes.py``,
cycle files in ``batch/cycle.py``): each field's type and range, and, with
:func:`key`, the words a problem with it is reported in. :func:`check_keys` validates
the parsed file in one pass and turns each failure into a
:class:`~cscp_analysis.contract.errors.Problem` naming the file, the line (from
:class:`~cscp_analysis.contract.yaml_safe.YamlDoc`), the key and the value as typed:

- a key the model does not declare: ``unknown key 'window_day': did you mean
  rules.window_days? (expected one of …)``;
- a value of the wrong type or out of range: ``'sixty' is not <expected>``, the field's
  own phrase (``expected``), or its own whole ``message``;
- a bad list item: ``'X' is not <each>`` (or ``each_message``);
- a rule across keys (a validator's ``ValueError``): its own message.

Blank values (``key:`` with nothing after it) mean the key's default, as if not given.
"""

from __future__ import annotations

import typing
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    ValidationError,
    model_validator,
)
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError, PydanticUndefined

from cscp_analysis.contract.errors import Problem, unknown_key
from cscp_analysis.contract.names import hidden_character
from cscp_analysis.contract.yaml_safe import YamlDoc

M = TypeVar("M", bound=BaseModel)


def _scalar_text(value: Any) -> Any:
    """A number typed where text is expected is that text (``title: 2024``); lists,
    mappings and yes/no stay what they are, and are refused as not text."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


#: Text typed as a YAML scalar, kept as typed (a leading tab stays: formula safety needs it).
Text = Annotated[str, BeforeValidator(_scalar_text), Strict()]


def _visible(text: str) -> str:
    if hidden_character(text) is not None:
        raise unexpected()
    return text


#: Text that names something (an id): no hidden character (NUL, a right-to-left mark).
VisibleText = Annotated[Text, AfterValidator(_visible)]


#: The declared keys of a YAML mapping: nothing else allowed. (Types are strict where
#: declared: ``Text``, ``StrictInt``; a nested mapping is read from its dict.)
KEYS = ConfigDict(extra="forbid")


def blank_is_default(data: Any) -> Any:
    """A key given no value (``key:``) is as if not given: it takes its default."""
    if isinstance(data, dict):
        return {k: v for k, v in data.items() if v is not None and v != ""}
    return data


class Keys(BaseModel):
    """The declared keys of a YAML mapping (:data:`KEYS`), frozen, a blank value the
    same as none. (A frozen pydantic dataclass with ``config=KEYS`` and the same
    ``blank_is_default`` validator declares keys as well.)"""

    model_config = ConfigDict(**KEYS, frozen=True)

    _blank = model_validator(mode="before")(blank_is_default)


def key(default: Any = PydanticUndefined, expected: str = "", *, message: str | None = None,
        missing: str | None = None, each: str | None = None, each_message: str | None = None,
        **constraints: Any) -> Any:
    """A declared key: its default, what it expects in words, and its constraints.

    ``expected`` completes "'<value>' is not …"; ``message`` replaces that whole
    sentence; ``missing`` is said when a required key is absent (else "key <k> is
    required"); ``each`` / ``each_message`` do the same for one item of a list.
    """
    words = {k: v for k, v in (("message", message), ("missing", missing), ("each", each),
                               ("each_message", each_message)) if v is not None}
    return Field(default, description=expected or None, json_schema_extra=words or None,
                 **constraints)


def unexpected() -> PydanticCustomError:
    """What a validator raises for a value its key's ``expected`` phrase refuses."""
    return PydanticCustomError("unexpected", "not what the key expects")


def _fields(model: Any) -> dict[str, FieldInfo]:
    """The declared keys of a model or a pydantic dataclass ({} for anything else)."""
    return getattr(model, "__pydantic_fields__", None) or {}


def _inner_model(annotation: Any) -> Any:
    """The model a field holds, itself or as the items of a list or tuple."""
    while typing.get_origin(annotation) in (list, tuple, Annotated):
        annotation = typing.get_args(annotation)[0]
    return annotation if isinstance(annotation, type) and _fields(annotation) else None


def _locate(model: type[BaseModel], loc: tuple) -> tuple[type[BaseModel] | None,
                                                        FieldInfo | None, bool]:
    """The model holding the last key of ``loc``, that key's field, and whether the
    problem is with one item of its list (not the key's value as a whole)."""
    owner: type[BaseModel] | None = model
    holder, field, item = model, None, False
    for part in loc:
        if isinstance(part, int):
            item = True
            continue
        if part not in _fields(owner):
            return owner, None, False
        field, item = _fields(owner)[part], False
        holder, owner = owner, _inner_model(field.annotation)
    return holder, field, item


def _problem(model: type[BaseModel], error: dict, doc: YamlDoc | None, label: str) -> Problem:
    loc = tuple(error["loc"])
    kind = error["type"]
    names = [p for p in loc if isinstance(p, str)]
    dotted = ".".join(names)
    line = doc.line(loc) if doc is not None else None
    typed = doc.text(loc) if doc is not None else None
    if typed is None and kind != "missing":
        typed = str(error.get("input"))
    owner, field, item = _locate(model, loc)
    if kind in ("extra_forbidden", "unexpected_keyword_argument", "invalid_key"):
        prefix = ".".join(names[:-1]) + "." if len(names) > 1 else ""
        known = list(_fields(owner))
        return unknown_key(label, str(loc[-1]), known, line, prefix)
    words = (field.json_schema_extra or {}) if field is not None else {}
    if kind == "missing":
        message = words.get("missing") or f"key {dotted} is required"
    elif item and ("each" in words or "each_message" in words):
        message = words.get("each_message") or f"'{typed}' is not {words['each']}"
    elif kind == "value_error":
        message = str(error["ctx"]["error"])
    elif "message" in words:
        message = words["message"]
    elif field is not None and field.description:
        message = f"'{typed}' is not {field.description}"
    else:
        message = f"'{typed}' is not allowed here ({error['msg']})"
    return Problem(label, row=line, column=dotted or None, value=typed, message=message)


def check_keys(model: type[M], data: Any, doc: YamlDoc | None, label: str,
               context: dict | None = None) -> tuple[M | None, list[Problem]]:
    """Validate ``data`` (a parsed YAML mapping) against ``model``: the checked keys, or
    None with every problem, each located by ``doc`` (None: problems name no line)."""
    try:
        return model.model_validate(data, context=context), []
    except ValidationError as exc:
        return None, [_problem(model, e, doc, label) for e in exc.errors()]
