//! The `grill` binary: everything happens in `grill::cli`.

use std::process::ExitCode;

fn main() -> ExitCode {
    grill::cli::run()
}
