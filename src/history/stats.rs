//! Progress figures from the history.
