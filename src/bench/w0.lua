-- W0: GET /health/live (no token, touches no dependency): the HTTP stack's ceiling.
package.path = package.path .. ";" .. (os.getenv("BENCH_DIR") or ".") .. "/?.lua"
local common = require("common")

function setup(thread) common.setup(thread) end

function init(args)
  req = wrk.format("GET", "/health/live")
end

function request() return req end

function response(status, headers, body) common.count(status) end

function done(summary, latency, requests) common.report("W0", summary, latency, false) end
