//! Session reports.
