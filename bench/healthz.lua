-- wrk script: the baseline, a request that does one database round-trip and no hashing.
done = function(summary, latency, requests)
  io.write(string.format("p50_ms=%.2f p99_ms=%.2f requests=%d\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests))
end
