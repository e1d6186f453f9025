//! The `tanso` command: see `tanso --help`.

fn main() -> std::process::ExitCode {
    tanso::cli::run()
}
