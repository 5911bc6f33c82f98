-- W3: POST /api/v1/appointments of free slots from the tokens file, each slot once, by the sample's
-- patient. 201 = booked, 409 = taken meanwhile (reported, not an error); anything else is an error.
-- Slots are dealt to threads by index; W3_PART=warmup uses every 2nd slot, the measured run the others,
-- so the warm-up never spends the measured run's slots. A thread that runs out of slots stops.
package.path = package.path .. ";" .. (os.getenv("BENCH_DIR") or ".") .. "/?.lua"
local common = require("common")

function setup(thread) common.setup(thread) end

function init(args)
  local threads = tonumber(os.getenv("THREADS") or "1")
  local warmup = os.getenv("W3_PART") == "warmup"
  local samples = common.load_samples()
  reqs = {}
  local index, dealt = 0, 0
  for _, s in ipairs(samples) do
    local headers = common.auth(s)
    headers["Content-Type"] = "application/json"
    for _, slot in ipairs(s.slots) do
      index = index + 1
      local in_part = ((index % 2) == 1) == warmup
      if in_part then
        dealt = dealt + 1
      end
      if in_part and (dealt % threads) == (id - 1) then
        local body = string.format('{"providerId":"%s","locationId":"%s","startsAt":"%s","reason":"Benchmark booking"}',
          slot.providerId, slot.locationId, slot.startsAt)
        reqs[#reqs + 1] = wrk.format("POST", "/api/v1/appointments", headers, body)
      end
    end
  end
  assert(#reqs > 0, "no free slots for thread " .. id .. ": seed with more --token-count / --slots-per-token")
  cursor = 0
end

function request()
  cursor = cursor + 1
  if cursor > #reqs then
    wrk.thread:stop()
    cursor = #reqs
  end
  return reqs[cursor]
end

function response(status, headers, body) common.count(status) end

function done(summary, latency, requests) common.report("W3", summary, latency, true) end
