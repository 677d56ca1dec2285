"""TagResource, UntagResource and ListTagsForResource for servers and users
(moto 5.2.5 has none of them)."""

import json

from . import paging
from .errors import InvalidRequest, ResourceNotFound

# AWS's limits beyond the API model's lengths: at most 50 tags a resource,
# and keys under aws: belong to AWS, but for the two Transfer Family reads.
MAX_TAGS = 50
TRANSFER_KEYS = ("aws:transfer:customHostname", "aws:transfer:route53HostedZoneId")


def _check_keys(keys) -> None:
    for key in keys:
        if key.lower().startswith("aws:") and key not in TRANSFER_KEYS:
            raise InvalidRequest(f"Tag keys starting with 'aws:' are reserved for AWS use: {key}")


def _resource(backend, arn: str):
    for server in backend.servers.values():
        if server.arn == arn:
            return server
        for user in server._users:
            if user.arn == arn:
                return user
    raise ResourceNotFound("Unknown resource", arn, "Resource")


class TagResponses:
    """Methods grafted onto moto's TransferResponse."""

    def tag_resource(self) -> str:
        p = json.loads(self.body)
        resource = _resource(self.transfer_backend, p["Arn"])
        new = {t["Key"]: t["Value"] for t in p["Tags"]}
        _check_keys(new)
        kept = [t for t in resource.tags if t["Key"] not in new]
        if len(kept) + len(new) > MAX_TAGS:
            raise InvalidRequest(f"A resource can have at most {MAX_TAGS} tags")
        resource.tags = kept + [{"Key": k, "Value": v} for k, v in new.items()]
        return "{}"

    def untag_resource(self) -> str:
        p = json.loads(self.body)
        resource = _resource(self.transfer_backend, p["Arn"])
        _check_keys(p["TagKeys"])
        resource.tags = [t for t in resource.tags if t["Key"] not in p["TagKeys"]]
        return "{}"

    def list_tags_for_resource(self) -> str:
        p = json.loads(self.body)
        resource = _resource(self.transfer_backend, p["Arn"])
        chunk, token = paging.page(resource.tags, p)
        return json.dumps(paging.with_token({"Arn": p["Arn"], "Tags": chunk}, token))
