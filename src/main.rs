fn main() {
    std::process::exit(classplan::cli::main());
}
