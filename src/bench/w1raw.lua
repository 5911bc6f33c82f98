-- W1 for the bare read (BareRead.java): GET /raw/appointments/{id} for the same appointment ids, in the same
-- order, as w1.lua sends to clinic-api, without the Authorization header (the bare read has no auth).
package.path = package.path .. ";" .. (os.getenv("BENCH_DIR") or ".") .. "/?.lua"
local common = require("common")

function setup(thread) common.setup(thread) end

function init(args)
  local samples = common.load_samples()
  reqs = {}
  for i, s in ipairs(samples) do
    reqs[i] = wrk.format("GET", "/raw/appointments/" .. s.appointmentId, { ["Accept"] = "application/json" })
  end
  math.randomseed(id * 7919)
end

function request() return reqs[math.random(#reqs)] end

function response(status, headers, body) common.count(status) end

function done(summary, latency, requests) common.report("W1raw", summary, latency, false) end
