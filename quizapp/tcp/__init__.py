"""TCP connection simulator: RFC 9293 endpoints, a faulty network, scenarios and traces."""
