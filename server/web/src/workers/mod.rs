pub mod composer;
pub mod mail;
pub mod outbox;
pub mod replicas;
