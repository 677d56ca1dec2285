"""Put many small objects straight into moto's S3 backend: through the API,
100,000 PutObject calls would take many minutes."""

import datetime

from moto.core import DEFAULT_ACCOUNT_ID
from moto.core.utils import utcnow
from moto.s3.models import FakeKey, s3_backends

SPREAD = datetime.timedelta(days=90)  # last-modified times reach this far back


def _csv_text(length: int) -> bytes:
    header = b"order_id,shipped_at,sku,quantity,unit_price\n"
    rows = bytearray(header)
    n = 0
    while len(rows) < length:
        n += 1
        rows += b"%08d,2026-11-%02dT%02d:%02d:00Z,SKU-%05d,%d,%d.%02d\n" % (
            n,
            n % 28 + 1,
            n % 24,
            n % 60,
            n * 37 % 100000,
            n % 50 + 1,
            n % 900 + 10,
            n % 100,
        )
    return bytes(rows[:length])


def create_objects(bucket: str, prefix: str, count: int, size: int) -> dict:
    """Keys <prefix>file-000001.csv ... with sizes between size/2 and 3*size/2
    and last-modified times spread over SPREAD, the newest last."""
    target = s3_backends[DEFAULT_ACCOUNT_ID]["aws"].buckets.get(bucket)
    if target is None:
        raise LookupError(f"no such bucket: {bucket}")
    content = _csv_text(size + size // 2 + 1)
    width = max(6, len(str(count)))
    now = utcnow()
    step = SPREAD / max(count, 1)
    for i in range(1, count + 1):
        name = f"{prefix}file-{i:0{width}d}.csv"
        key = FakeKey(
            name=name,
            value=content[: size // 2 + (i * 7919) % (size + 1)],
            account_id=DEFAULT_ACCOUNT_ID,
            region_name=target.region_name,
            bucket_name=bucket,
        )
        key.last_modified = now - step * (count - i)
        target.keys[name] = key
    return {"bucket": bucket, "prefix": prefix, "count": count}
