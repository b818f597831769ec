-- wrk script for bin/bench-api: basic credentials on every request, the paths of BENCH_PATHS (space-separated) in
-- turn, and the figures as one JSON line at the end (latencies in microseconds, as wrk measures them).
local paths = {}
for p in string.gmatch(os.getenv("BENCH_PATHS") or "/", "%S+") do
  paths[#paths + 1] = p
end
local next_path = 0

init = function(args)
  wrk.headers["Authorization"] = os.getenv("BENCH_AUTH")
end

request = function()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path])
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    '{"requests":%d,"seconds":%.2f,"requests_per_s":%.1f,"non_2xx":%d,"socket_errors":%d,' ..
    '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f}}\n',
    summary.requests, seconds, summary.requests / seconds, summary.errors.status, errors,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
