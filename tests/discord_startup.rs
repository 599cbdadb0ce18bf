//! `starprobe bot` refuses to start, with one clear line, when it cannot
//! work: a rejected token, an unusable data directory, a bad config file.

mod support;

use starprobe::discord::{self, Settings};
use std::process::Command;
use support::fake_discord::{self, FakeDiscord};

fn settings(fake: &FakeDiscord, dir: &std::path::Path) -> Settings {
    Settings {
        data_dir: dir.to_path_buf(),
        api_base: Some(fake.base_url()),
        ..Settings::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_token_stops_the_bot_before_it_connects() {
    let fake = FakeDiscord::start().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let err = discord::start(settings(&fake, dir.path()), "not-the-token")
        .await
        .err()
        .expect("a wrong token must not start");
    assert!(err.to_string().contains("rejected the token"), "{err}");
    assert!(
        fake.identifies().is_empty(),
        "no gateway connection with a bad token"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unusable_data_directory_is_named() {
    let fake = FakeDiscord::start().await;
    let file = tempfile::NamedTempFile::new().expect("temp file");
    let err = discord::start(settings(&fake, file.path()), fake_discord::TOKEN)
        .await
        .err()
        .expect("a file is not a data directory");
    assert!(
        err.to_string().contains(&file.path().display().to_string()),
        "{err}"
    );
}

#[test]
fn the_binary_reports_config_and_token_problems_in_one_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "guilds = []\ncovered_threshold = 101\n").expect("write config");
    let run = |token: Option<&str>| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_starprobe"));
        cmd.arg("bot")
            .arg("--config")
            .arg(&config)
            .env_remove("DISCORD_TOKEN");
        if let Some(t) = token {
            cmd.env("DISCORD_TOKEN", t);
        }
        cmd.output().expect("binary runs")
    };
    let bad_config = run(Some("x"));
    let stderr = String::from_utf8_lossy(&bad_config.stderr);
    assert_eq!(bad_config.status.code(), Some(2));
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("config.toml:2: `covered_threshold`"),
        "{stderr}"
    );

    std::fs::write(&config, "").expect("write config");
    let no_token = run(None);
    let stderr = String::from_utf8_lossy(&no_token.stderr);
    assert_eq!(no_token.status.code(), Some(2));
    assert!(stderr.contains("DISCORD_TOKEN is not set"), "{stderr}");
}
