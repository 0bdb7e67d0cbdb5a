//! Times in a report: recorded seconds made safe to show, durations, local dates.

use std::fmt::Write as _;

use jiff::Timestamp;
use jiff::tz::TimeZone;

/// Seconds as a finite, non-negative number.
pub(super) fn sane(secs: f64) -> f64 {
    if secs.is_finite() && secs > 0.0 {
        secs
    } else {
        0.0
    }
}

/// Seconds rounded up to whole seconds, like the round's clock.
pub(super) fn seconds(secs: f64) -> u64 {
    // `as` saturates: a huge value becomes u64::MAX.
    sane(secs).ceil() as u64
}

/// `m:ss`, or `h:mm:ss` from an hour.
pub(super) fn duration(secs: f64) -> String {
    let secs = seconds(secs);
    if secs >= 3600 {
        format!("{}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
    } else {
        format!("{}:{:02}", secs / 60, secs % 60)
    }
}

pub(super) fn clamp_secs(secs: u64) -> i64 {
    i64::try_from(secs).unwrap_or(i64::MAX)
}

/// `secs` in `tz`, formatted; `None` when out of the range of dates.
pub(super) fn local(secs: u64, tz: &TimeZone, format: &str) -> Option<String> {
    let time = Timestamp::from_second(clamp_secs(secs)).ok()?;
    let zoned = time.to_zoned(tz.clone());
    let mut out = String::new();
    write!(out, "{}", zoned.strftime(format)).ok()?;
    Some(out)
}
