//! starprobe: behavioral mock interviews with an explainable, deterministic rubric.
//!
//! The core (rubric, prompt bank) knows nothing of Discord or the terminal;
//! transports translate to and from it.

pub mod bank;
pub mod discord;
pub mod report;
pub mod rubric;
