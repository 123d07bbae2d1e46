pub mod backup;
pub mod classifications;
pub mod cli;
pub mod config;
pub mod health;
pub mod metrics;
pub mod reference;
pub mod report;
