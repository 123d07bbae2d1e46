pub mod channels;
pub mod composer;
pub mod mail;
pub mod outbox;
pub mod replicas;
pub mod sms;
pub mod zalo_token;
pub mod zns;
