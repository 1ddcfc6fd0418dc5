//! The `PubNub-Version` header's value (`api.md` §1): a date, `YYYY-MM-DD`, naming a real
//! calendar day. The console checks it before saving a connection, the server before
//! answering; both with these functions.

/// Whether `s` has the form `YYYY-MM-DD` (ASCII digits), whatever the numbers.
pub fn has_date_shape(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// Whether `s` is `YYYY-MM-DD` naming a real day of the proleptic Gregorian calendar.
pub fn is_version_date(s: &str) -> bool {
    if !has_date_shape(s) {
        return false;
    }
    let number = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days_in_month).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_dates_must_be_real_days() {
        for good in ["2024-01-15", "2024-02-29", "2000-02-29", "1999-12-31"] {
            assert!(is_version_date(good), "{good}");
        }
        for bad in [
            "2023-02-29",
            "1900-02-29",
            "2024-04-31",
            "2024-00-10",
            "2024-13-01",
            "2024-01-00",
            "2024-1-15",
            "2024/01/15",
            "24-01-15",
            "2024-01-15T00:00",
            "２０２４-01-15",
            "",
        ] {
            assert!(!is_version_date(bad), "{bad}");
        }
    }

    #[test]
    fn the_shape_alone_is_told_apart() {
        assert!(has_date_shape("2024-02-30"));
        assert!(!has_date_shape("2024-2-3"));
    }
}
