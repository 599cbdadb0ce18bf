//! An in-process fake Discord for end-to-end tests of the bot.
//!
//! One axum server on `127.0.0.1:0` serves both the REST API under
//! `/api/v10/...` and the gateway WebSocket at `/gateway`. The *real*
//! serenity client is pointed at it with
//!
//! ```ignore
//! let http = HttpBuilder::new(fake_discord::TOKEN)
//!     .proxy(fake.base_url())          // "http://127.0.0.1:PORT"
//!     .ratelimiter_disabled(true)      // required, or `proxy` is ignored
//!     .build();
//! let client = ClientBuilder::new_with_http(http, intents).framework(..).await?;
//! ```
//!
//! serenity asks `GET /api/v10/gateway` for the gateway URL; the fake
//! answers `ws://127.0.0.1:PORT/gateway` and serenity connects there with
//! `?v=10` appended.
//!
//! Everything the client does is recorded: every REST request
//! ([`RecordedRequest`]) and every gateway frame ([`GatewayRecord`]). Events
//! are handled by serenity in separate tasks, so tests wait for effects with
//! [`FakeDiscord::wait_for_request`] and friends rather than assume an order.
//!
//! The gateway keeps a per-session event log with sequence numbers, so a
//! RESUME replays what the client missed, and events injected while the bot
//! is disconnected are delivered once it is back (on RESUME as Discord does;
//! on a fresh IDENTIFY the never-sent ones are carried into the new session,
//! as if the user acted after the reconnect).
#![allow(dead_code)]

mod gateway;
pub mod payloads;
mod rest;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

#[allow(unused_imports)]
pub use payloads::{Place, TestUser, opt_bool, opt_int, opt_str, opt_user};

/// The bot token the fake accepts (REST `Authorization: Bot <TOKEN>` and
/// gateway IDENTIFY/RESUME).
pub const TOKEN: &str = "fake-discord-test-token";
/// The application id; as on Discord it equals the bot user's id.
pub const APPLICATION_ID: u64 = 1_300_000_000_000_000_001;
pub const BOT_USER_ID: u64 = APPLICATION_ID;
pub const BOT_NAME: &str = "starprobe";
/// The default server, and its text channels.
pub const GUILD_ID: u64 = 1_300_000_000_000_000_100;
pub const GENERAL_CHANNEL_ID: u64 = 1_300_000_000_000_000_200;
pub const PRACTICE_CHANNEL_ID: u64 = 1_300_000_000_000_000_201;
/// The application owner (also the server owner).
pub const OWNER_ID: u64 = 1_300_000_000_000_000_300;

/// Discord's deadline for the first response to an interaction.
pub const INTERACTION_DEADLINE: Duration = Duration::from_secs(3);

/// Flag bits of a message.
pub const EPHEMERAL: u64 = 1 << 6;
pub const LOADING: u64 = 1 << 7;

#[derive(Clone, Debug)]
pub struct FakeConfig {
    pub token: String,
    /// HELLO's `heartbeat_interval` (Discord: 41250 ms).
    pub heartbeat_interval_ms: u64,
    /// Servers the bot is in: listed unavailable in READY, then one
    /// GUILD_CREATE each (if `send_guild_create`).
    pub guilds: Vec<u64>,
    pub send_guild_create: bool,
    /// Members listed in GUILD_CREATE besides the bot.
    pub members: Vec<TestUser>,
    /// A callback arriving later than this after the interaction was
    /// written to the socket gets Discord's `404 Unknown interaction`
    /// (10062). `None` disables the check.
    pub interaction_deadline: Option<Duration>,
}

impl Default for FakeConfig {
    fn default() -> Self {
        FakeConfig {
            token: TOKEN.to_string(),
            heartbeat_interval_ms: 41_250,
            guilds: vec![GUILD_ID],
            send_guild_create: true,
            members: Vec::new(),
            interaction_deadline: Some(INTERACTION_DEADLINE),
        }
    }
}

/// One REST request the client made, and how the fake answered.
#[derive(Clone, Debug)]
pub struct RecordedRequest {
    /// Position in the request log (0-based).
    pub index: usize,
    pub method: String,
    /// Full path, e.g. `/api/v10/channels/1/messages`.
    pub path: String,
    /// Raw query string, if any (serenity writes `?&wait=true`).
    pub query: Option<String>,
    pub authorization: Option<String>,
    pub content_type: Option<String>,
    /// The JSON body, or for a multipart body its `payload_json` part.
    pub body: Option<Value>,
    /// Files of a multipart body: (field name, filename, bytes).
    pub files: Vec<RecordedFile>,
    pub raw_body: Vec<u8>,
    pub at: Instant,
    /// Status the fake answered.
    pub status: u16,
    /// False when no route matched (the fake answered 404).
    pub known_route: bool,
}

#[derive(Clone, Debug)]
pub struct RecordedFile {
    pub field: String,
    pub filename: Option<String>,
    pub data: Vec<u8>,
}

impl RecordedRequest {
    /// The path with the `/api/v10` prefix removed.
    pub fn route(&self) -> &str {
        self.path.strip_prefix("/api/v10").unwrap_or(&self.path)
    }

    /// `method` equals and the route (path after `/api/v10`) matches a
    /// pattern where `*` stands for one path segment:
    /// `r.is("POST", "/interactions/*/*/callback")`.
    pub fn is(&self, method: &str, pattern: &str) -> bool {
        self.method.eq_ignore_ascii_case(method) && route_matches(self.route(), pattern)
    }

    /// True for an interaction callback (`POST /interactions/{id}/{token}/callback`).
    pub fn is_callback_for(&self, interaction: &SentInteraction) -> bool {
        self.method == "POST"
            && self.route()
                == format!(
                    "/interactions/{}/{}/callback",
                    interaction.id, interaction.token
                )
    }

    /// True for any request on the interaction's webhook (edit original,
    /// followups).
    pub fn is_webhook_for(&self, interaction: &SentInteraction) -> bool {
        self.route().starts_with(&format!(
            "/webhooks/{}/{}",
            APPLICATION_ID, interaction.token
        ))
    }

    /// The message part of the body: `data` of an interaction callback,
    /// the body itself otherwise.
    pub fn message_payload(&self) -> Option<&Value> {
        let body = self.body.as_ref()?;
        if self.is("POST", "/interactions/*/*/callback") {
            body.get("data")
        } else {
            Some(body)
        }
    }

    /// Callback `type` (4 message, 5 deferred, 6 deferred update, 7 update,
    /// 8 autocomplete result, 9 modal).
    pub fn callback_type(&self) -> Option<u64> {
        if self.is("POST", "/interactions/*/*/callback") {
            self.body.as_ref()?.get("type")?.as_u64()
        } else {
            None
        }
    }

    pub fn content(&self) -> Option<&str> {
        self.message_payload()?.get("content")?.as_str()
    }

    pub fn embeds(&self) -> Vec<Value> {
        self.message_payload()
            .and_then(|m| m.get("embeds"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    }

    pub fn components(&self) -> Vec<Value> {
        self.message_payload()
            .and_then(|m| m.get("components"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    }

    /// `allowed_mentions` of the message this request sends, if present.
    pub fn allowed_mentions(&self) -> Option<&Value> {
        self.message_payload()?.get("allowed_mentions")
    }

    /// Whether this request sends or edits message content (so it should
    /// carry `allowed_mentions`).
    pub fn sends_message(&self) -> bool {
        let m = self.method.as_str();
        (m == "POST" && self.is("POST", "/channels/*/messages"))
            || (m == "PATCH" && self.route_matches("/channels/*/messages/*"))
            || (m == "POST" && self.route_matches("/webhooks/*/*"))
            || (m == "PATCH" && self.route_matches("/webhooks/*/*/messages/*"))
            || matches!(self.callback_type(), Some(4) | Some(7))
    }

    fn route_matches(&self, pattern: &str) -> bool {
        route_matches(self.route(), pattern)
    }

    /// Time from an instant (e.g. when the interaction was delivered).
    pub fn since(&self, earlier: Instant) -> Duration {
        self.at.saturating_duration_since(earlier)
    }

    /// One line for failure messages.
    pub fn summary(&self) -> String {
        let mut s = format!(
            "#{} {} {} -> {}",
            self.index, self.method, self.path, self.status
        );
        if let Some(b) = &self.body {
            let b = b.to_string();
            let cut: String = b.chars().take(160).collect();
            s.push_str(&format!(" {cut}"));
        }
        s
    }
}

/// `allowed_mentions` that lets nothing ping: `parse` empty or absent, no
/// `users`, no `roles`, `replied_user` not true.
pub fn mentions_nothing(allowed_mentions: &Value) -> bool {
    let empty = |k: &str| {
        allowed_mentions
            .get(k)
            .is_none_or(|v| v.is_null() || v.as_array().is_some_and(|a| a.is_empty()))
    };
    allowed_mentions.is_object()
        && empty("parse")
        && empty("users")
        && empty("roles")
        && allowed_mentions
            .get("replied_user")
            .and_then(Value::as_bool)
            != Some(true)
}

/// `*` matches one segment.
pub fn route_matches(route: &str, pattern: &str) -> bool {
    let r: Vec<&str> = route.trim_end_matches('/').split('/').collect();
    let p: Vec<&str> = pattern.trim_end_matches('/').split('/').collect();
    r.len() == p.len() && r.iter().zip(&p).all(|(a, b)| *b == "*" || a == b)
}

/// What happened on the gateway.
#[derive(Clone, Debug)]
pub enum GatewayRecord {
    Connected {
        conn: u64,
        at: Instant,
    },
    /// A frame from the client (op 1 heartbeat, 2 identify, 6 resume...).
    Received {
        conn: u64,
        op: u64,
        d: Value,
        at: Instant,
    },
    /// A dispatch (op 0) written to the client.
    Dispatched {
        conn: u64,
        event_id: u64,
        seq: u64,
        t: String,
        at: Instant,
    },
    /// A non-dispatch frame written (10 hello, 11 ack, 9 invalid session, 7 reconnect).
    SentOp {
        conn: u64,
        op: u64,
        at: Instant,
    },
    Closed {
        conn: u64,
        reason: String,
        at: Instant,
    },
}

impl GatewayRecord {
    pub fn conn(&self) -> u64 {
        match self {
            GatewayRecord::Connected { conn, .. }
            | GatewayRecord::Received { conn, .. }
            | GatewayRecord::Dispatched { conn, .. }
            | GatewayRecord::SentOp { conn, .. }
            | GatewayRecord::Closed { conn, .. } => *conn,
        }
    }

    pub fn is_received_op(&self, want: u64) -> bool {
        matches!(self, GatewayRecord::Received { op, .. } if *op == want)
    }

    pub fn is_dispatch(&self, name: &str) -> bool {
        matches!(self, GatewayRecord::Dispatched { t, .. } if t == name)
    }
}

/// How to drop the gateway connection.
#[derive(Clone, Copy, Debug)]
pub enum Disconnect {
    /// Send a close frame with this code (4000 "unknown error" is
    /// resumable; serenity resumes on any code but 4004 when it has a session).
    Close(u16),
    /// Drop the TCP connection without a close frame.
    Abrupt,
}

/// An interaction the fake put on the gateway.
#[derive(Clone, Debug)]
pub struct SentInteraction {
    pub id: u64,
    pub token: String,
    pub event_id: u64,
    /// The full INTERACTION_CREATE `d`.
    pub payload: Value,
}

/// A message the fake holds (created by the bot through any route).
#[derive(Clone, Debug)]
pub struct StoredMessage {
    pub id: u64,
    pub channel_id: u64,
    /// Token of the interaction it answers, if any.
    pub interaction_token: Option<String>,
    /// The full message object as the fake returns it.
    pub json: Value,
    /// Index of the request that created it.
    pub created_by: usize,
}

impl StoredMessage {
    pub fn ephemeral(&self) -> bool {
        self.json["flags"].as_u64().unwrap_or(0) & EPHEMERAL != 0
    }
    pub fn content(&self) -> &str {
        self.json["content"].as_str().unwrap_or("")
    }
    /// custom_ids of all components (buttons, selects) on the message.
    pub fn custom_ids(&self) -> Vec<String> {
        custom_ids(&self.json["components"])
    }
}

/// All `custom_id`s in a component tree.
pub fn custom_ids(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            Value::Object(o) => {
                if let Some(id) = o.get("custom_id").and_then(Value::as_str) {
                    out.push(id.to_string());
                }
                if let Some(c) = o.get("components") {
                    walk(c, out);
                }
            }
            _ => {}
        }
    }
    walk(v, &mut out);
    out
}

/// A modal the bot opened (callback type 9).
#[derive(Clone, Debug)]
pub struct OpenedModal {
    pub interaction_token: String,
    pub custom_id: String,
    /// custom_ids of its text inputs.
    pub inputs: Vec<String>,
    pub json: Value,
}

pub(crate) struct Interaction {
    pub(crate) id: u64,
    pub(crate) token: String,
    pub(crate) event_id: u64,
    pub(crate) channel_id: u64,
    pub(crate) guild_id: Option<u64>,
    pub(crate) user_id: u64,
    /// Message the component was on.
    pub(crate) message_id: Option<u64>,
    pub(crate) acked: Option<u64>,
    pub(crate) original: Option<u64>,
}

pub(crate) struct Dispatch {
    pub(crate) seq: u64,
    pub(crate) t: String,
    pub(crate) d: Value,
    pub(crate) event_id: u64,
}

pub(crate) struct Session {
    pub(crate) id: String,
    pub(crate) log: Vec<Dispatch>,
    /// Highest seq written to any socket.
    pub(crate) written: u64,
}

impl Session {
    fn next_seq(&self) -> u64 {
        self.log.last().map_or(1, |d| d.seq + 1)
    }
    pub(crate) fn push(&mut self, t: String, d: Value, event_id: u64) -> u64 {
        let seq = self.next_seq();
        self.log.push(Dispatch {
            seq,
            t,
            d,
            event_id,
        });
        seq
    }
}

pub(crate) enum ConnCmd {
    Disconnect(Disconnect),
    /// A raw frame (op 7 reconnect, op 9 invalid session...).
    Raw(Value),
}

pub(crate) struct LiveConn {
    pub(crate) id: u64,
    pub(crate) cmd: mpsc::UnboundedSender<ConnCmd>,
}

pub(crate) struct Failure {
    pub(crate) method: String,
    pub(crate) pattern: String,
    pub(crate) status: u16,
    pub(crate) body: Value,
}

#[derive(Default)]
pub(crate) struct Inner {
    pub(crate) requests: Vec<RecordedRequest>,
    pub(crate) gateway_log: Vec<GatewayRecord>,
    pub(crate) sessions: HashMap<String, Session>,
    pub(crate) current_session: Option<String>,
    /// Events injected before any session existed: (t, d, event_id).
    pub(crate) pending: Vec<(String, Value, u64)>,
    pub(crate) live: Option<LiveConn>,
    pub(crate) next_conn: u64,
    pub(crate) interactions: HashMap<String, Interaction>,
    pub(crate) messages: Vec<StoredMessage>,
    pub(crate) global_commands: Vec<Value>,
    pub(crate) guild_commands: HashMap<u64, Vec<Value>>,
    pub(crate) channels: HashMap<u64, Value>,
    pub(crate) dm_channels: HashMap<u64, u64>,
    pub(crate) thread_members: Vec<(u64, u64)>,
    pub(crate) users: HashMap<u64, TestUser>,
    pub(crate) modals: Vec<OpenedModal>,
    pub(crate) failures: Vec<Failure>,
}

pub(crate) struct Shared {
    pub(crate) config: FakeConfig,
    pub(crate) addr: SocketAddr,
    pub(crate) started: Instant,
    pub(crate) ids: AtomicU64,
    pub(crate) event_ids: AtomicU64,
    pub(crate) inner: Mutex<Inner>,
    /// Bumped on every record; waiters watch it.
    pub(crate) changed: watch::Sender<u64>,
    /// Bumped when a dispatch is queued; connection tasks watch it.
    pub(crate) events: watch::Sender<u64>,
    pub(crate) ack_heartbeats: AtomicBool,
    pub(crate) allow_resume: AtomicBool,
    pub(crate) bot: TestUser,
    pub(crate) owner: TestUser,
}

impl Shared {
    pub(crate) fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panicking test thread must not hide the fake's state from others.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn bump(&self) {
        self.changed.send_modify(|n| *n += 1);
    }

    /// A fresh snowflake: current time since the Discord epoch, then a counter.
    pub(crate) fn snowflake(&self) -> u64 {
        self.ids.fetch_add(1, Ordering::Relaxed)
    }

    pub(crate) fn gateway_url(&self) -> String {
        format!("ws://{}/gateway", self.addr)
    }

    pub(crate) fn record_gateway(&self, r: GatewayRecord) {
        self.lock().gateway_log.push(r);
        self.bump();
    }

    /// Queue a dispatch on the current session (or as pending when there
    /// is none yet) and wake the connection.
    pub(crate) fn enqueue(&self, t: &str, d: Value) -> u64 {
        let event_id = self.event_ids.fetch_add(1, Ordering::Relaxed);
        {
            let mut inner = self.lock();
            let current = inner.current_session.clone();
            match current.and_then(|s| inner.sessions.get_mut(&s)) {
                Some(session) => {
                    session.push(t.to_string(), d, event_id);
                }
                None => inner.pending.push((t.to_string(), d, event_id)),
            }
        }
        self.events.send_modify(|n| *n += 1);
        event_id
    }

    pub(crate) fn delivered_at(&self, event_id: u64) -> Option<Instant> {
        self.lock().gateway_log.iter().find_map(|r| match r {
            GatewayRecord::Dispatched {
                event_id: e, at, ..
            } if *e == event_id => Some(*at),
            _ => None,
        })
    }
}

/// The fake Discord. Dropping it stops the server.
pub struct FakeDiscord {
    shared: Arc<Shared>,
    server: JoinHandle<()>,
}

impl Drop for FakeDiscord {
    fn drop(&mut self) {
        self.server.abort();
    }
}

const DISCORD_EPOCH_MS: u64 = 1_420_070_400_000;

impl FakeDiscord {
    /// Start with the default world: one server ([`GUILD_ID`]) with
    /// `#general` and `#practice`.
    pub async fn start() -> FakeDiscord {
        Self::start_with(FakeConfig::default()).await
    }

    pub async fn start_with(config: FakeConfig) -> FakeDiscord {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let now_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("clock")
            .as_millis() as u64;
        let first_id = (now_ms - DISCORD_EPOCH_MS) << 22;
        let mut bot = TestUser::new(BOT_USER_ID, BOT_NAME);
        bot.bot = true;
        bot.permissions = payloads::APP_PERMISSIONS;
        let owner = TestUser::new(OWNER_ID, "owner").with_manage_guild();
        let mut inner = Inner::default();
        for u in config.members.iter().chain([&owner]) {
            inner.users.insert(u.id, u.clone());
        }
        for g in &config.guilds {
            for (id, name) in default_channels(*g) {
                inner
                    .channels
                    .insert(id, payloads::text_channel(id, *g, name, 0));
            }
        }
        let shared = Arc::new(Shared {
            config,
            addr,
            started: Instant::now(),
            ids: AtomicU64::new(first_id),
            event_ids: AtomicU64::new(1),
            inner: Mutex::new(inner),
            changed: watch::channel(0).0,
            events: watch::channel(0).0,
            ack_heartbeats: AtomicBool::new(true),
            allow_resume: AtomicBool::new(true),
            bot,
            owner,
        });
        let app = axum::Router::new()
            .route("/gateway", axum::routing::get(gateway::upgrade))
            .fallback(rest::handle)
            .with_state(shared.clone());
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakeDiscord { shared, server }
    }

    /// `http://127.0.0.1:PORT`, for `HttpBuilder::proxy`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.shared.addr)
    }

    /// `ws://127.0.0.1:PORT/gateway`, what `GET /api/v10/gateway` answers.
    pub fn gateway_url(&self) -> String {
        self.shared.gateway_url()
    }

    pub fn addr(&self) -> SocketAddr {
        self.shared.addr
    }

    pub fn config(&self) -> &FakeConfig {
        &self.shared.config
    }

    /// A serenity `Http` wired to this fake: token, proxy, rate limiter off.
    /// This is exactly what the bot does with `api_base` set, so prefer
    /// building the bot's own `Http` from [`Self::base_url`] in e2e tests.
    pub fn http(&self) -> serenity::http::Http {
        serenity::http::HttpBuilder::new(&self.shared.config.token)
            .proxy(self.base_url())
            .ratelimiter_disabled(true)
            .build()
    }

    /// [`Self::http`] with the application id preset. A client learns it
    /// from READY; a bare `Http` used before (or without) a gateway session
    /// needs it for interaction webhooks, else `ApplicationIdMissing`.
    pub fn http_with_app_id(&self) -> serenity::http::Http {
        serenity::http::HttpBuilder::new(&self.shared.config.token)
            .proxy(self.base_url())
            .ratelimiter_disabled(true)
            .application_id(serenity::all::ApplicationId::new(APPLICATION_ID))
            .build()
    }

    /// A fresh snowflake id.
    pub fn snowflake(&self) -> u64 {
        self.shared.snowflake()
    }

    /// A new member known to the fake (used for DM channels and GUILD_CREATE
    /// sent later).
    pub fn user(&self, name: &str) -> TestUser {
        let u = TestUser::new(self.snowflake(), name);
        self.shared.lock().users.insert(u.id, u.clone());
        u
    }

    pub fn bot_user(&self) -> TestUser {
        self.shared.bot.clone()
    }

    pub fn owner(&self) -> TestUser {
        self.shared.owner.clone()
    }

    /// The default practice channel of [`GUILD_ID`].
    pub fn practice_channel(&self) -> Place {
        Place::guild(GUILD_ID, PRACTICE_CHANNEL_ID)
    }

    // ---------------------------------------------------------------- gateway

    /// Put any dispatch on the gateway; returns its event id.
    pub fn dispatch(&self, t: &str, d: Value) -> u64 {
        self.shared.enqueue(t, d)
    }

    /// INTERACTION_CREATE with a ready-made interaction object; registers its
    /// id/token so the REST side accepts callbacks for it.
    pub fn send_interaction(&self, payload: Value) -> SentInteraction {
        let id: u64 = payload["id"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .expect("interaction id");
        let token = payload["token"].as_str().expect("token").to_string();
        let channel_id = payload["channel_id"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .expect("channel_id");
        let guild_id = payload["guild_id"].as_str().and_then(|s| s.parse().ok());
        let user_id = payload["member"]["user"]["id"]
            .as_str()
            .or(payload["user"]["id"].as_str())
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let message_id = payload["message"]["id"]
            .as_str()
            .and_then(|s| s.parse().ok());
        // Register before enqueueing: the bot may answer at once.
        let event_id = self.shared.event_ids.fetch_add(1, Ordering::Relaxed);
        self.shared.lock().interactions.insert(
            token.clone(),
            Interaction {
                id,
                token: token.clone(),
                event_id,
                channel_id,
                guild_id,
                user_id,
                message_id,
                acked: None,
                original: None,
            },
        );
        // Enqueue with the reserved event id.
        {
            let mut inner = self.shared.lock();
            let current = inner.current_session.clone();
            match current.and_then(|s| inner.sessions.get_mut(&s)) {
                Some(session) => {
                    session.push("INTERACTION_CREATE".into(), payload.clone(), event_id);
                }
                None => {
                    inner
                        .pending
                        .push(("INTERACTION_CREATE".into(), payload.clone(), event_id))
                }
            }
        }
        self.shared.events.send_modify(|n| *n += 1);
        SentInteraction {
            id,
            token,
            event_id,
            payload,
        }
    }

    fn new_interaction(&self, kind: u8, who: &TestUser, place: &Place, data: Value) -> Value {
        let id = self.snowflake();
        let token = format!("itok-{id}");
        payloads::interaction_base(kind, id, APPLICATION_ID, &token, who, place, data)
    }

    /// A slash command. The command id is the one the bot registered for
    /// that name (guild first, then global), or a fresh one.
    pub fn slash(
        &self,
        who: &TestUser,
        place: &Place,
        name: &str,
        options: Vec<Value>,
    ) -> SentInteraction {
        self.slash_with_resolved(who, place, name, options, None)
    }

    /// A slash command with `data.resolved` (e.g. for user options).
    pub fn slash_with_resolved(
        &self,
        who: &TestUser,
        place: &Place,
        name: &str,
        options: Vec<Value>,
        resolved: Option<Value>,
    ) -> SentInteraction {
        let cmd = self
            .command_id(name, place.guild_id)
            .unwrap_or(self.snowflake());
        let data = payloads::command_data(cmd, name, place.guild_id, options, resolved);
        self.send_interaction(self.new_interaction(2, who, place, data))
    }

    /// An autocomplete request while `who` types `partial` into `option`.
    pub fn autocomplete(
        &self,
        who: &TestUser,
        place: &Place,
        command: &str,
        option: &str,
        partial: &str,
    ) -> SentInteraction {
        let cmd = self
            .command_id(command, place.guild_id)
            .unwrap_or(self.snowflake());
        let data =
            payloads::autocomplete_data(cmd, command, place.guild_id, option, partial, vec![]);
        self.send_interaction(self.new_interaction(4, who, place, data))
    }

    /// A button press on `message` (a message object, e.g.
    /// [`StoredMessage::json`] of what the bot posted).
    pub fn click(
        &self,
        who: &TestUser,
        place: &Place,
        custom_id: &str,
        message: &Value,
    ) -> SentInteraction {
        let mut i = self.new_interaction(3, who, place, payloads::button_data(custom_id));
        i["message"] = message.clone();
        self.send_interaction(i)
    }

    /// A string-select choice on `message`.
    pub fn select(
        &self,
        who: &TestUser,
        place: &Place,
        custom_id: &str,
        values: &[&str],
        message: &Value,
    ) -> SentInteraction {
        let mut i = self.new_interaction(3, who, place, payloads::select_data(custom_id, values));
        i["message"] = message.clone();
        self.send_interaction(i)
    }

    /// A modal submitted with `fields` (text-input custom_id, value).
    /// `message` is the message whose button opened the modal, if any.
    pub fn submit_modal(
        &self,
        who: &TestUser,
        place: &Place,
        custom_id: &str,
        fields: &[(&str, &str)],
        message: Option<&Value>,
    ) -> SentInteraction {
        let mut i = self.new_interaction(5, who, place, payloads::modal_data(custom_id, fields));
        if let Some(m) = message {
            i["message"] = m.clone();
        }
        self.send_interaction(i)
    }

    /// A plain DM from `who` to the bot, in their DM channel. Returns the
    /// message id.
    pub fn dm_message(&self, who: &TestUser, content: &str) -> u64 {
        let channel = self.dm_channel_for(who);
        let id = self.snowflake();
        self.dispatch(
            "MESSAGE_CREATE",
            payloads::dm_message_create(id, channel, who, content),
        );
        id
    }

    /// A member's message in a server channel. Returns the message id.
    pub fn guild_message(&self, who: &TestUser, place: &Place, content: &str) -> u64 {
        let id = self.snowflake();
        self.dispatch(
            "MESSAGE_CREATE",
            payloads::guild_message_create(id, place, who, content),
        );
        id
    }

    /// GUILD_CREATE for a server with `#general` and `#practice` and the
    /// given members (sent automatically after READY for configured guilds).
    pub fn guild_create(&self, guild_id: u64, members: &[TestUser]) -> u64 {
        self.dispatch(
            "GUILD_CREATE",
            guild_create_payload(&self.shared, guild_id, members),
        )
    }

    /// The DM channel between the bot and `who` (the same one
    /// `POST /users/@me/channels` returns).
    pub fn dm_channel_for(&self, who: &TestUser) -> u64 {
        let mut inner = self.shared.lock();
        inner.users.entry(who.id).or_insert_with(|| who.clone());
        if let Some(c) = inner.dm_channels.get(&who.id) {
            return *c;
        }
        let c = self.shared.snowflake();
        inner.dm_channels.insert(who.id, c);
        inner
            .channels
            .insert(c, payloads::dm_channel(c, payloads::test_user(who)));
        c
    }

    /// Drop the live gateway connection. Returns false if none was live.
    pub fn disconnect(&self, how: Disconnect) -> bool {
        let inner = self.shared.lock();
        match &inner.live {
            Some(l) => l.cmd.send(ConnCmd::Disconnect(how)).is_ok(),
            None => false,
        }
    }

    /// Send op 7 RECONNECT (the client resumes).
    pub fn request_reconnect(&self) -> bool {
        self.send_raw(json!({ "op": 7, "d": null }))
    }

    /// Send op 9 INVALID SESSION.
    pub fn invalidate_session(&self, resumable: bool) -> bool {
        self.send_raw(json!({ "op": 9, "d": resumable }))
    }

    fn send_raw(&self, v: Value) -> bool {
        let inner = self.shared.lock();
        match &inner.live {
            Some(l) => l.cmd.send(ConnCmd::Raw(v)).is_ok(),
            None => false,
        }
    }

    /// Whether RESUME is accepted (default true). When false the fake
    /// answers RESUME with op 9 `false`, forcing a fresh IDENTIFY (serenity
    /// then waits up to 5 s in its shard queuer before it identifies again).
    pub fn set_resume_allowed(&self, allowed: bool) {
        self.shared.allow_resume.store(allowed, Ordering::SeqCst);
    }

    /// Whether heartbeats are ACKed (default true). Without ACKs serenity
    /// treats the connection as a zombie at its next heartbeat and restarts.
    pub fn set_ack_heartbeats(&self, ack: bool) {
        self.shared.ack_heartbeats.store(ack, Ordering::SeqCst);
    }

    pub fn gateway_log(&self) -> Vec<GatewayRecord> {
        self.shared.lock().gateway_log.clone()
    }

    /// Current length of the gateway log, to wait for what comes after.
    pub fn gateway_mark(&self) -> usize {
        self.shared.lock().gateway_log.len()
    }

    /// IDENTIFY payloads (`d`) received so far.
    pub fn identifies(&self) -> Vec<Value> {
        self.received_ops(2)
    }

    /// RESUME payloads (`d`) received so far.
    pub fn resumes(&self) -> Vec<Value> {
        self.received_ops(6)
    }

    fn received_ops(&self, want: u64) -> Vec<Value> {
        self.shared
            .lock()
            .gateway_log
            .iter()
            .filter_map(|r| match r {
                GatewayRecord::Received { op, d, .. } if *op == want => Some(d.clone()),
                _ => None,
            })
            .collect()
    }

    pub fn connection_count(&self) -> usize {
        self.shared
            .lock()
            .gateway_log
            .iter()
            .filter(|r| matches!(r, GatewayRecord::Connected { .. }))
            .count()
    }

    /// When the event was first written to a socket.
    pub fn delivered_at(&self, event_id: u64) -> Option<Instant> {
        self.shared.delivered_at(event_id)
    }

    /// Wait for a gateway record at or after `mark` matching `pred`.
    pub async fn wait_for_gateway(
        &self,
        mark: usize,
        pred: impl Fn(&GatewayRecord) -> bool,
        timeout: Duration,
    ) -> Result<GatewayRecord, String> {
        self.wait_until(timeout, |inner| {
            inner
                .gateway_log
                .iter()
                .skip(mark)
                .find(|r| pred(r))
                .cloned()
        })
        .await
        .map_err(|()| {
            let log = self.gateway_log();
            format!(
                "no matching gateway record after #{mark} within {timeout:?}; log:\n{}",
                log.iter()
                    .map(|r| format!("  {r:?}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        })
    }

    /// Wait until READY (or RESUMED) has been written to the client after
    /// `mark`; returns the record.
    pub async fn wait_for_session(
        &self,
        mark: usize,
        timeout: Duration,
    ) -> Result<GatewayRecord, String> {
        self.wait_for_gateway(
            mark,
            |r| r.is_dispatch("READY") || r.is_dispatch("RESUMED"),
            timeout,
        )
        .await
    }

    /// Wait until the event has been written to the client.
    pub async fn wait_delivered(
        &self,
        event_id: u64,
        timeout: Duration,
    ) -> Result<Instant, String> {
        self.wait_until(timeout, |inner| {
            inner.gateway_log.iter().find_map(|r| match r {
                GatewayRecord::Dispatched {
                    event_id: e, at, ..
                } if *e == event_id => Some(*at),
                _ => None,
            })
        })
        .await
        .map_err(|()| format!("event {event_id} not delivered within {timeout:?}"))
    }

    // ------------------------------------------------------------------- REST

    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.lock().requests.clone()
    }

    /// Current length of the request log.
    pub fn request_mark(&self) -> usize {
        self.shared.lock().requests.len()
    }

    pub fn requests_since(&self, mark: usize) -> Vec<RecordedRequest> {
        self.shared
            .lock()
            .requests
            .iter()
            .skip(mark)
            .cloned()
            .collect()
    }

    /// Requests no route matched (answered 404).
    pub fn unknown_requests(&self) -> Vec<RecordedRequest> {
        self.requests()
            .into_iter()
            .filter(|r| !r.known_route)
            .collect()
    }

    /// Wait for the first recorded request (including earlier ones)
    /// matching `pred`.
    pub async fn wait_for_request(
        &self,
        pred: impl Fn(&RecordedRequest) -> bool,
        timeout: Duration,
    ) -> Result<RecordedRequest, String> {
        self.wait_for_request_after(0, pred, timeout).await
    }

    /// Wait for the first request at index >= `mark` matching `pred`.
    pub async fn wait_for_request_after(
        &self,
        mark: usize,
        pred: impl Fn(&RecordedRequest) -> bool,
        timeout: Duration,
    ) -> Result<RecordedRequest, String> {
        self.wait_until(timeout, |inner| {
            inner.requests.iter().skip(mark).find(|r| pred(r)).cloned()
        })
        .await
        .map_err(|()| {
            format!(
                "no matching request after #{mark} within {timeout:?}; recorded:\n{}",
                self.requests()
                    .iter()
                    .map(|r| format!("  {}", r.summary()))
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        })
    }

    /// Wait for the interaction's callback (`POST .../callback`).
    pub async fn wait_for_callback(
        &self,
        interaction: &SentInteraction,
        timeout: Duration,
    ) -> Result<RecordedRequest, String> {
        self.wait_for_request(|r| r.is_callback_for(interaction), timeout)
            .await
    }

    /// Time from the interaction reaching the socket to its callback.
    pub async fn ack_latency(
        &self,
        interaction: &SentInteraction,
        timeout: Duration,
    ) -> Result<Duration, String> {
        let cb = self.wait_for_callback(interaction, timeout).await?;
        let at = self
            .delivered_at(interaction.event_id)
            .ok_or("callback before delivery")?;
        Ok(cb.since(at))
    }

    /// Every request that sends or edits a message.
    pub fn message_requests(&self) -> Vec<RecordedRequest> {
        self.requests()
            .into_iter()
            .filter(RecordedRequest::sends_message)
            .collect()
    }

    /// Make the next request matching `method` and `pattern` (see
    /// [`RecordedRequest::is`]) fail with `status` and a Discord error body.
    pub fn fail_next(&self, method: &str, pattern: &str, status: u16, code: u64, message: &str) {
        self.shared.lock().failures.push(Failure {
            method: method.to_string(),
            pattern: pattern.to_string(),
            status,
            body: payloads::error_body(code, message),
        });
    }

    // ------------------------------------------------------------- the world

    /// Messages the bot created, in order.
    pub fn messages(&self) -> Vec<StoredMessage> {
        self.shared.lock().messages.clone()
    }

    pub fn messages_in(&self, channel_id: u64) -> Vec<StoredMessage> {
        self.messages()
            .into_iter()
            .filter(|m| m.channel_id == channel_id)
            .collect()
    }

    pub fn message(&self, id: u64) -> Option<StoredMessage> {
        self.shared
            .lock()
            .messages
            .iter()
            .find(|m| m.id == id)
            .cloned()
    }

    /// The original response to an interaction (after callback type 4/5,
    /// with later edits applied).
    pub fn original_response(&self, interaction: &SentInteraction) -> Option<StoredMessage> {
        let id = self
            .shared
            .lock()
            .interactions
            .get(&interaction.token)?
            .original?;
        self.message(id)
    }

    /// Messages answering the interaction (original and followups).
    pub fn responses_to(&self, interaction: &SentInteraction) -> Vec<StoredMessage> {
        self.messages()
            .into_iter()
            .filter(|m| m.interaction_token.as_deref() == Some(&interaction.token))
            .collect()
    }

    /// Wait until a message satisfying `pred` exists.
    pub async fn wait_for_message(
        &self,
        pred: impl Fn(&StoredMessage) -> bool,
        timeout: Duration,
    ) -> Result<StoredMessage, String> {
        self.wait_until(timeout, |inner| {
            inner.messages.iter().rev().find(|m| pred(m)).cloned()
        })
        .await
        .map_err(|()| {
            format!(
                "no matching message within {timeout:?}; requests:\n{}",
                self.requests()
                    .iter()
                    .map(|r| format!("  {}", r.summary()))
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        })
    }

    /// Modals the bot opened.
    pub fn modals(&self) -> Vec<OpenedModal> {
        self.shared.lock().modals.clone()
    }

    /// Commands registered: `None` for global, `Some(guild)` per server.
    pub fn registered_commands(&self, guild_id: Option<u64>) -> Vec<Value> {
        let inner = self.shared.lock();
        match guild_id {
            None => inner.global_commands.clone(),
            Some(g) => inner.guild_commands.get(&g).cloned().unwrap_or_default(),
        }
    }

    /// Id of a registered command by name (guild commands first).
    pub fn command_id(&self, name: &str, guild_id: Option<u64>) -> Option<u64> {
        let inner = self.shared.lock();
        let find = |cmds: &Vec<Value>| {
            cmds.iter()
                .find(|c| c["name"] == name)
                .and_then(|c| c["id"].as_str()?.parse().ok())
        };
        guild_id
            .and_then(|g| inner.guild_commands.get(&g).and_then(find))
            .or_else(|| find(&inner.global_commands))
    }

    /// Channels the fake knows (guild text channels, threads the bot
    /// created, DM channels).
    pub fn channel(&self, id: u64) -> Option<Value> {
        self.shared.lock().channels.get(&id).cloned()
    }

    /// Threads the bot created, in order.
    pub fn threads(&self) -> Vec<Value> {
        let inner = self.shared.lock();
        let mut t: Vec<Value> = inner
            .channels
            .values()
            .filter(|c| matches!(c["type"].as_u64(), Some(10..=12)))
            .cloned()
            .collect();
        t.sort_by_key(|c| c["id"].as_str().and_then(|s| s.parse::<u64>().ok()));
        t
    }

    /// (thread, user) pairs added with `PUT /channels/{thread}/thread-members/{user}`.
    pub fn thread_members(&self) -> Vec<(u64, u64)> {
        self.shared.lock().thread_members.clone()
    }

    async fn wait_until<T>(
        &self,
        timeout: Duration,
        mut check: impl FnMut(&Inner) -> Option<T>,
    ) -> Result<T, ()> {
        let mut rx = self.shared.changed.subscribe();
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            if let Some(v) = check(&self.shared.lock()) {
                return Ok(v);
            }
            match tokio::time::timeout_at(deadline, rx.changed()).await {
                Ok(Ok(())) => continue,
                _ => {
                    return check(&self.shared.lock()).ok_or(());
                }
            }
        }
    }
}

pub(crate) fn default_channels(guild_id: u64) -> Vec<(u64, &'static str)> {
    if guild_id == GUILD_ID {
        vec![
            (GENERAL_CHANNEL_ID, "general"),
            (PRACTICE_CHANNEL_ID, "practice"),
        ]
    } else {
        // Derived ids for extra servers: guild id + 1, + 2.
        vec![(guild_id + 1, "general"), (guild_id + 2, "practice")]
    }
}

pub(crate) fn guild_create_payload(shared: &Shared, guild_id: u64, members: &[TestUser]) -> Value {
    let chans = default_channels(guild_id);
    {
        let mut inner = shared.lock();
        for (id, name) in &chans {
            inner
                .channels
                .entry(*id)
                .or_insert_with(|| payloads::text_channel(*id, guild_id, name, 0));
        }
    }
    let mut all = members.to_vec();
    all.push(shared.owner.clone());
    payloads::guild_create(
        guild_id,
        &format!("server-{guild_id}"),
        OWNER_ID,
        &shared.bot,
        &all,
        &chans,
    )
}
