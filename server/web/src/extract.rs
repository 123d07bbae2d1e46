//! Extractors: what a handler needs of the request before it starts.
