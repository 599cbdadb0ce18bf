//! The Discord adapter: translates between Discord and the engine.

pub mod limits;
