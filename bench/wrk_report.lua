-- wrk script for bench/load_test.sh: sends the session cookie given in the environment,
-- counts every answer that is not 200 as an error, and prints one machine-readable line.
local cookie = os.getenv("WRK_COOKIE") or ""
wrk.headers["X-Forwarded-Proto"] = "https"  -- as behind the TLS-terminating proxy of production
if cookie ~= "" then wrk.headers["Cookie"] = cookie end

local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) not_ok = 0 end
function response(status, headers, body) if status ~= 200 then not_ok = not_ok + 1 end end

function done(summary, latency, requests)
  local not_ok_total = 0
  for _, thread in ipairs(threads) do not_ok_total = not_ok_total + thread:get("not_ok") end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f max_ms=%.1f " ..
    "not_200=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, not_ok_total, e.connect, e.read, e.write, e.timeout))
end
