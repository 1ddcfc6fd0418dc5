"""schemathesis hooks of the API contract check (scripts/schemathesis.sh).

Names, before a request is sent:

* The one rule of the document that JSON Schema cannot say: the functions of a new revision
  have different names, compared trimmed and case-insensitively as faas_api::validation does.
  Generated bodies repeat names freely (the coverage phase sends the same function up to the
  maximum), so a repeated valid name gets a suffix that keeps it valid.
* Package names are unique in the account and revision names in their package (409, state
  the contract requires). Generated names repeat ("0"), so that most creates would be 409
  and the stateful phase would have little to follow; a valid package or revision name sent
  to a create gets a suffix that makes it new.

Names that are invalid anyway are left as they are. Both rules are tested in
crates/faas-server/tests.

Times of scheduled events, before a request is sent: a begin in the past, or an end not after
the begin, is refused (400 FAAS-1007), a rule of the clock that JSON Schema cannot say, and
generated date-times are mostly in the past. A dttmBegin that the server would read (the
document's pattern, a day that exists) is moved to a fresh time a day or more ahead, and such
a dttmEnd to an hour after it; anything else is left as generated. The rule is tested in
crates/faas-server/tests/integration/scheduled.rs.

Stop-all's scope, before a request is sent: its one `scope` parameter is an object holding
exactly one of `package_id` and `package_revision_id` (`oneOf`), which the query shows as
`?package_id=…` or `?package_revision_id=…`. Link expressions cannot build an object, so the
links from a create to stop-all name the plain query parameter (`query.package_id`), and
schemathesis puts the created id beside whatever scope it generated: half of the time the
other id is there too, a request the document forbids (400). The hook keeps the scope the link
gave, the id of something this run created, and drops the generated one. It never touches a
request with one id or none, so every other stop-all case is sent as generated.

The deployments list's projects, before a request is sent: `projectId` and `projectIds` may
not be sent together (Vercel's rule, 400; the document says so in both descriptions, and
OpenAPI 3.0 cannot say it of two query parameters). A generated request with both keeps
`projectId` and drops `projectIds`; one with either alone is sent as generated. The refusal is
tested in crates/faas-server/tests/integration/vercel.rs.

Checks, after an answer, of what schemathesis.toml lets through for the Vercel-style
deployments (api.md §4):

* a schema-valid cancel or create answered 400 must be the refusal that depends on state
  (the deployment's readyState, a project id that the scope lacks), not any 400;
* a request without `Authorization` must be 403 `forbidden` (schemathesis's own check of a
  missing header expects 401 for this one, and is off for these operations).

And of a keyset's data (api.md §5): a counter step answered 422 must be FAAS-2004 (the counter
would leave the 64-bit integers) or FAAS-2003 (the keyset is full), not any 422. And of the
catalog (api.md §5): an import answered 400 must name a param or function of the blueprint in
its path (what an import takes depends on that blueprint), not any field.
"""

import atexit
import collections
import datetime
import itertools
import json
import os
import re

import schemathesis
from schemathesis.generation.meta import CoveragePhaseData, CoverageScenario

# Rust's `char::is_whitespace`: what the server trims off a name.
WHITESPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + "\u2028\u2029\u202f\u205f\u3000"
)
# The server's default --max-name-chars, which scripts/schemathesis.sh keeps.
NAME_MAX_CHARS = 100


def _is_control(c):
    return ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F


def _is_valid_name(name):
    trimmed = name.strip(WHITESPACE)
    return 0 < len(trimmed) <= NAME_MAX_CHARS and not any(map(_is_control, trimmed))


def _with_suffix(name, suffix):
    """A valid `name` with `suffix`, still valid."""
    trimmed = name.strip(WHITESPACE)
    return trimmed[: NAME_MAX_CHARS - len(suffix)].rstrip(WHITESPACE) + suffix


_fresh = itertools.count(1)
# The creates whose names must be new: package and first revision, later revisions.
NEW_NAMES = {
    ("POST", "/v2/faas/packages"): ("name", "revisionName"),
    ("POST", "/v2/faas/package-revisions"): ("name",),
}


# The ids of the packages and revisions this run created, by the query parameter that takes them.
_created = {"package_id": set(), "package_revision_id": set()}
CREATES = {
    ("POST", "/v2/faas/packages"): "package_id",
    ("POST", "/v2/faas/package-revisions"): "package_revision_id",
}
STOP_ALL = ("DELETE", "/v2/faas/function-deployments")


def _remember_created(case, status, answer):
    parameter = CREATES.get((case.method.upper(), case.path))
    if parameter is None or status != 200:
        return
    try:
        created = answer["data"]["id"]
    except (KeyError, TypeError):
        return
    if isinstance(created, str):
        _created[parameter].add(created)


def _keep_linked_scope(query):
    """Of both ids in stop-all's query, the one a link gave: the id of something created."""
    if not isinstance(query, dict):
        return
    given = [name for name in _created if isinstance(query.get(name), str) and query[name]]
    if len(given) != 2:
        return
    linked = [name for name in given if query[name] in _created[name]]
    if len(linked) == 1:
        (other,) = set(given) - set(linked)
        del query[other]


# The creates and updates of scheduled events, and where their times' pattern is.
EVENT_TIMES = {
    ("POST", "/v2/faas/scheduled/events"): "CreateScheduledEvent",
    ("PUT", "/v2/faas/scheduled/events/{id}"): "UpdateScheduledEvent",
}
_fresh_minutes = itertools.count(1)


def _days_in_month(year, month):
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]


def _readable_time(value, pattern):
    """Whether the server reads `value` as a date-time: the document's pattern, a real day."""
    if not isinstance(value, str) or not re.fullmatch(pattern, value):
        return False
    year, month, day = int(value[0:4]), int(value[5:7]), int(value[8:10])
    return day <= _days_in_month(year, month)


def _utc(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _future_times(case, body):
    schema_name = EVENT_TIMES.get((case.method.upper(), case.path))
    if schema_name is None:
        return
    try:
        schema = case.operation.schema.raw_schema["components"]["schemas"][schema_name]
        pattern = schema["properties"]["dttmBegin"]["pattern"]
    except (AttributeError, KeyError, TypeError):
        return
    begin = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(
        days=1, minutes=next(_fresh_minutes)
    )
    if _readable_time(body.get("dttmBegin"), pattern):
        body["dttmBegin"] = _utc(begin)
        if _readable_time(body.get("dttmEnd"), pattern):
            body["dttmEnd"] = _utc(begin + datetime.timedelta(hours=1))


DEPLOYMENT_LISTS = {("GET", "/v6/deployments"), ("GET", "/v7/deployments")}


@schemathesis.hook
def before_call(ctx, case, kwargs):
    if (case.method.upper(), case.path) == STOP_ALL:
        _keep_linked_scope(case.query)
    if (case.method.upper(), case.path) in DEPLOYMENT_LISTS and case.query:
        if "projectId" in case.query and "projectIds" in case.query:
            del case.query["projectIds"]
    body = case.body
    if not isinstance(body, dict):
        return
    _future_times(case, body)
    for field in NEW_NAMES.get((case.method.upper(), case.path), ()):
        name = body.get(field)
        if isinstance(name, str) and _is_valid_name(name):
            body[field] = _with_suffix(name, f"~{next(_fresh)}")
    functions = body.get("functions")
    if not isinstance(functions, list):
        return
    seen = set()
    for i, function in enumerate(functions):
        if not isinstance(function, dict) or not isinstance(function.get("name"), str):
            continue
        name = function["name"]
        key = name.strip(WHITESPACE).lower()
        if key in seen and _is_valid_name(name):
            name = _with_suffix(name, f"-{i}")
            function["name"] = name
            key = name.lower()
        seen.add(key)


_CANCEL_REFUSAL = re.compile(
    r"Deployment \S+ is (READY|ERROR|CANCELED) and can no longer be canceled"
)
# The 400 answers to schema-valid requests that depend on state, by operation.
STATE_REFUSALS = {
    ("PATCH", "/v12/deployments/{id}/cancel"): _CANCEL_REFUSAL,
    ("PATCH", "/v13/deployments/{id}/cancel"): _CANCEL_REFUSAL,
    ("POST", "/v13/deployments"): re.compile(r"project: no project prj_\S* in this scope"),
}
VERCEL_PREFIXES = ("/v6/", "/v7/", "/v12/", "/v13/", "/v2/teams")


def _error(response):
    try:
        error = response.json()["error"]
        return error["code"], error["message"]
    except (ValueError, KeyError, TypeError):
        return None, None


@schemathesis.check
def vercel_state_refusals(ctx, response, case):
    """A schema-valid request answered 400 where schemathesis.toml allows it: the state refusal."""
    refusal = STATE_REFUSALS.get((case.method.upper(), case.path))
    meta = case.meta
    if refusal is None or response.status_code != 400 or meta is None:
        return None
    if not meta.generation.mode.is_positive:
        return None
    code, message = _error(response)
    if code != "bad_request" or not isinstance(message, str) or not refusal.fullmatch(message):
        raise AssertionError(
            f"Schema-valid request answered 400 with {response.text!r}, "
            f"not the state refusal /{refusal.pattern}/"
        )
    return None


# Counter steps answered 422 where schemathesis.toml allows it: only these refusals.
KV_STEP_REFUSALS = {"FAAS-2004", "FAAS-2003"}
KV_STEPS = (
    ("POST", "/v2/faas/kv/counters/{key}/increment"),
    ("POST", "/v2/faas/kv/counters/{key}/decrement"),
)


@schemathesis.check
def kv_step_refusals(ctx, response, case):
    """A counter step answered 422 is the counter leaving the 64-bit integers (or a full keyset)."""
    if (case.method.upper(), case.path) not in KV_STEPS or response.status_code != 422:
        return None
    try:
        code = response.json()["errors"][0]["code"]
    except (ValueError, KeyError, IndexError, TypeError):
        code = None
    if code not in KV_STEP_REFUSALS:
        raise AssertionError(f"Counter step answered 422 with {response.text!r}, not FAAS-2004 or FAAS-2003")
    return None


# An import answered 400 where schemathesis.toml allows it: only the refusals that depend on
# the blueprint in the path, each naming its field (a param of that blueprint, a function of
# it, or a trigger that a STRING param's value made invalid).
IMPORT = ("POST", "/v2/faas/package-blueprints/{id}/packages")
IMPORT_FIELDS = re.compile(r"(params\.[^\s]+|functions\[[0-9]+\](\.[A-Za-z.]+)?)")


@schemathesis.check
def import_refusals(ctx, response, case):
    """A schema-valid import answered 400 names a param or function of the blueprint."""
    meta = case.meta
    if (case.method.upper(), case.path) != IMPORT or response.status_code != 400 or meta is None:
        return None
    if not meta.generation.mode.is_positive:
        return None
    try:
        fields = [e.get("field") for e in response.json()["errors"]]
    except (ValueError, KeyError, TypeError, AttributeError):
        fields = [None]
    if not fields or not all(isinstance(f, str) and IMPORT_FIELDS.fullmatch(f) for f in fields):
        raise AssertionError(
            f"Schema-valid import answered 400 with {response.text!r}, not a refusal of a param "
            "or function of the blueprint"
        )
    return None


@schemathesis.check
def vercel_missing_token(ctx, response, case):
    """A Vercel-style request without `Authorization` is 403 `forbidden` (api.md §4)."""
    meta = case.meta
    if meta is None or not case.path.startswith(VERCEL_PREFIXES):
        return None
    data = meta.phase.data
    if not (
        isinstance(data, CoveragePhaseData)
        and data.scenario == CoverageScenario.MISSING_PARAMETER
        and data.parameter is not None
        and data.parameter.lower() == "authorization"
    ):
        return None
    code, _ = _error(response)
    if response.status_code != 403 or code != "forbidden":
        raise AssertionError(
            f"Request without Authorization answered {response.status_code} {response.text!r}, "
            "expected 403 forbidden"
        )
    return None


# --- Reach: which operations were called with ids from earlier answers ---------------------
# After each call, what it sent is compared with the ids the server answered before (of
# packages, revisions, deployments, keysets, builds): a call "with real ids" sent at least one
# of them. scripts/schemathesis.sh sets FAAS_CONTRACT_REACH to a file, and reads it after the
# stateful run to show, for each operation, its calls, those with real ids, and those of them
# answered 2xx.
ID_FIELDS = ("id", "uid", "packageId", "packageRevisionId", "keysetId", "subscribeKey", "key")
_answered_ids = set()
_reach = collections.defaultdict(lambda: {"calls": 0, "2xx": 0, "real": 0, "real_2xx": 0})


def _values(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _values(item)
    elif isinstance(value, list):
        for item in value:
            yield from _values(item)
    elif isinstance(value, (str, int)) and not isinstance(value, bool):
        yield str(value)


def _ids(value):
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ID_FIELDS and isinstance(item, (str, int)) and not isinstance(item, bool):
                yield str(item)
            yield from _ids(item)
    elif isinstance(value, list):
        for item in value:
            yield from _ids(item)


def _record_reach(case, success, answer):
    body = case.body if isinstance(case.body, (dict, list)) else None
    sent = set(_values([case.path_parameters, case.query, body]))
    reach = _reach[f"{case.method.upper()} {case.path}"]
    reach["calls"] += 1
    reach["2xx"] += success
    if sent & _answered_ids:
        reach["real"] += 1
        reach["real_2xx"] += success
    if success:
        _answered_ids.update(_ids(answer))


def _write_reach(path):
    with open(path, "w") as out:
        json.dump(_reach, out, indent=1, sort_keys=True)


# Written once, when schemathesis exits.
REACH_FILE = os.environ.get("FAAS_CONTRACT_REACH")
if REACH_FILE:
    atexit.register(_write_reach, REACH_FILE)


@schemathesis.hook
def after_call(ctx, case, response):
    """After each answer: the ids a create made (for stop-all's scope), and the reach."""
    success = 200 <= response.status_code < 300
    try:
        answer = response.json() if success else None
    except ValueError:
        answer = None
    _remember_created(case, response.status_code, answer)
    if REACH_FILE:
        _record_reach(case, success, answer)
