"""Load and fault benchmarks: they start real servers on loopback and print figures."""
