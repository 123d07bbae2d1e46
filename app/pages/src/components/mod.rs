pub mod amount_presets;
pub mod auto_submit;
pub mod bar_chart;
pub mod copy_button;
pub mod layout;
pub mod need_card;
pub mod page_title;
pub mod progress;
