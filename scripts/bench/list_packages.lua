-- GET a random page of 20 packages out of the seeded ones.
local pages = tonumber(os.getenv("PAGES") or "500")
wrk.headers["Authorization"] = os.getenv("KEY")
request = function()
  return wrk.format("GET", "/v2/faas/packages?size=20&page=" .. math.random(0, pages - 1))
end
