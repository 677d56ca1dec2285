"""Service-managed users: CreateUser's AWS rules, UpdateUser, ListUsers with
paging, and SSH keys in AWS's shape (ids `key-` + 17 hex digits, DateImported
in epoch seconds; moto 5.2.5 gives one literal id to every CreateUser key and
a quoted number as the date)."""

import json
import time

from moto.moto_api._internal import mock_random
from moto.transfer.types import User, prune_unset

from . import paging
from .errors import InvalidRequest, ResourceExists


def new_key(body: str) -> dict:
    return {
        "ssh_public_key_id": f"key-{mock_random.get_random_hex(17)}",
        "ssh_public_key_body": body,
        "date_imported": time.time(),
    }


def find(server, user_name: str) -> User | None:
    return next((u for u in server._users if u.user_name == user_name), None)


def described(user: User) -> dict:
    return {"SshPublicKeys": [], **prune_unset(user.to_dict())}


def listed(user: User) -> dict:
    return prune_unset(
        {
            "Arn": user.arn,
            "HomeDirectory": user.home_directory,
            "HomeDirectoryType": user.home_directory_type,
            "Role": user.role,
            "SshPublicKeyCount": len(user.ssh_public_keys),
            "UserName": user.user_name,
        }
    )


def _mappings(mappings: list) -> list:
    return [
        {"entry": m.get("Entry"), "target": m.get("Target"), "type": m.get("Type")}
        for m in mappings
    ]


def _posix(profile: dict) -> dict:
    return {
        "uid": profile.get("Uid"),
        "gid": profile.get("Gid"),
        "secondary_gids": profile.get("SecondaryGids"),
    }


# UpdateUser members: moto's User attribute, and how to store the value.
UPDATABLE = {
    "HomeDirectory": ("home_directory", str),
    "HomeDirectoryType": ("home_directory_type", str),
    "HomeDirectoryMappings": ("home_directory_mappings", _mappings),
    "Policy": ("policy", str),
    "PosixProfile": ("posix_profile", _posix),
    "Role": ("role", str),
}


class UserResponses:
    """Methods grafted onto moto's TransferResponse."""

    def create_user(self) -> str:
        p = json.loads(self.body)
        server = self.transfer_backend.describe_server(p["ServerId"])
        if server.config["IdentityProviderType"] != "SERVICE_MANAGED":
            raise InvalidRequest(
                f"Server {server.server_id} uses a custom identity provider; "
                "users can only be created on SERVICE_MANAGED servers"
            )
        if find(server, p["UserName"]):
            raise ResourceExists("User already exists", p["UserName"], "User")
        user = User(
            region_name=self.region,
            account_id=self.current_account,
            server_id=server.server_id,
            home_directory=p.get("HomeDirectory"),
            home_directory_type=p.get("HomeDirectoryType", "PATH"),
            policy=p.get("Policy"),
            role=p["Role"],
            tags=p.get("Tags") or [],
            user_name=p["UserName"],
        )
        user.home_directory_mappings = _mappings(p.get("HomeDirectoryMappings") or [])
        user.posix_profile = _posix(p.get("PosixProfile") or {})
        if p.get("SshPublicKeyBody"):
            user.ssh_public_keys = [new_key(p["SshPublicKeyBody"])]
        server._users.append(user)
        return json.dumps({"ServerId": server.server_id, "UserName": user.user_name})

    def describe_user(self) -> str:
        p = json.loads(self.body)
        server_id, user = self.transfer_backend.describe_user(p["ServerId"], p["UserName"])
        return json.dumps({"ServerId": server_id, "User": described(user)})

    def update_user(self) -> str:
        p = json.loads(self.body)
        _, user = self.transfer_backend.describe_user(p["ServerId"], p["UserName"])
        for member, (attribute, convert) in UPDATABLE.items():
            if member in p:
                setattr(user, attribute, convert(p[member]))
        return json.dumps({"ServerId": user.server_id, "UserName": user.user_name})

    def list_users(self) -> str:
        p = json.loads(self.body)
        server = self.transfer_backend.describe_server(p["ServerId"])
        users = sorted(server._users, key=lambda u: u.user_name)
        chunk, token = paging.page(users, p)
        result = {"ServerId": server.server_id, "Users": [listed(u) for u in chunk]}
        return json.dumps(paging.with_token(result, token))

    def import_ssh_public_key(self) -> str:
        p = json.loads(self.body)
        server_id, user = self.transfer_backend.describe_user(p["ServerId"], p["UserName"])
        body = p["SshPublicKeyBody"]
        if any(k["ssh_public_key_body"] == body for k in user.ssh_public_keys):
            raise ResourceExists("SSH public key already exists", user.user_name, "SshPublicKey")
        key = new_key(body)
        user.ssh_public_keys.append(key)
        return json.dumps(
            {
                "ServerId": server_id,
                "SshPublicKeyId": key["ssh_public_key_id"],
                "UserName": user.user_name,
            }
        )
