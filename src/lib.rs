//! starprobe: behavioral mock interviews with an explainable, deterministic rubric.
//!
//! The core (rubric, prompt bank, engine, store) knows nothing of Discord or
//! the terminal; transports translate to and from it.

pub mod bank;
pub mod discord;
pub mod engine;
pub mod model;
pub mod report;
pub mod rubric;
pub mod source;
pub mod store;
pub mod transcript;
