-- GET one deployment.
wrk.headers["Authorization"] = os.getenv("KEY")
wrk.path = "/v2/faas/package-deployments/" .. os.getenv("DEPLOYMENT_ID")
