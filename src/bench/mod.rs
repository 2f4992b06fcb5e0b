//! Benchmark support: a deterministic, realistic plan of any size
//! (`classplan bench-corpus`), for `bench/run` and scale tests.

pub mod generate;
