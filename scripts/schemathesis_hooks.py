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
"""

import itertools

import schemathesis

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


@schemathesis.hook
def before_call(ctx, case, kwargs):
    body = case.body
    if not isinstance(body, dict):
        return
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
