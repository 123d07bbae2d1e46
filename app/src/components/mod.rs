pub mod auto_submit;
pub mod layout;
pub mod need_card;
pub mod progress;
