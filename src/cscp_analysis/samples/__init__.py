"""The bundled synthetic sample audits and large synthetic tables for benchmarks."""
