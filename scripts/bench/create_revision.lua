-- POST a revision of 20 functions to one package; the server names each v<n>.
wrk.method = "POST"
wrk.path = "/v2/faas/package-revisions"
wrk.headers["Authorization"] = os.getenv("KEY")
wrk.headers["Content-Type"] = "application/json"
local functions = {}
for i = 1, 20 do
  functions[i] = string.format(
    '{"name":"fn-%d","type":"AFTER_PUBLISH","code":"export default (request) => request.ok(); // %d","config":{"inputChannel":"bench.%d"}}',
    i, i, i)
end
wrk.body = string.format('{"packageId":"%s","functions":[%s]}', os.getenv("PACKAGE_ID"),
  table.concat(functions, ","))
