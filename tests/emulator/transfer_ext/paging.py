"""MaxResults/NextToken pagination with opaque tokens, as Transfer's List* do."""

import base64
import json

from .errors import InvalidNextToken

DEFAULT_MAX_RESULTS = 1000


def page(items: list, params: dict) -> tuple[list, str | None]:
    """One page of `items` and the token for the next one (None at the end)."""
    start = _decode(params["NextToken"]) if params.get("NextToken") else 0
    end = start + (params.get("MaxResults") or DEFAULT_MAX_RESULTS)
    return items[start:end], (_encode(end) if end < len(items) else None)


def with_token(result: dict, token: str | None) -> dict:
    if token:
        result["NextToken"] = token
    return result


def _encode(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"offset": offset}).encode()).decode()


def _decode(token: str) -> int:
    try:
        offset = json.loads(base64.urlsafe_b64decode(token.encode()))["offset"]
    except (ValueError, KeyError, TypeError):
        raise InvalidNextToken() from None
    if not isinstance(offset, int) or offset < 0:
        raise InvalidNextToken()
    return offset
