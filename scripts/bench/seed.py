"""Seeds the reference server for the benchmark: N packages of one function each, one
deployment to start from, and prints the ids the load scripts need as shell assignments.

    python3 seed.py BASE_URL KEY N
"""
import http.client
import json
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlparse

base, key, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
url = urlparse(base)
local = threading.local()


def call(method, path, body=None):
    conn = getattr(local, "conn", None)
    if conn is None:
        conn = local.conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    headers = {"Authorization": key}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    conn.request(method, path, body=data, headers=headers)
    response = conn.getresponse()
    payload = json.loads(response.read() or b"{}")
    if response.status >= 300:
        raise SystemExit(f"{method} {path}: {response.status} {payload}")
    return payload["data"]


def package(i):
    return call("POST", "/v2/faas/packages", {
        "name": f"bench-package-{i:05d}",
        "description": "Seeded for the benchmark",
        "tags": ["bench"],
        "functions": [{
            "name": "Echo",
            "type": "BEFORE_PUBLISH",
            "code": "export default (request) => request.ok();",
            "config": {"inputChannel": f"bench-{i}"},
        }],
    })


with ThreadPoolExecutor(max_workers=8) as pool:
    packages = list(pool.map(package, range(count)))

first = packages[0]["id"]
revisions = call("GET", f"/v2/faas/packages/{first}/package-revisions")
revision = revisions[0]["id"]
keysets = call("GET", "/v2/keysets")
deployment = call("POST", "/v2/faas/package-deployments",
                  {"packageRevisionId": revision, "keysetId": keysets[0]["id"]})
print(f"PACKAGE_ID={first}")
print(f"DEPLOYMENT_ID={deployment['id']}")
