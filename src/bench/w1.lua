-- W1: GET /api/v1/appointments/{id}, each request a random sample's own appointment with its token.
package.path = package.path .. ";" .. (os.getenv("BENCH_DIR") or ".") .. "/?.lua"
local common = require("common")

function setup(thread) common.setup(thread) end

function init(args)
  local samples = common.load_samples()
  reqs = {}
  for i, s in ipairs(samples) do
    reqs[i] = wrk.format("GET", "/api/v1/appointments/" .. s.appointmentId, common.auth(s))
  end
  math.randomseed(id * 7919)
end

function request() return reqs[math.random(#reqs)] end

function response(status, headers, body) common.count(status) end

function done(summary, latency, requests) common.report("W1", summary, latency, false) end
