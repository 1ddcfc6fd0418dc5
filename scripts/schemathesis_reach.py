"""The stateful phase's reach, from what the hooks recorded (scripts/schemathesis_hooks.py).

    schemathesis_reach.py REACH_JSON OPENAPI_URL

Prints, for each operation that a link of the document leads to, its calls in the stateful
run, those that sent an id from an earlier answer ("with real ids"), and those of them
answered 2xx; then the linked operations that no call reached with real ids and a 2xx
answer in this run. The phase chooses its chains at random, so that a rare operation may be
missed by one run: the list says so, and the run does not fail for it (failures of checks
do).
"""

import json
import sys
import urllib.request


def linked_operations(document):
    """`METHOD /path` of every operation that some link leads to."""
    labels = {}
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "operationId" in operation:
                labels[operation["operationId"]] = f"{method.upper()} {path}"
    targets = set()
    for item in document["paths"].values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            for response in operation.get("responses", {}).values():
                for link in response.get("links", {}).values():
                    targets.add(labels[link["operationId"]])
    return sorted(targets)


def main(reach_path, document_url):
    with open(reach_path) as f:
        reach = json.load(f)
    with urllib.request.urlopen(document_url) as answer:
        document = json.load(answer)
    empty = {"calls": 0, "real": 0, "real_2xx": 0}
    print(f"{'operation (a link leads to it)':64} {'calls':>6} {'real ids':>9} {'of them 2xx':>12}")
    missed = []
    for label in linked_operations(document):
        counts = reach.get(label, empty)
        print(f"{label:64} {counts['calls']:6} {counts['real']:9} {counts['real_2xx']:12}")
        if counts["real_2xx"] == 0:
            missed.append(label)
    if missed:
        print("not reached with real ids and a 2xx answer in this run: " + ", ".join(missed))
    else:
        print("every linked operation was reached with real ids and answered 2xx")


if __name__ == "__main__":
    main(*sys.argv[1:3])
