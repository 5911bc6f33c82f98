-- Shared by w0..w3: reads the seed command's tokens file (TSV) and reports results.
-- Environment: TOKENS (path of the tokens file), THREADS (wrk -t, to split W3's slots between threads; run.sh uses 1).
local M = {}

function M.split(s, sep)
  local out = {}
  if s == nil or s == "" then return out end
  for piece in string.gmatch(s, "([^" .. sep .. "]+)") do out[#out + 1] = piece end
  return out
end

-- Each sample: { token, patientId, appointmentId, slots = { {providerId, locationId, startsAt}, ... } }
function M.load_samples()
  local path = os.getenv("TOKENS")
  assert(path and path ~= "", "set TOKENS to the tokens file written by: clinic-api seed --tokens FILE")
  local samples = {}
  for line in io.lines(path) do
    if line ~= "" and string.sub(line, 1, 1) ~= "#" then
      local f = {}
      for field in string.gmatch(line .. "\t", "([^\t]*)\t") do f[#f + 1] = field end
      local slots = {}
      for _, item in ipairs(M.split(f[4], ",")) do
        local p = M.split(item, "|")
        slots[#slots + 1] = { providerId = p[1], locationId = p[2], startsAt = p[3] }
      end
      samples[#samples + 1] = { token = f[1], patientId = f[2], appointmentId = f[3], slots = slots }
    end
  end
  assert(#samples > 0, "no samples in " .. path)
  return samples
end

function M.auth(sample)
  return { ["Authorization"] = "Bearer " .. sample.token, ["Accept"] = "application/json" }
end

-- Thread bookkeeping: setup() runs in the main Lua state once per thread; done() reads the counters.
local threads = {}
local next_id = 1

function M.setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  threads[#threads + 1] = thread
end

-- Per-thread counters (globals of the thread's own Lua state, read back with thread:get).
ok, failed, created, conflicts = 0, 0, 0, 0
statuses = {}

function M.count(status)
  statuses[status] = (statuses[status] or 0) + 1
  if status >= 200 and status < 300 then ok = ok + 1 else failed = failed + 1 end
  if status == 201 then created = created + 1 end
  if status == 409 then conflicts = conflicts + 1 end
end

-- One machine-readable line per workload; run.sh turns these into the table.
-- errors = non-2xx answers (except W3's expected 409s) + socket errors and timeouts.
function M.report(name, summary, latency, expect_conflicts)
  local failed_total, created_total, conflict_total = 0, 0, 0
  local by_status = {}
  for _, t in ipairs(threads) do
    failed_total = failed_total + (t:get("failed") or 0)
    created_total = created_total + (t:get("created") or 0)
    conflict_total = conflict_total + (t:get("conflicts") or 0)
    for status, n in pairs(t:get("statuses") or {}) do by_status[status] = (by_status[status] or 0) + n end
  end
  -- "200:1234,503:5" (every status seen, in order), so errors can be told apart in the table.
  local codes = {}
  for status, _ in pairs(by_status) do codes[#codes + 1] = status end
  table.sort(codes)
  local parts = {}
  for _, status in ipairs(codes) do parts[#parts + 1] = status .. ":" .. by_status[status] end
  local status_list = #parts > 0 and table.concat(parts, ",") or "none"
  local e = summary.errors
  local socket = e.connect + e.read + e.write + e.timeout
  local errors = failed_total + socket
  if expect_conflicts then errors = errors - conflict_total end
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT %s rps=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d requests=%d socket_errors=%d created=%d conflicts=%d statuses=%s\n",
    name, summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    errors, summary.requests, socket, created_total, conflict_total, status_list))
end

return M
