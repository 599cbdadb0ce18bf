//! Every payload the fake Discord sends must deserialise into serenity
//! 0.12.5's own types; a payload that does not is dropped silently by the
//! shard runner (it logs "Unhandled error" and never dispatches it), so this
//! is the cheap check that keeps the fake honest.

mod support;

use serde_json::{Value, json};
use serenity::all::{
    Channel, Command, CurrentApplicationInfo, CurrentUser, GuildChannel, Interaction, Message,
    PrivateChannel,
};
use serenity::model::event::{Event, GatewayEvent};
use support::fake_discord::payloads::{self, Place, TestUser};
use support::fake_discord::{APPLICATION_ID, GUILD_ID, OWNER_ID, PRACTICE_CHANNEL_ID};

fn alice() -> TestUser {
    TestUser::new(1_300_000_000_000_001_000, "alice")
}

fn guild_place() -> Place {
    Place::guild(GUILD_ID, PRACTICE_CHANNEL_ID)
}

fn dm_place() -> Place {
    Place::dm(1_300_000_000_000_002_000)
}

/// Parse a dispatch exactly as serenity's shard does (`GatewayEvent`).
fn dispatch(t: &str, d: Value) -> Event {
    let frame = json!({ "op": 0, "s": 1, "t": t, "d": d });
    match serde_json::from_value::<GatewayEvent>(frame) {
        Ok(GatewayEvent::Dispatch(1, e)) => e,
        Ok(other) => panic!("{t}: not a dispatch: {other:?}"),
        Err(e) => panic!("{t} does not deserialise: {e}"),
    }
}

fn interaction(kind: u8, place: &Place, data: Value) -> Value {
    payloads::interaction_base(kind, 42, APPLICATION_ID, "tok", &alice(), place, data)
}

fn interaction_event(v: Value) -> Interaction {
    match dispatch("INTERACTION_CREATE", v) {
        Event::InteractionCreate(e) => e.interaction,
        other => panic!("not an interaction: {other:?}"),
    }
}

fn bot_message() -> Value {
    let mut m = payloads::message(
        7,
        PRACTICE_CHANNEL_ID,
        Some(GUILD_ID),
        payloads::user(APPLICATION_ID, "starprobe", true),
        "prompt",
    );
    m["components"] = json!([{ "type": 1, "components": [
        { "type": 2, "style": 1, "label": "Answer", "custom_id": "answer:1" }
    ]}]);
    m["embeds"] = json!([{ "title": "Ownership", "description": "Tell me about...",
        "fields": [{ "name": "a", "value": "b", "inline": false }], "color": 5793266 }]);
    m
}

#[test]
fn hello_heartbeat_ack_and_invalid_session_parse() {
    let hello: GatewayEvent =
        serde_json::from_value(json!({"op": 10, "d": {"heartbeat_interval": 41250}})).unwrap();
    assert!(matches!(hello, GatewayEvent::Hello(41250)));
    let ack: GatewayEvent = serde_json::from_value(json!({"op": 11})).unwrap();
    assert!(matches!(ack, GatewayEvent::HeartbeatAck));
    let inv: GatewayEvent = serde_json::from_value(json!({"op": 9, "d": false})).unwrap();
    assert!(matches!(inv, GatewayEvent::InvalidateSession(false)));
    let rec: GatewayEvent = serde_json::from_value(json!({"op": 7, "d": null})).unwrap();
    assert!(matches!(rec, GatewayEvent::Reconnect));
}

#[test]
fn ready_and_resumed_parse() {
    let mut bot = TestUser::new(APPLICATION_ID, "starprobe");
    bot.bot = true;
    let ready = payloads::ready(
        &bot,
        APPLICATION_ID,
        &[GUILD_ID],
        "sid",
        "ws://127.0.0.1:1/gateway",
    );
    match dispatch("READY", ready) {
        Event::Ready(r) => {
            assert_eq!(r.ready.session_id, "sid");
            assert_eq!(r.ready.application.id.get(), APPLICATION_ID);
            assert_eq!(r.ready.user.id.get(), APPLICATION_ID);
            assert_eq!(r.ready.guilds.len(), 1);
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        dispatch("RESUMED", json!({"_trace": ["x"]})),
        Event::Resumed(_)
    ));
}

#[test]
fn guild_create_parses() {
    let mut bot = TestUser::new(APPLICATION_ID, "starprobe");
    bot.bot = true;
    let owner = TestUser::new(OWNER_ID, "owner");
    let g = payloads::guild_create(
        GUILD_ID,
        "study group",
        OWNER_ID,
        &bot,
        &[alice(), owner],
        &[(PRACTICE_CHANNEL_ID, "practice")],
    );
    match dispatch("GUILD_CREATE", g) {
        Event::GuildCreate(e) => {
            assert_eq!(e.guild.id.get(), GUILD_ID);
            assert_eq!(e.guild.members.len(), 3);
            assert_eq!(e.guild.channels.len(), 1);
            assert_eq!(e.guild.roles.len(), 1);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn slash_command_in_guild_and_dm_parse() {
    let data = payloads::command_data(
        9,
        "practice",
        Some(GUILD_ID),
        vec![
            payloads::opt_str("principle", "ownership"),
            payloads::opt_int("n", 3),
        ],
        None,
    );
    let i = interaction_event(interaction(2, &guild_place(), data));
    let Interaction::Command(c) = i else {
        panic!("{i:?}")
    };
    assert_eq!(c.data.name, "practice");
    assert_eq!(c.user.name, "alice", "user is copied from member");
    assert_eq!(c.guild_id.map(|g| g.get()), Some(GUILD_ID));
    assert_eq!(c.data.options.len(), 2);
    assert_eq!(c.token, "tok");
    assert!(c.member.is_some());

    let data = payloads::command_data(9, "stats", None, vec![], None);
    let i = interaction_event(interaction(2, &dm_place(), data));
    let Interaction::Command(c) = i else {
        panic!("{i:?}")
    };
    assert!(c.guild_id.is_none());
    assert_eq!(c.user.name, "alice");
}

#[test]
fn user_option_with_resolved_parses() {
    let bob = TestUser::new(1_300_000_000_000_001_001, "bob");
    let data = payloads::command_data(
        9,
        "stats",
        Some(GUILD_ID),
        vec![payloads::opt_user("member", bob.id)],
        Some(payloads::resolved_users(std::slice::from_ref(&bob), true)),
    );
    let Interaction::Command(c) = interaction_event(interaction(2, &guild_place(), data)) else {
        panic!()
    };
    let opts = c.data.options();
    match &opts[0].value {
        serenity::all::ResolvedValue::User(u, m) => {
            assert_eq!(u.id.get(), bob.id);
            assert!(m.is_some());
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn autocomplete_parses() {
    let data =
        payloads::autocomplete_data(9, "practice", Some(GUILD_ID), "principle", "own", vec![]);
    let i = interaction_event(interaction(4, &guild_place(), data));
    let Interaction::Autocomplete(c) = i else {
        panic!("{i:?}")
    };
    let focused = c.data.autocomplete().expect("focused option");
    assert_eq!(focused.name, "principle");
    assert_eq!(focused.value, "own");
}

#[test]
fn button_and_select_parse() {
    let mut v = interaction(3, &guild_place(), payloads::button_data("answer:1"));
    v["message"] = bot_message();
    let i = interaction_event(v);
    let Interaction::Component(c) = i else {
        panic!("{i:?}")
    };
    assert_eq!(c.data.custom_id, "answer:1");
    assert!(matches!(
        c.data.kind,
        serenity::all::ComponentInteractionDataKind::Button
    ));
    assert_eq!(c.message.id.get(), 7);
    assert_eq!(c.message.components.len(), 1);

    let mut v = interaction(3, &dm_place(), payloads::select_data("pick", &["a"]));
    let mut m = bot_message();
    m["channel_id"] = json!(dm_place().channel_id.to_string());
    m.as_object_mut().unwrap().remove("guild_id");
    v["message"] = m;
    let Interaction::Component(c) = interaction_event(v) else {
        panic!()
    };
    assert!(matches!(
        c.data.kind,
        serenity::all::ComponentInteractionDataKind::StringSelect { .. }
    ));
}

#[test]
fn modal_submit_parses() {
    let data = payloads::modal_data("answer_modal:1", &[("answer", "I led the migration.")]);
    let mut v = interaction(5, &guild_place(), data);
    v["message"] = bot_message();
    let i = interaction_event(v);
    let Interaction::Modal(m) = i else {
        panic!("{i:?}")
    };
    assert_eq!(m.data.custom_id, "answer_modal:1");
    let serenity::all::ActionRowComponent::InputText(t) = &m.data.components[0].components[0]
    else {
        panic!()
    };
    assert_eq!(t.custom_id, "answer");
    assert_eq!(t.value.as_deref(), Some("I led the migration."));

    // Without a message (modal opened by a slash command).
    let data = payloads::modal_data("m", &[("answer", "x")]);
    assert!(matches!(
        interaction_event(interaction(5, &dm_place(), data)),
        Interaction::Modal(_)
    ));
}

#[test]
fn message_create_dm_and_guild_parse() {
    let m = payloads::dm_message_create(11, dm_place().channel_id, &alice(), "my answer");
    match dispatch("MESSAGE_CREATE", m) {
        Event::MessageCreate(e) => {
            assert_eq!(e.message.content, "my answer");
            assert!(e.message.guild_id.is_none());
        }
        other => panic!("{other:?}"),
    }
    let m = payloads::guild_message_create(12, &guild_place(), &alice(), "hi");
    match dispatch("MESSAGE_CREATE", m) {
        Event::MessageCreate(e) => assert_eq!(e.message.guild_id.map(|g| g.get()), Some(GUILD_ID)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn rest_responses_parse() {
    let mut bot = TestUser::new(APPLICATION_ID, "starprobe");
    bot.bot = true;
    let owner = TestUser::new(OWNER_ID, "owner");

    let _: CurrentUser = serde_json::from_value(payloads::test_user(&bot)).unwrap();
    let app: CurrentApplicationInfo =
        serde_json::from_value(payloads::application_info(APPLICATION_ID, &bot, &owner)).unwrap();
    assert_eq!(app.owner.map(|o| o.id.get()), Some(OWNER_ID));

    let sent = json!({ "name": "ping", "description": "Pong", "options": [] });
    let c: Command = serde_json::from_value(payloads::registered_command(
        &sent,
        5,
        APPLICATION_ID,
        Some(GUILD_ID),
    ))
    .unwrap();
    assert_eq!(c.name, "ping");

    let m: Message = serde_json::from_value(bot_message()).unwrap();
    assert_eq!(m.embeds.len(), 1);

    let t: GuildChannel = serde_json::from_value(payloads::thread_channel(
        20,
        GUILD_ID,
        PRACTICE_CHANNEL_ID,
        APPLICATION_ID,
        "alice practice",
        12,
        1440,
    ))
    .unwrap();
    assert!(t.thread_metadata.is_some());
    let ch: Channel = serde_json::from_value(payloads::thread_channel(
        20,
        GUILD_ID,
        PRACTICE_CHANNEL_ID,
        APPLICATION_ID,
        "t",
        11,
        60,
    ))
    .unwrap();
    assert!(ch.guild().is_some());

    let dm: PrivateChannel =
        serde_json::from_value(payloads::dm_channel(30, payloads::test_user(&alice()))).unwrap();
    assert_eq!(dm.recipient.name, "alice");
    let _: GuildChannel =
        serde_json::from_value(payloads::text_channel(31, GUILD_ID, "practice", 1)).unwrap();
}
