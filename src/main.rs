// mimalloc: loading, checking and rendering a large plan allocate millions
// of small strings from several threads, where it is markedly faster than
// the system allocator (figures in README, "Performance"). Its version 2
// (Cargo.toml's `v2`): a one-class rebuild of 10,000 classes peaks 25 MiB
// lower with it than with version 3 and runs 5-8 % faster; zeroing fresh
// pages was the largest single cost of that rebuild.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(classplan::cli::main());
}
