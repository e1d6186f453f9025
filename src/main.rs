//! The `tanso` command: see `tanso --help`.

// mimalloc keeps freed pages for reuse: glibc's malloc returns each block over 128 kB (an
// hourly series of structs) to the kernel on free, and the next one faults its pages in again.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    tanso::cli::run()
}
