//! The `zerowire` command-line tool: see `zerowire --help`.

fn main() -> std::process::ExitCode {
    zerowire_schema::cli::main()
}
