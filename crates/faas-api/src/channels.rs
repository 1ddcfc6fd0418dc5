//! When two channel names meet: the one rule by which a function's `inputChannel` is said
//! to overlap a channel (`api.md` §5 "Channel conflicts"), shared by the server's
//! `GET …/package-deployments/intersected` and the console's warnings.
//!
//! A channel is either a name (`chat.room1`) or a wildcard (`chat.*`, `a.b.*`: literal
//! segments and a last `.*`, see [`crate::validation::channel_problem`]). A wildcard
//! `p.*` stands for every channel whose name begins with `p.` and goes on (`chat.*` is
//! `chat.room1` and `chat.room1.typing`, never `chat` itself), as PubNub's wildcard
//! subscribe does. Two channels intersect when some published channel name would reach
//! both: wildcards are taken on both sides.

/// How many channels one conflicts query (`GET …/package-deployments/intersected`) may name:
/// the server refuses more, the console asks no more.
pub const CHANNELS_MAX: usize = 100;

/// A channel as a set of channel names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Channel<'a> {
    /// Exactly this name.
    Name(&'a str),
    /// Every name under this prefix (the wildcard without its `.*`).
    Under(&'a str),
}

fn channel(raw: &str) -> Channel<'_> {
    match raw.strip_suffix(".*") {
        Some(prefix) if !prefix.is_empty() => Channel::Under(prefix),
        _ => Channel::Name(raw),
    }
}

/// Whether `name` lies under `prefix`: it begins with `prefix.` and has more after the dot.
fn is_under(name: &str, prefix: &str) -> bool {
    name.strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix('.'))
        .is_some_and(|rest| !rest.is_empty())
}

/// Whether a message published to some channel name would reach both `a` and `b`.
pub fn intersects(a: &str, b: &str) -> bool {
    match (channel(a), channel(b)) {
        (Channel::Name(x), Channel::Name(y)) => x == y,
        (Channel::Name(name), Channel::Under(prefix))
        | (Channel::Under(prefix), Channel::Name(name)) => is_under(name, prefix),
        // `a.*` and `a.b.*` share `a.b.c`; `a.*` and `b.*` share nothing.
        (Channel::Under(p), Channel::Under(q)) => p == q || is_under(p, q) || is_under(q, p),
    }
}

#[cfg(test)]
mod tests {
    use super::intersects;

    /// `(a, b, whether they intersect)`; every case is also checked the other way round.
    const CASES: &[(&str, &str, bool)] = &[
        // Names meet only themselves.
        ("chat", "chat", true),
        ("chat.room1", "chat.room1", true),
        ("chat", "Chat", false),
        ("chat.room1", "chat.room2", false),
        ("chat", "chat.room1", false),
        // A wildcard meets the names under it, at any depth, but not its own prefix.
        ("chat.*", "chat.room1", true),
        ("chat.*", "chat.room1.typing", true),
        ("chat.*", "chat", false),
        ("chat.*", "chat.", false),
        ("chat.*", "chatter.room1", false),
        ("chat.*", "other.chat.room1", false),
        ("a.b.*", "a.b.c", true),
        ("a.b.*", "a.c", false),
        ("a.b.*", "a.b", false),
        // Two wildcards meet when one prefix is the other or lies under it.
        ("chat.*", "chat.*", true),
        ("a.*", "a.b.*", true),
        ("a.b.*", "a.c.*", false),
        ("a.*", "b.*", false),
        ("a.*", "ab.*", false),
        ("ab.*", "a.b.*", false),
        // A lone `*` is not a wildcard (validation refuses it): only itself.
        ("*", "chat", false),
        ("*", "*", true),
    ];

    #[test]
    fn the_table_of_cases() {
        for &(a, b, expected) in CASES {
            assert_eq!(intersects(a, b), expected, "{a} ∩ {b}");
            assert_eq!(
                intersects(b, a),
                expected,
                "{b} ∩ {a} (the other way round)"
            );
        }
    }
}
