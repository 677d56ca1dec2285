"""Check requests against the API model botocore ships (required members,
enums, lengths, ranges, patterns) and answer as AWS's front end does: one
ValidationException listing every failed constraint."""

import functools
import json

import botocore.session
import regex  # the model's patterns use \p{...} classes that `re` lacks
from botocore.model import OperationNotFoundError

from .errors import SerializationError, ValidationError

REDACTED = "*** Sensitive Data Redacted ***"
_PYTHON_TYPES = {
    "structure": dict,
    "map": dict,
    "list": list,
    "string": str,
    "integer": int,
    "long": int,
    "boolean": bool,
    "double": (int, float),
    "float": (int, float),
    "timestamp": (int, float, str),
    "blob": str,
}


@functools.lru_cache(maxsize=None)
def service_model():
    return botocore.session.get_session().get_service_model("transfer")


def input_members(operation: str) -> set[str]:
    return set(service_model().operation_model(operation).input_shape.members)


def validate(operation: str, body: str) -> None:
    """Raise the error AWS would answer a request body with, if any."""
    try:
        params = json.loads(body or "{}")
    except ValueError:
        raise SerializationError("The request body is not valid JSON") from None
    try:
        shape = service_model().operation_model(operation).input_shape
    except OperationNotFoundError:
        return
    failures: list[str] = []
    if shape is not None:
        _check(shape, params, "", failures)
    if failures:
        s = "s" if len(failures) > 1 else ""
        raise ValidationError(
            f"{len(failures)} validation error{s} detected: " + "; ".join(failures)
        )


def _join(path: str, name: str) -> str:
    name = name[:1].lower() + name[1:]
    return f"{path}.{name}" if path else name


def _show(shape, value) -> str:
    if shape.metadata.get("sensitive"):
        return f"'{REDACTED}'"
    if isinstance(value, list):
        return "'[" + ", ".join(map(str, value)) + "]'"
    return f"'{value}'"


def _check(shape, value, path: str, failures: list[str]) -> None:
    if value is None:
        return
    kind = shape.type_name
    expected = _PYTHON_TYPES.get(kind, object)
    if not isinstance(value, expected) or (isinstance(value, bool) and kind != "boolean"):
        raise SerializationError(f"Unexpected value type at '{path}'")
    meta = shape.metadata

    def fail(constraint: str) -> None:
        failures.append(
            f"Value {_show(shape, value)} at '{path}' failed to satisfy constraint: {constraint}"
        )

    if kind == "structure":
        for name in shape.required_members:
            if value.get(name) is None:
                failures.append(
                    f"Value null at '{_join(path, name)}' failed to satisfy constraint: "
                    "Member must not be null"
                )
        for name, member in shape.members.items():
            _check(member, value.get(name), _join(path, name), failures)
        return
    if kind == "list":
        for i, item in enumerate(value, 1):
            _check(shape.member, item, f"{path}.{i}.member", failures)
    if kind == "map":
        for key, item in value.items():
            _check(shape.value, item, f"{path}.{key}", failures)
    if kind in ("string", "list", "map"):
        if "min" in meta and len(value) < meta["min"]:
            fail(f"Member must have length greater than or equal to {meta['min']}")
        if "max" in meta and len(value) > meta["max"]:
            fail(f"Member must have length less than or equal to {meta['max']}")
    if kind in ("integer", "long"):
        if "min" in meta and value < meta["min"]:
            fail(f"Member must have value greater than or equal to {meta['min']}")
        if "max" in meta and value > meta["max"]:
            fail(f"Member must have value less than or equal to {meta['max']}")
    if "enum" in meta and value not in meta["enum"]:
        fail(f"Member must satisfy enum value set: [{', '.join(meta['enum'])}]")
    if kind == "string" and "pattern" in meta and not regex.fullmatch(meta["pattern"], value):
        fail(f"Member must satisfy regular expression pattern: {meta['pattern']}")
