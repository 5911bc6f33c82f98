-- W2: GET /api/v1/appointments?limit=25 as a random sample patient (their own first page).
package.path = package.path .. ";" .. (os.getenv("BENCH_DIR") or ".") .. "/?.lua"
local common = require("common")

function setup(thread) common.setup(thread) end

function init(args)
  local samples = common.load_samples()
  reqs = {}
  for i, s in ipairs(samples) do
    reqs[i] = wrk.format("GET", "/api/v1/appointments?limit=25", common.auth(s))
  end
  math.randomseed(id * 7919)
end

function request() return reqs[math.random(#reqs)] end

function response(status, headers, body) common.count(status) end

function done(summary, latency, requests) common.report("W2", summary, latency, false) end
