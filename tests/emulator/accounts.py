"""Which account a request's access key belongs to, and the keys AWS would
not recognise.

moto takes the account from the access key: a key created through IAM in
another account (`x-moto-account-id` on CreateAccessKey) makes every call
signed with it land in that account, and any other key means moto's default
account. The emulator keeps that convenience for keys that are not in AWS's
format (`testing`, `demo`) and for AWS's documented example key, but a key
in AWS's format (`AKIA` + 16 letters or digits) that no account issued is
refused as AWS refuses it: a profile with a wrong key fails the way it
would against AWS."""

import re

from moto.core import DEFAULT_ACCOUNT_ID
from moto.iam.models import iam_backends
from moto.utilities.utils import PARTITION_NAMES

# Long-term IAM user keys; temporary (ASIA) keys come from STS and are left alone.
ISSUED_KEY = re.compile(r"^AKIA[A-Z0-9]{16}$")
# AWS's example key in its documentation: the default account's, as ever.
EXAMPLE_KEY = "AKIAIOSFODNN7EXAMPLE"


def account_of(access_key: str) -> str | None:
    """The account the key belongs to; None for a key AWS would not know."""
    for account_id, account in list(iam_backends.items()):
        for partition in PARTITION_NAMES:
            if access_key in account[partition].access_keys:
                return account_id
    if ISSUED_KEY.match(access_key) and access_key != EXAMPLE_KEY:
        return None
    return DEFAULT_ACCOUNT_ID
