//! The fake Discord's own behaviour, driven by serenity itself: its REST
//! answers deserialise in serenity's HTTP client, every kind of injected
//! event reaches a serenity `EventHandler`, heartbeats are ACKed, and the
//! client re-identifies when a session cannot be resumed.

mod support;

use std::time::Duration;

use serenity::all::{
    AutocompleteChoice, ChannelId, ChannelType, ClientBuilder, Context, CreateActionRow,
    CreateAllowedMentions, CreateAttachment, CreateAutocompleteResponse, CreateButton, CreateEmbed,
    CreateInputText, CreateInteractionResponse, CreateInteractionResponseFollowup,
    CreateInteractionResponseMessage, CreateMessage, CreateModal, CreateThread,
    EditInteractionResponse, EventHandler, GatewayIntents, InputTextStyle, Interaction, Message,
    ShardManager, UserId,
};
use serenity::builder::Builder;
use std::sync::Arc;
use support::fake_discord::{
    self, Disconnect, EPHEMERAL, FakeConfig, FakeDiscord, GUILD_ID, GatewayRecord,
    PRACTICE_CHANNEL_ID, Place, mentions_nothing,
};

const WAIT: Duration = Duration::from_secs(5);

fn no_pings() -> CreateAllowedMentions {
    CreateAllowedMentions::new()
}

#[tokio::test]
async fn rest_routes_answer_serenity_http_calls() {
    let fake = FakeDiscord::start().await;
    let http = fake.http_with_app_id();
    let alice = fake.user("alice");

    // Startup calls.
    let me = http.get_current_user().await.expect("users/@me");
    assert_eq!(me.id.get(), fake_discord::BOT_USER_ID);
    let app = http.get_current_application_info().await.expect("app info");
    assert_eq!(app.id.get(), fake_discord::APPLICATION_ID);

    // DM channel, then a message in it.
    let dm = UserId::new(alice.id)
        .create_dm_channel(&http)
        .await
        .expect("DM channel");
    assert_eq!(dm.id.get(), fake.dm_channel_for(&alice));
    let m = dm
        .id
        .send_message(
            &http,
            CreateMessage::new()
                .content("hello @everyone")
                .allowed_mentions(no_pings()),
        )
        .await
        .expect("DM message");
    assert_eq!(m.content, "hello @everyone");
    let req = fake
        .wait_for_request(
            |r| r.is("POST", &format!("/channels/{}/messages", dm.id)),
            WAIT,
        )
        .await
        .unwrap();
    assert!(mentions_nothing(req.allowed_mentions().unwrap()));

    // Private thread in #practice, add the member, post an embed there.
    let thread = ChannelId::new(PRACTICE_CHANNEL_ID)
        .create_thread(
            &http,
            CreateThread::new("alice practice").kind(ChannelType::PrivateThread),
        )
        .await
        .expect("thread");
    assert_eq!(thread.kind, ChannelType::PrivateThread);
    thread
        .id
        .add_thread_member(&http, UserId::new(alice.id))
        .await
        .expect("thread member");
    assert_eq!(fake.thread_members(), vec![(thread.id.get(), alice.id)]);
    let posted = thread
        .id
        .send_message(
            &http,
            CreateMessage::new()
                .embed(
                    CreateEmbed::new()
                        .title("Ownership")
                        .description("Tell me..."),
                )
                .components(vec![CreateActionRow::Buttons(vec![
                    CreateButton::new("answer:1").label("Answer"),
                ])]),
        )
        .await
        .expect("embed message");
    assert_eq!(posted.embeds.len(), 1);
    assert_eq!(fake.messages_in(thread.id.get()).len(), 1);
    assert_eq!(
        fake.messages_in(thread.id.get())[0].custom_ids(),
        ["answer:1"]
    );

    // A thread from a message is public and takes the message's id.
    let from_msg = ChannelId::new(PRACTICE_CHANNEL_ID)
        .create_thread_from_message(&http, posted.id, CreateThread::new("t"))
        .await
        .expect("thread from message");
    assert_eq!(from_msg.id.get(), posted.id.get());

    // Edit a message.
    let edited = thread
        .id
        .edit_message(
            &http,
            posted.id,
            serenity::all::EditMessage::new().content("edited"),
        )
        .await
        .expect("edit");
    assert_eq!(edited.content, "edited");

    // Files go multipart; the fake parses payload_json and the file.
    dm.id
        .send_message(
            &http,
            CreateMessage::new()
                .content("your export")
                .add_file(CreateAttachment::bytes(
                    b"{\"a\":1}".to_vec(),
                    "export.json",
                )),
        )
        .await
        .expect("file upload");
    let up = fake
        .wait_for_request(|r| !r.files.is_empty(), WAIT)
        .await
        .unwrap();
    assert_eq!(up.content(), Some("your export"));
    assert_eq!(up.files[0].filename.as_deref(), Some("export.json"));
    assert_eq!(up.files[0].data, b"{\"a\":1}");

    // Interaction webhooks: deferred callback, edit original, followup.
    let sent = fake.slash(&alice, &fake.practice_channel(), "practice", vec![]);
    let token = sent.token.clone();
    let iid = serenity::all::InteractionId::new(sent.id);
    CreateInteractionResponse::Defer(CreateInteractionResponseMessage::new().ephemeral(true))
        .execute(&http, (iid, &token))
        .await
        .expect("defer");
    let original = http
        .edit_original_interaction_response(
            &token,
            &EditInteractionResponse::new()
                .content("scored")
                .allowed_mentions(no_pings()),
            vec![],
        )
        .await
        .expect("edit original");
    assert_eq!(original.content, "scored");
    assert_eq!(fake.original_response(&sent).unwrap().content(), "scored");
    assert!(fake.original_response(&sent).unwrap().ephemeral());
    let follow = CreateInteractionResponseFollowup::new()
        .content("probe")
        .ephemeral(true)
        .allowed_mentions(no_pings())
        .execute(&http, (None, &token))
        .await
        .expect("followup");
    assert_eq!(follow.content, "probe");
    assert_eq!(fake.responses_to(&sent).len(), 2);

    // A second callback is refused as on Discord.
    let again = CreateInteractionResponse::Acknowledge
        .execute(&http, (iid, &token))
        .await;
    assert!(again.is_err(), "second ack must fail");

    // Every message-sending request so far carried allowed_mentions except
    // the two this test sent without (the embed and the file).
    let without: Vec<_> = fake
        .message_requests()
        .into_iter()
        .filter(|r| r.allowed_mentions().is_none())
        .collect();
    assert_eq!(without.len(), 3, "{without:#?}"); // embed, edit, file

    // Failure injection and unknown routes.
    fake.fail_next("POST", "/channels/*/messages", 500, 0, "boom");
    assert!(dm.id.say(&http, "x").await.is_err());
    assert!(dm.id.say(&http, "y").await.is_ok());
    assert!(
        http.get_guild(serenity::all::GuildId::new(GUILD_ID))
            .await
            .is_err()
    );
    let unknown = fake.unknown_requests();
    assert_eq!(unknown.len(), 1);
    assert!(unknown[0].is("GET", "/guilds/*"));
    assert_eq!(unknown[0].status, 404);
}

#[tokio::test]
async fn rejected_token_is_401() {
    let fake = FakeDiscord::start().await;
    let http = serenity::http::HttpBuilder::new("wrong")
        .proxy(fake.base_url())
        .ratelimiter_disabled(true)
        .build();
    let e = http.get_current_user().await.unwrap_err();
    assert!(
        e.to_string().contains("401") || format!("{e:?}").contains("401"),
        "{e:?}"
    );
}

/// Records what the handler saw and answers like a bot would.
struct Recorder(tokio::sync::mpsc::UnboundedSender<String>);

#[serenity::async_trait]
impl EventHandler for Recorder {
    async fn message(&self, ctx: Context, msg: Message) {
        if msg.author.bot {
            return;
        }
        let _ = self.0.send(format!("message:{}", msg.content));
        let _ = msg
            .channel_id
            .send_message(
                &ctx,
                CreateMessage::new()
                    .content(format!("got {}", msg.content))
                    .allowed_mentions(no_pings()),
            )
            .await;
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        let r = match &interaction {
            Interaction::Command(c) => {
                let _ = self.0.send(format!("command:{}", c.data.name));
                c.create_response(
                    &ctx,
                    CreateInteractionResponse::Message(
                        CreateInteractionResponseMessage::new()
                            .content("prompt")
                            .components(vec![CreateActionRow::Buttons(vec![
                                CreateButton::new("answer:1").label("Answer"),
                            ])])
                            .allowed_mentions(no_pings()),
                    ),
                )
                .await
            }
            Interaction::Autocomplete(a) => {
                let typed = a.data.autocomplete().map(|o| o.value.to_string());
                let _ = self
                    .0
                    .send(format!("autocomplete:{}", typed.unwrap_or_default()));
                a.create_response(
                    &ctx,
                    CreateInteractionResponse::Autocomplete(
                        CreateAutocompleteResponse::new()
                            .set_choices(vec![AutocompleteChoice::new("Ownership", "ownership")]),
                    ),
                )
                .await
            }
            Interaction::Component(c) => {
                let _ = self.0.send(format!("component:{}", c.data.custom_id));
                c.create_response(
                    &ctx,
                    CreateInteractionResponse::Modal(
                        CreateModal::new("answer_modal:1", "Your answer").components(vec![
                            CreateActionRow::InputText(
                                CreateInputText::new(InputTextStyle::Paragraph, "Answer", "answer")
                                    .max_length(4000),
                            ),
                        ]),
                    ),
                )
                .await
            }
            Interaction::Modal(m) => {
                let text = m
                    .data
                    .components
                    .iter()
                    .flat_map(|r| &r.components)
                    .find_map(|c| match c {
                        serenity::all::ActionRowComponent::InputText(t) => t.value.clone(),
                        _ => None,
                    })
                    .unwrap_or_default();
                let _ = self.0.send(format!("modal:{text}"));
                m.create_response(
                    &ctx,
                    CreateInteractionResponse::Message(
                        CreateInteractionResponseMessage::new()
                            .content("scorecard")
                            .ephemeral(true)
                            .allowed_mentions(no_pings()),
                    ),
                )
                .await
            }
            _ => Ok(()),
        };
        if let Err(e) = r {
            let _ = self.0.send(format!("error:{e}"));
        }
    }
}

async fn start_client(
    fake: &FakeDiscord,
) -> (
    Arc<ShardManager>,
    tokio::sync::mpsc::UnboundedReceiver<String>,
    tokio::task::JoinHandle<()>,
) {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let intents = GatewayIntents::GUILDS | GatewayIntents::DIRECT_MESSAGES;
    let mut client = ClientBuilder::new_with_http(fake.http(), intents)
        .event_handler(Recorder(tx))
        .await
        .expect("client");
    let sm = client.shard_manager.clone();
    let task = tokio::spawn(async move {
        let _ = client.start().await;
    });
    (sm, rx, task)
}

async fn next(rx: &mut tokio::sync::mpsc::UnboundedReceiver<String>) -> String {
    tokio::time::timeout(WAIT, rx.recv())
        .await
        .expect("handler saw an event in time")
        .expect("channel open")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_injected_event_reaches_a_serenity_handler() {
    let fake = FakeDiscord::start().await;
    let alice = fake.user("alice");
    let (sm, mut rx, task) = start_client(&fake).await;
    fake.wait_for_session(0, WAIT).await.unwrap();
    let place = fake.practice_channel();

    // Slash command -> message with a button.
    let cmd = fake.slash(
        &alice,
        &place,
        "practice",
        vec![fake_discord::opt_str("principle", "ownership")],
    );
    assert_eq!(next(&mut rx).await, "command:practice");
    fake.wait_for_callback(&cmd, WAIT).await.unwrap();
    let prompt = fake.original_response(&cmd).expect("prompt message");
    assert_eq!(prompt.custom_ids(), ["answer:1"]);

    // Autocomplete.
    let ac = fake.autocomplete(&alice, &place, "practice", "principle", "own");
    assert_eq!(next(&mut rx).await, "autocomplete:own");
    let cb = fake.wait_for_callback(&ac, WAIT).await.unwrap();
    assert_eq!(cb.callback_type(), Some(8));
    assert_eq!(
        cb.body.as_ref().unwrap()["data"]["choices"][0]["value"],
        "ownership"
    );

    // Button on the prompt -> modal.
    let click = fake.click(&alice, &place, "answer:1", &prompt.json);
    assert_eq!(next(&mut rx).await, "component:answer:1");
    fake.wait_for_callback(&click, WAIT).await.unwrap();
    let modal = fake.modals().pop().expect("modal opened");
    assert_eq!(modal.custom_id, "answer_modal:1");
    assert_eq!(modal.inputs, ["answer"]);

    // Modal submit -> ephemeral scorecard.
    let answer = "I owned the outage review @everyone <@&1> ```x```";
    let sub = fake.submit_modal(
        &alice,
        &place,
        &modal.custom_id,
        &[("answer", answer)],
        Some(&prompt.json),
    );
    assert_eq!(next(&mut rx).await, format!("modal:{answer}"));
    fake.wait_for_callback(&sub, WAIT).await.unwrap();
    let card = fake.original_response(&sub).unwrap();
    assert!(card.ephemeral());
    assert_eq!(card.json["flags"].as_u64().unwrap() & EPHEMERAL, EPHEMERAL);

    // A plain DM -> reply in the DM channel.
    fake.dm_message(&alice, "my answer");
    assert_eq!(next(&mut rx).await, "message:my answer");
    let dm = fake.dm_channel_for(&alice);
    let reply = fake
        .wait_for_message(|m| m.channel_id == dm, WAIT)
        .await
        .unwrap();
    assert_eq!(reply.content(), "got my answer");

    // A command in DMs.
    fake.slash(&alice, &Place::dm(dm), "stats", vec![]);
    assert_eq!(next(&mut rx).await, "command:stats");

    // GUILD_CREATE for a second server arrives and is cached.
    let other = GUILD_ID + 1000;
    fake.guild_create(other, std::slice::from_ref(&alice));
    let mut guild_seen = false;
    for _ in 0..50 {
        // The cache is filled by the shard runner before handlers run.
        tokio::time::sleep(Duration::from_millis(20)).await;
        if fake
            .gateway_log()
            .iter()
            .filter(|r| r.is_dispatch("GUILD_CREATE"))
            .count()
            == 2
        {
            guild_seen = true;
            break;
        }
    }
    assert!(guild_seen);

    for r in fake.message_requests() {
        assert!(
            r.allowed_mentions().is_some_and(mentions_nothing),
            "{}",
            r.summary()
        );
    }
    assert!(
        fake.unknown_requests().is_empty(),
        "{:?}",
        fake.unknown_requests()
    );
    sm.shutdown_all().await;
    tokio::time::timeout(WAIT, task).await.unwrap().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn heartbeats_are_acked() {
    let fake = FakeDiscord::start_with(FakeConfig {
        heartbeat_interval_ms: 200,
        ..FakeConfig::default()
    })
    .await;
    let (sm, _rx, task) = start_client(&fake).await;
    fake.wait_for_session(0, WAIT).await.unwrap();
    let mark = fake.gateway_mark();
    fake.wait_for_gateway(mark, |r| r.is_received_op(1), WAIT)
        .await
        .unwrap();
    fake.wait_for_gateway(
        mark,
        |r| matches!(r, GatewayRecord::SentOp { op: 11, .. }),
        WAIT,
    )
    .await
    .unwrap();
    // Still one connection: ACKed heartbeats keep it alive.
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(fake.connection_count(), 1);
    sm.shutdown_all().await;
    tokio::time::timeout(WAIT, task).await.unwrap().unwrap();
}

/// When RESUME is refused (op 9 `false`) serenity re-identifies: a new
/// session, and an interaction injected meanwhile is still delivered.
/// serenity's shard queuer waits 5 s between two IDENTIFYs, so this test
/// takes about that long.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_resume_leads_to_a_new_identify() {
    let fake = FakeDiscord::start().await;
    let alice = fake.user("alice");
    let (sm, mut rx, task) = start_client(&fake).await;
    fake.wait_for_session(0, WAIT).await.unwrap();
    fake.set_resume_allowed(false);
    let mark = fake.gateway_mark();
    assert!(fake.disconnect(Disconnect::Close(4000)));
    fake.wait_for_gateway(mark, |r| r.is_received_op(6), WAIT)
        .await
        .unwrap();
    let sent = fake.slash(&alice, &fake.practice_channel(), "practice", vec![]);
    fake.wait_for_gateway(mark, |r| r.is_received_op(2), Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(fake.identifies().len(), 2);
    assert_eq!(next(&mut rx).await, "command:practice");
    fake.wait_for_callback(&sent, WAIT).await.unwrap();
    sm.shutdown_all().await;
    tokio::time::timeout(WAIT, task).await.unwrap().unwrap();
}
