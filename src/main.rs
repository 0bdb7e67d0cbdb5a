use std::process::ExitCode;

fn main() -> ExitCode {
    grill::cli::run()
}
