-- Prints wrk's summary as key=value lines for run.sh: exact percentiles in microseconds.
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout
  io.write(string.format("requests=%d\n", summary.requests))
  io.write(string.format("duration_us=%d\n", summary.duration))
  io.write(string.format("rps=%.1f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("errors=%d\n", errors))
  io.write(string.format("errors_status=%d\n", summary.errors.status))
  io.write(string.format("errors_timeout=%d\n", summary.errors.timeout))
  io.write(string.format("p50_us=%d\n", latency:percentile(50)))
  io.write(string.format("p99_us=%d\n", latency:percentile(99)))
  io.write(string.format("max_us=%d\n", latency.max))
end
