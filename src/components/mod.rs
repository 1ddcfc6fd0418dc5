//! Pieces shared by several pages.

mod async_view;
mod busy;
mod confirm_dialog;
mod connection_indicator;
mod copy_button;
mod error_view;
pub mod field;
mod filter_select;
mod first_use;
mod focus;
mod keyset_select;
mod keysets_table;
mod latest;
mod live_query;
mod live_rows;
mod pager;
mod polling;
mod request_log_drawer;
mod submit;
#[cfg(test)]
mod test_item;
mod time;
mod url_query;
mod watch;

pub use async_view::AsyncView;
pub use busy::Busy;
pub use confirm_dialog::{open_while_some, ConfirmDialog};
pub use connection_indicator::ConnectionIndicator;
pub use copy_button::{copy_to_clipboard, CopyButton};
pub use error_view::ErrorView;
pub use field::{Field, TextField};
pub use filter_select::FilterSelect;
pub use first_use::mount_on_first_use;
pub use focus::focus_element;
pub use keyset_select::KeysetSelect;
pub use keysets_table::KeysetsTable;
pub use latest::Latest;
pub use live_query::{use_live_query, LiveItem, LiveQuery, Pace};
pub use live_rows::{LiveRow, LiveRows};
pub use pager::Pager;
pub use polling::use_polling;
pub use request_log_drawer::RequestLogDrawer;
pub use submit::{Request, SubmitBar};
pub use time::Time;
pub use url_query::{use_url_query, SetUrlQuery};
pub use watch::{LiveRegion, Watch, Watched};
