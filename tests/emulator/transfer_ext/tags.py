"""TagResource, UntagResource and ListTagsForResource for servers and users
(moto 5.2.5 has none of them)."""

import json

from . import paging
from .errors import ResourceNotFound


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
        resource.tags = [t for t in resource.tags if t["Key"] not in new]
        resource.tags += [{"Key": k, "Value": v} for k, v in new.items()]
        return "{}"

    def untag_resource(self) -> str:
        p = json.loads(self.body)
        resource = _resource(self.transfer_backend, p["Arn"])
        resource.tags = [t for t in resource.tags if t["Key"] not in p["TagKeys"]]
        return "{}"

    def list_tags_for_resource(self) -> str:
        p = json.loads(self.body)
        resource = _resource(self.transfer_backend, p["Arn"])
        chunk, token = paging.page(resource.tags, p)
        return json.dumps(paging.with_token({"Arn": p["Arn"], "Tags": chunk}, token))
