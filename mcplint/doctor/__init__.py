"""`mcplint doctor`: start each server the way its client would and say exactly why it fails.

* `probe_stdio`: the stdio probe (`probe_stdio(launch, options) -> ProbeResult`);
* `probe_http`: the Streamable HTTP and SSE probe (`probe_http(launch, options)`);
* `ports`: ports a server is told to listen on that are taken (`port-in-use`);
* `classify`: known failure signatures and the protocol revisions each client speaks;
* `runner`: which servers to probe (safety), parallel probes, diagnostics and the summary.
"""
