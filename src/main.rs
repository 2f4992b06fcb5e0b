// mimalloc: loading, checking and rendering a large plan allocate millions
// of small strings from several threads, where it is markedly faster than
// the system allocator (figures in README, "Performance").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(classplan::cli::main());
}
