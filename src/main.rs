fn main() {
    std::process::exit(pip_lint::cli::main());
}
