//! The `records-portal` binary: see `records_portal::cli`.

fn main() -> std::process::ExitCode {
    records_portal::cli::main()
}
