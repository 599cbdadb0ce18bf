//! Test support shared by the end-to-end tests: `mod support;` in a test
//! crate, then `use support::fake_discord::...`.
#![allow(dead_code)]

pub mod fake_discord;
