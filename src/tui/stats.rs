//! The stats screen.
