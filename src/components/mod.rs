//! Pieces shared by several pages.

mod busy;
mod connection_indicator;
mod copy_button;
mod error_view;
mod keysets_table;

pub use busy::Busy;
pub use connection_indicator::ConnectionIndicator;
pub use copy_button::CopyButton;
pub use error_view::ErrorView;
pub use keysets_table::KeysetsTable;
