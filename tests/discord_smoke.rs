//! Smoke test of the fake Discord: the real serenity 0.12.5 client with a
//! minimal poise 0.7.1 framework connects to it on 127.0.0.1, registers a
//! guild command, answers `/ping` within Discord's deadline with
//! `allowed_mentions` set, survives a dropped gateway connection, and shuts
//! down cleanly.

mod support;

use std::sync::Arc;
use std::time::Duration;

use poise::serenity_prelude as serenity;
use serenity::GatewayIntents;
use support::fake_discord::{
    self, Disconnect, FakeDiscord, GUILD_ID, GatewayRecord, INTERACTION_DEADLINE, mentions_nothing,
};

type Error = Box<dyn std::error::Error + Send + Sync>;
type Ctx<'a> = poise::Context<'a, (), Error>;

const WAIT: Duration = Duration::from_secs(5);

/// Answers pong.
#[poise::command(slash_command)]
async fn ping(ctx: Ctx<'_>) -> Result<(), Error> {
    ctx.say("pong").await?;
    Ok(())
}

/// A running bot: the serenity client in a task, and its shard manager.
struct Bot {
    shard_manager: Arc<serenity::ShardManager>,
    task: tokio::task::JoinHandle<Result<(), serenity::Error>>,
}

impl Bot {
    async fn start(fake: &FakeDiscord) -> Bot {
        let framework = poise::Framework::builder()
            .options(poise::FrameworkOptions {
                commands: vec![ping()],
                // poise's default lets user mentions ping; the bot must send
                // an empty list so quoted text can never ping anyone.
                allowed_mentions: Some(serenity::CreateAllowedMentions::new()),
                ..Default::default()
            })
            .setup(|ctx, _ready, framework| {
                Box::pin(async move {
                    poise::builtins::register_in_guild(
                        ctx,
                        &framework.options().commands,
                        serenity::GuildId::new(GUILD_ID),
                    )
                    .await?;
                    Ok(())
                })
            })
            .build();
        let intents = GatewayIntents::GUILDS | GatewayIntents::DIRECT_MESSAGES;
        let mut client = serenity::ClientBuilder::new_with_http(fake.http(), intents)
            .framework(framework)
            .await
            .expect("client builds");
        let shard_manager = client.shard_manager.clone();
        let task = tokio::spawn(async move { client.start().await });
        Bot {
            shard_manager,
            task,
        }
    }

    async fn stop(self) {
        self.shard_manager.shutdown_all().await;
        let res = tokio::time::timeout(WAIT, self.task)
            .await
            .expect("client stops after shutdown_all")
            .expect("client task did not panic");
        assert!(res.is_ok(), "client.start() returned {res:?}");
    }
}

/// Send `/ping` and check the callback: in time, "pong", mentions nothing.
async fn ping_roundtrip(fake: &FakeDiscord, who: &fake_discord::TestUser) {
    let sent = fake.slash(who, &fake.practice_channel(), "ping", vec![]);
    let cb = fake
        .wait_for_callback(&sent, INTERACTION_DEADLINE + WAIT)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let delivered = fake.delivered_at(sent.event_id).expect("delivered");
    let latency = cb.since(delivered);
    assert!(latency < INTERACTION_DEADLINE, "callback after {latency:?}");
    assert_eq!(cb.status, 204, "{}", cb.summary());
    assert_eq!(cb.callback_type(), Some(4), "{}", cb.summary());
    assert_eq!(cb.content(), Some("pong"));
    let am = cb
        .allowed_mentions()
        .unwrap_or_else(|| panic!("no allowed_mentions in {}", cb.summary()));
    assert!(mentions_nothing(am), "allowed_mentions {am}");
    let original = fake
        .original_response(&sent)
        .expect("original response stored");
    assert_eq!(original.content(), "pong");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serenity_and_poise_connect_answer_and_resume() {
    let fake = FakeDiscord::start().await;
    let alice = fake.user("alice");
    let bot = Bot::start(&fake).await;

    // Connect: gateway URL from REST, HELLO, IDENTIFY, READY.
    fake.wait_for_session(0, WAIT)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let identify = &fake.identifies()[0];
    let intents = identify["intents"].as_u64().expect("intents");
    assert_eq!(
        intents,
        (GatewayIntents::GUILDS | GatewayIntents::DIRECT_MESSAGES).bits()
    );
    assert!(fake.requests().iter().any(|r| r.is("GET", "/gateway")));

    // poise's setup registers the guild command; the fake echoes ids.
    let put = fake
        .wait_for_request(
            |r| {
                r.is(
                    "PUT",
                    &format!("/applications/*/guilds/{GUILD_ID}/commands"),
                )
            },
            WAIT,
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(put.status, 200);
    assert_eq!(put.body.as_ref().unwrap()[0]["name"], "ping");
    assert!(fake.command_id("ping", Some(GUILD_ID)).is_some());

    ping_roundtrip(&fake, &alice).await;

    // Drop the TCP connection without a close frame: serenity resumes.
    let mark = fake.gateway_mark();
    assert!(fake.disconnect(Disconnect::Abrupt));
    fake.wait_for_gateway(mark, |r| r.is_received_op(6), WAIT)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    fake.wait_for_session(mark, WAIT)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    ping_roundtrip(&fake, &alice).await;

    // Close with 4000 and inject the next command at once, while the client
    // is reconnecting: the RESUME replays it, nothing is lost.
    let mark = fake.gateway_mark();
    assert!(fake.disconnect(Disconnect::Close(4000)));
    ping_roundtrip(&fake, &alice).await;
    let resumed = fake
        .wait_for_gateway(mark, |r| r.is_dispatch("RESUMED"), WAIT)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(resumed, GatewayRecord::Dispatched { .. }));

    // One IDENTIFY in all, two RESUMEs, three connections.
    assert_eq!(fake.identifies().len(), 1);
    assert_eq!(fake.resumes().len(), 2);
    assert_eq!(fake.connection_count(), 3);

    // Heartbeat ACKs and unknown routes: nothing unexpected was called.
    let unknown: Vec<String> = fake
        .unknown_requests()
        .iter()
        .map(|r| r.summary())
        .collect();
    assert!(unknown.is_empty(), "unknown routes: {unknown:?}");

    if std::env::var_os("FAKE_DISCORD_DUMP").is_some() {
        for r in fake.requests() {
            eprintln!("{}", r.summary());
        }
        for g in fake.gateway_log() {
            eprintln!("{g:?}");
        }
    }
    bot.stop().await;
    // serenity closes with 1000 on shutdown.
    fake.wait_for_gateway(
        0,
        |r| matches!(r, GatewayRecord::Closed { reason, .. } if reason.contains("1000")),
        WAIT,
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
}
