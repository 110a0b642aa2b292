"""Reading the package's YAML files safely: audit.yaml, theme files and cycle files.

One loader for all three, built on PyYAML's safe loader, with what a hostile or
broken file needs refused as a located problem instead of a crash or a hang:

- a file larger than :data:`MAX_BYTES`, or that is not a regular file (a FIFO or a
  device would block or never end), or not UTF-8 text;
- aliases and anchors (``&a`` / ``*a``): none of our files needs them, and an alias
  "bomb" of a few lines expands to gigabytes;
- nesting deeper than :data:`MAX_DEPTH` (our deepest file, a theme, nests 5 levels);
- a key given twice in one mapping (YAML itself would silently keep the last);
- a tag that names a Python object, more than one document, a whole number too long
  to read.

Dates stay the text typed (``2023-13-01`` is then located by whoever checks the key,
not a crash in the loader). Alongside the data, :class:`YamlDoc` keeps the line and the
text typed of every key and list item, so a problem found later can name them.
"""

from __future__ import annotations

import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from cscp_analysis.contract.errors import Problem

#: The largest YAML file read (our largest, a built-in theme, is under 10 KB).
MAX_BYTES = 1_000_000
#: The deepest nesting of mappings and lists read.
MAX_DEPTH = 20

Path_ = tuple[Any, ...]  # keys (text) and list positions (int) from the document's root


class _Refused(yaml.YAMLError):
    """A part of the YAML language these files may not use; ``mark`` is where."""

    def __init__(self, message: str, mark):
        super().__init__(message)
        self.problem, self.problem_mark = message, mark


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader without aliases, anchors or deep nesting; dates kept as text."""

    depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(f"an alias (*{event.anchor}) is not allowed here: write the "
                           "value out in full", event.start_mark)
        if getattr(event, "anchor", None) is not None:
            raise _Refused(f"an anchor (&{event.anchor}) is not allowed here: write each "
                           "value out in full", event.start_mark)
        if isinstance(event, yaml.CollectionStartEvent):
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise _Refused(f"nested more than {MAX_DEPTH} levels deep, the limit",
                               event.start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            if isinstance(event, yaml.CollectionStartEvent):
                self.depth -= 1

    def construct_mapping(self, node, deep=False):
        """Keys are the text typed (``1:`` and ``yes:`` are the keys '1' and 'yes');
        a merge key (``<<``) is an ordinary, unknown key."""
        mapping = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                raise _Refused("a key must be text, not a list or mapping", key.start_mark)
            mapping[key.value] = self.construct_object(value, deep=deep)
        return mapping

    def construct_yaml_int(self, node):
        try:
            return super().construct_yaml_int(node)
        except ValueError:  # more digits than Python converts (4,300)
            raise _Refused("a number too long to read", node.start_mark) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp",
                        lambda loader, node: loader.construct_scalar(node))
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)


@dataclass(frozen=True)
class YamlDoc:
    """A YAML file's data, with the line and the text typed of each key and list item."""

    label: str  # how problems name the file
    data: Any
    lines: Mapping[Path_, int]  # 1-based line of each key (in a mapping) or list item
    typed: Mapping[Path_, str]  # the value as typed: a scalar's text, or a list in brackets

    def line(self, path: Path_) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None

    def text(self, path: Path_) -> str | None:
        """The value at ``path`` as typed (None where nothing was typed there)."""
        return self.typed.get(tuple(path))


#: The longest value quoted in a problem; longer ones are cut, with "…".
SHOWN_CHARS = 80


def _shown(node: yaml.Node) -> str:
    """A value as the person typed it: a scalar's own text, a list or mapping in one line."""
    if isinstance(node, yaml.ScalarNode):
        text = node.value
    elif isinstance(node, yaml.SequenceNode):
        text = "[" + ", ".join(_shown(n) for n in node.value[:SHOWN_CHARS]) + "]"
    else:
        text = "{" + ", ".join(f"{_shown(k)}: {_shown(v)}"
                               for k, v in node.value[:SHOWN_CHARS]) + "}"
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def _walk(node: yaml.Node, path: Path_, doc: dict, label: str, problems: list[Problem]) -> None:
    """Record lines and typed text below ``node``; every key given twice is a problem.

    Of a key given twice, the last is recorded: it is the value YAML reads."""
    if isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            doc["lines"][(*path, i)] = item.start_mark.line + 1
            doc["typed"][(*path, i)] = _shown(item)
            _walk(item, (*path, i), doc, label, problems)
    elif isinstance(node, yaml.MappingNode):
        first: dict[str, int] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                continue  # the constructor refuses it, located
            name, line = key.value, key.start_mark.line + 1
            dotted = ".".join(str(p) for p in (*path, name) if isinstance(p, str))
            if name in first:
                problems.append(Problem(label, row=line, column=dotted, value=name,
                                        message=f"key '{dotted}' is given twice (also line "
                                        f"{first[name]}): keep one"))
            first[name] = line
            doc["lines"][(*path, name)] = line
            doc["typed"][(*path, name)] = _shown(value)
            _walk(value, (*path, name), doc, label, problems)


#: How a file that cannot be read as YAML is reported, unless the caller says otherwise.
NOT_YAML = "{problem} (not valid YAML)"


def _syntax_problem(exc: yaml.YAMLError, label: str, unreadable: str) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    what = getattr(exc, "problem", None) or "not valid YAML"
    context = getattr(exc, "context", None)
    if context and not context.startswith("while"):  # "expected a single document …"
        what = f"{context}, {what}"
    return Problem(label, row=mark.line + 1 if mark is not None else None,
                   message=unreadable.format(problem=what))


def parse_yaml(text: str, label: str, unreadable: str = NOT_YAML
               ) -> tuple[YamlDoc | None, list[Problem]]:
    """Parse YAML text; the document, or None with the problems that stop it being read.

    ``unreadable`` words a problem that stops the file being read, ``{problem}``
    standing for what is wrong (PyYAML's words, or a refusal above). A key given
    twice is a problem, but the document is still returned (with the last value, as
    YAML reads it) so the rest of the file can be checked too.
    """
    if len(text) > MAX_BYTES:
        return None, [Problem(label, message=f"the file is larger than {MAX_BYTES:,} bytes "
                              "(the limit for a YAML file)")]
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDoc(label, None, {}, {}), []
        doc: dict = {"lines": {}, "typed": {}}
        problems: list[Problem] = []
        _walk(node, (), doc, label, problems)
        data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        return None, [_syntax_problem(exc, label, unreadable)]
    finally:
        loader.dispose()
    return YamlDoc(label, data, doc["lines"], doc["typed"]), problems


def read_yaml(path: str | Path, label: str | None = None, unreadable: str = NOT_YAML
              ) -> tuple[YamlDoc | None, list[Problem]]:
    """Read a YAML file (see :func:`parse_yaml`); ``label`` names it in problems
    (default: its file name). A missing file is a problem too."""
    path = Path(path)
    label = path.name if label is None else label
    try:
        info = path.stat()
    except FileNotFoundError:
        return None, [Problem(label, message=f"{path} does not exist")]
    except OSError as exc:
        return None, [Problem(label, message=f"cannot be read ({exc.strerror})")]
    if not stat.S_ISREG(info.st_mode):
        return None, [Problem(label, message="is not a regular file (a folder, device or "
                              "pipe cannot be read as YAML)")]
    if info.st_size > MAX_BYTES:
        return None, [Problem(label, message=f"the file is larger than {MAX_BYTES:,} bytes "
                              "(the limit for a YAML file)")]
    with path.open("rb") as f:
        data = f.read(MAX_BYTES + 1)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [Problem(label, row=data[: exc.start].count(b"\n") + 1,
                              message="the file is not UTF-8 text: save it as UTF-8")]
    return parse_yaml(text, label, unreadable)
