pub mod identity;
pub mod lang;
pub mod observe;
pub mod page_cache;
pub mod rate_limit;
pub mod security;
pub mod server_fns;
pub mod static_files;
