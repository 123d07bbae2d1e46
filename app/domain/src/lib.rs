//! The portal's vocabulary: the types that cross the wire (pages, server functions, the JSON API),
//! the checks and formats everyone shares, VietQR, the areas and the translations. No I/O: it
//! builds for the browser as well as the server.
//!
//! The types live in one module per domain area and are re-exported here, so a page or a service
//! names `domain::Need` whatever module it comes from.

pub mod amount;
pub mod campaigns;
pub mod checks;
pub mod format;
pub mod forms;
pub mod i18n;
pub mod in_words;
pub mod ledger;
pub mod needs;
pub mod network;
pub mod notices;
pub mod paging;
pub mod partner_plans;
pub mod places;
pub mod plans;
pub mod pledges;
pub mod site;
pub mod staff;
pub mod text;
pub mod vietqr;

/// What only the server needs: Vietnamese collation (ICU's data), the area index and the banks.
#[cfg(feature = "collation")]
pub mod areas;
#[cfg(feature = "collation")]
pub mod banks;
#[cfg(feature = "collation")]
pub mod collation;

pub use campaigns::*;
pub use forms::*;
pub use i18n::Lang;
pub use ledger::*;
pub use needs::*;
pub use network::*;
pub use notices::*;
pub use paging::*;
pub use partner_plans::*;
pub use places::*;
pub use plans::*;
pub use pledges::*;
pub use site::*;
pub use staff::*;
