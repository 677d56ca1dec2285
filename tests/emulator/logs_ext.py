"""CloudWatch Logs: FilterLogEvents as the real service answers it.

moto 5.2.5 ignores `logStreamNamePrefix` (every stream is searched) and
returns the events stream by stream unless `interleaved` is set. AWS reads
only the streams whose names start with the prefix, refuses a request that
gives both names and a prefix, and always interleaves (the flag is
deprecated and ignored). The console reads a legacy user's streams by
prefix (`<user>.`), so the emulator does what AWS does."""

import json

from moto.logs.exceptions import InvalidParameterException, ResourceNotFoundException
from moto.logs.responses import LogsResponse


def install() -> None:
    def filter_log_events(self) -> str:
        group_name = self._get_param("logGroupName")
        names = self._get_param("logStreamNames", [])
        prefix = self._get_param("logStreamNamePrefix")
        if prefix is not None and names:
            raise InvalidParameterException(
                "Cannot specify both logStreamNames and logStreamNamePrefix"
            )
        if prefix is not None:
            group = self.logs_backend.groups.get(group_name)
            if group is None:
                raise ResourceNotFoundException()
            names = [name for name in group.streams if name.startswith(prefix)]
            if not names:
                return json.dumps({"events": [], "searchedLogStreams": []})
        events, next_token, searched = self.logs_backend.filter_log_events(
            group_name,
            names,
            self._get_param("startTime"),
            self._get_param("endTime"),
            self._get_param("limit"),
            self._get_param("nextToken"),
            self._get_param("filterPattern"),
            True,
        )
        return json.dumps(
            {"events": events, "nextToken": next_token, "searchedLogStreams": searched}
        )

    LogsResponse.filter_log_events = filter_log_events
