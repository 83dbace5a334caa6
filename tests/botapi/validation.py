"""Structural checks of call parameters against the spec, as the Bot API server does them.

The real server flattens every request (query string, form or JSON body) into string
arguments and parses each one by its declared type: numbers from decimal text, booleans from
`true`/`false`, objects and arrays from JSON text. We do the same, so a client that sends the
wrong shape fails here exactly as it would in production.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from tests.botapi.errors import bad_request
from tests.botapi.spec import ApiSpec, Field, MethodSpec

_INTEGER = re.compile(r"[+-]?\d+")
_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}
# The server words some failures specially; everything else gets a generic description.
_MISSING = {"chat_id": "chat_id is empty", "text": "message text is empty"}
_UNPARSABLE = {
    "reply_markup": "can't parse reply keyboard markup JSON object",
    "entities": "can't parse entities JSON object",
    "caption_entities": "can't parse entities JSON object",
}


@dataclass(frozen=True, slots=True)
class UploadedFile:
    """A file part of a multipart request."""

    filename: str
    content: bytes
    mimetype: str = "application/octet-stream"


class _Mismatch(Exception):
    """Internal: the value does not fit the declared type; carries the reason."""


def wire_text(value: Any) -> Any:
    """Return the string form the server sees for a top-level argument."""
    if isinstance(value, str | UploadedFile):
        return value
    return json.dumps(value)


def validate_params(spec: ApiSpec, method: MethodSpec, params: dict[str, Any]) -> dict[str, Any]:
    """Check `params` against `method` and return them decoded to Python values."""
    decoded: dict[str, Any] = {}
    for field in method.fields.values():
        if field.name not in params or params[field.name] is None:
            if field.required:
                missing = _MISSING.get(field.name, f'parameter "{field.name}" is required')
                raise bad_request(missing)
            continue
        raw = wire_text(params[field.name])
        try:
            decoded[field.name] = _parse_top_level(spec, field, raw)
        except _Mismatch as err:
            prefix = _UNPARSABLE.get(field.name, f'invalid parameter "{field.name}"')
            raise bad_request(f"{prefix}: {err}") from None
    # Unknown parameters are silently ignored by the server; we do the same.
    return decoded


def _parse_top_level(spec: ApiSpec, field: Field, raw: str | UploadedFile) -> Any:
    errors = []
    for type_expr in field.types:
        try:
            return _parse_wire(spec, type_expr, raw)
        except _Mismatch as err:
            errors.append(str(err))
    raise _Mismatch("; ".join(errors))


def _parse_wire(spec: ApiSpec, type_expr: str, raw: str | UploadedFile) -> Any:
    if type_expr == "InputFile":
        if isinstance(raw, UploadedFile):
            return raw
        raise _Mismatch("expected an uploaded file")
    if isinstance(raw, UploadedFile):
        raise _Mismatch(f"expected {type_expr}, got a file")
    if type_expr == "String":
        return raw
    if type_expr == "Integer":
        if _INTEGER.fullmatch(raw.strip()):
            return int(raw)
        raise _Mismatch(f"expected Integer, got {raw!r}")
    if type_expr == "Float":
        try:
            return float(raw)
        except ValueError:
            raise _Mismatch(f"expected Float, got {raw!r}") from None
    if type_expr in ("Boolean", "True"):
        value = _BOOLEANS.get(raw.strip().lower())
        if value is None or (type_expr == "True" and not value):
            raise _Mismatch(f"expected {type_expr}, got {raw!r}")
        return value
    try:
        value = json.loads(raw)
    except ValueError:
        raise _Mismatch(f"can't parse {type_expr} JSON object") from None
    return check_value(spec, type_expr, value)


def check_value(spec: ApiSpec, type_expr: str, value: Any, path: str = "") -> Any:
    """Check a JSON value nested in an object or array; return it unchanged when it fits."""
    where = f" at {path}" if path else ""
    if type_expr.startswith("Array of "):
        if not isinstance(value, list):
            raise _Mismatch(f"expected {type_expr}{where}")
        inner = type_expr.removeprefix("Array of ")
        return [check_value(spec, inner, item, f"{path}[{i}]") for i, item in enumerate(value)]
    if type_expr in ("Integer", "Float"):
        # bool is an int subclass in Python but not a number in JSON.
        numeric = (int,) if type_expr == "Integer" else (int, float)
        if isinstance(value, bool) or not isinstance(value, numeric):
            raise _Mismatch(f"expected {type_expr}{where}, got {json.dumps(value)}")
        return value
    if type_expr in ("Boolean", "True"):
        if not isinstance(value, bool) or (type_expr == "True" and not value):
            raise _Mismatch(f"expected {type_expr}{where}, got {json.dumps(value)}")
        return value
    if type_expr == "String":
        if not isinstance(value, str):
            raise _Mismatch(f"expected String{where}, got {json.dumps(value)}")
        return value
    if type_expr == "InputFile":
        if isinstance(value, str) and value.startswith("attach://"):
            return value
        raise _Mismatch(f"expected attach:// reference{where}")
    return _check_object(spec, type_expr, value, path)


def _check_object(spec: ApiSpec, type_name: str, value: Any, path: str) -> dict[str, Any]:
    type_spec = spec.types[type_name]
    where = f" at {path}" if path else ""
    if not isinstance(value, dict):
        raise _Mismatch(f"expected {type_name} object{where}")
    if type_spec.subtypes:
        return _check_object(spec, _pick_subtype(spec, type_name, value, path), value, path)
    for field in type_spec.fields.values():
        if field.name not in value:
            if field.required:
                raise _Mismatch(f'field "{field.name}" of {type_name} is missing{where}')
            continue
        fixed = type_spec.fixed_value(field.name)
        if fixed is not None and value[field.name] != fixed:
            raise _Mismatch(f'field "{field.name}" of {type_name} must be "{fixed}"{where}')
        _check_union(spec, field, value[field.name], f"{path}.{field.name}".lstrip("."))
    return value


def _check_union(spec: ApiSpec, field: Field, value: Any, path: str) -> None:
    errors = []
    for type_expr in field.types:
        try:
            check_value(spec, type_expr, value, path)
            return
        except _Mismatch as err:
            errors.append(str(err))
    raise _Mismatch("; ".join(errors))


def _pick_subtype(spec: ApiSpec, type_name: str, value: dict[str, Any], path: str) -> str:
    """Choose the subtype of a union by its discriminator (`type`, `status`, `source`...)."""
    for sub in spec.types[type_name].subtypes:
        sub_spec = spec.types[sub]
        fixed = {name: sub_spec.fixed_value(name) for name in sub_spec.fields}
        fixed = {name: v for name, v in fixed.items() if v is not None}
        if fixed and all(value.get(name) == v for name, v in fixed.items()):
            return sub
    raise _Mismatch(f"unsupported {type_name}{' at ' + path if path else ''}")
