// mimalloc: loading, checking and rendering a large plan allocate millions
// of small strings from several threads, where it is markedly faster than
// the system allocator (figures in README, "Performance").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // Transparent huge pages off for this process: a build allocates a
    // few hundred MiB once, in small objects, and ends; with huge pages
    // every first touch of a 2 MiB region makes the kernel clear all of it,
    // which on a 10,000-class plan costs more system time than it saves
    // (the one-class rebuild: README, "Performance").
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE only sets a flag of this process; no
    // memory is passed.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    std::process::exit(classplan::cli::main());
}
