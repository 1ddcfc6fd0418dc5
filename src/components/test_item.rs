//! A thing that can be watched, for the tests of the live pieces.

use super::Watched;

/// A thing with an id and a state, settled at 0; announced as "… moved".
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub id: &'static str,
    /// 0 is settled.
    pub state: u8,
}

impl Watched for Item {
    type State = u8;
    fn id(&self) -> &str {
        self.id
    }
    fn state(&self) -> u8 {
        self.state
    }
    fn state_name(&self) -> &'static str {
        "state"
    }
    fn settled(&self) -> bool {
        self.state == 0
    }
    fn announcement(&self, what: &str, before: u8) -> Option<String> {
        (before != self.state).then(|| format!("{what} moved"))
    }
}
