//! End-to-end tests of the Discord bot (issue 4): the real bot
//! (`starprobe::discord::start`, serenity 0.12.5 + poise 0.7.1) against the
//! fake Discord on 127.0.0.1, driven as members would use it: slash
//! commands, buttons, modals, plain DMs, a dropped gateway.
//!
//! Every test runs its own fake and its own bot over a sled database in a
//! fresh temporary directory, waits for effects (serenity handles events in
//! separate tasks) and ends with the same checks of Discord correctness on
//! everything the bot sent: each interaction answered within 3 s, every
//! message's `allowed_mentions` pinging nobody, every embed, message and
//! component within Discord's limits, no REST call refused.

mod support;

use std::collections::BTreeSet;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::Value;
use starprobe::discord::{BotHandle, Settings};
use starprobe::model::Outcome;
use starprobe::store::Store;
use support::fake_discord::{
    self, Disconnect, EPHEMERAL, FakeDiscord, GUILD_ID, INTERACTION_DEADLINE, LOADING,
    PRACTICE_CHANNEL_ID, Place, RecordedRequest, SentInteraction, StoredMessage, TestUser,
    custom_ids, mentions_nothing, opt_bool, opt_int, opt_str, opt_user, payloads,
};

/// How long to wait for any one effect. Generous: tests run in parallel.
const WAIT: Duration = Duration::from_secs(8);

/// The principle every session here practises, and its strong answer.
const PRINCIPLE: &str = "deliver-results";
/// A sentence of the strong answer that the scorecard quotes as evidence.
const STRONG_QUOTED: &str = "I owned the release of our v5 checkout redesign";
/// The answer to the escalation probe the strong answer earns.
const FOLLOW_UP: &str = "I raised it with my manager at standup the same morning, told her which date it would block, and asked for one decision by Wednesday: approve the fallback or move the partner date. When the partner lead pushed back, I escalated to our director with the crash data and she signed off that afternoon.";

/// The strong answer of a calibration fixture (multi-paragraph, scores
/// well above the covered threshold).
fn strong(principle: &str) -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/triples.toml");
    let source = std::fs::read_to_string(path).expect("fixture triples.toml");
    let table: toml::Table = toml::from_str(&source).expect("fixture parses");
    table["triple"]
        .as_array()
        .expect("triples")
        .iter()
        .find(|t| t["principle"].as_str() == Some(principle))
        .and_then(|t| t["strong"].as_str())
        .unwrap_or_else(|| panic!("no strong fixture for {principle}"))
        .trim()
        .to_string()
}

fn answer_id(who: &TestUser) -> String {
    format!("sp:answer:{}", who.id)
}
fn finish_id(who: &TestUser) -> String {
    format!("sp:finish:{}", who.id)
}
fn modal_id(who: &TestUser) -> String {
    format!("sp:modal:{}", who.id)
}
fn key(who: &TestUser) -> String {
    who.id.to_string()
}

// ------------------------------------------------------------------ checks

/// Discord's length of a text (UTF-16 code units, never fewer than
/// Discord's count).
fn len(s: &str) -> usize {
    s.encode_utf16().count()
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF)
}

/// A combining mark with no base before it: a cut through a character.
fn orphaned_mark(s: &str) -> bool {
    let mut prev: Option<char> = None;
    for c in s.chars() {
        if is_combining(c) && prev.is_none_or(|p| p.is_whitespace() || matches!(p, '“' | '"' | '…'))
        {
            return true;
        }
        prev = Some(c);
    }
    false
}

/// Every text of a message payload: content, embed titles, descriptions,
/// fields, footers, authors.
fn text_of(message: &Value) -> String {
    let mut out = Vec::new();
    if let Some(c) = message["content"].as_str() {
        out.push(c.to_string());
    }
    for e in message["embeds"].as_array().into_iter().flatten() {
        for k in ["title", "description"] {
            if let Some(s) = e[k].as_str() {
                out.push(s.to_string());
            }
        }
        for f in e["fields"].as_array().into_iter().flatten() {
            out.push(f["name"].as_str().unwrap_or("").to_string());
            out.push(f["value"].as_str().unwrap_or("").to_string());
        }
        if let Some(s) = e["footer"]["text"].as_str() {
            out.push(s.to_string());
        }
        if let Some(s) = e["author"]["name"].as_str() {
            out.push(s.to_string());
        }
    }
    out.join("\n")
}

/// All strings inside a JSON value.
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(o) => o.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

/// What is wrong with a message payload by Discord's limits.
fn limit_problems(message: &Value) -> Vec<String> {
    let mut p = Vec::new();
    if let Some(c) = message["content"].as_str()
        && len(c) > 2000
    {
        p.push(format!("content of {} > 2000", len(c)));
    }
    let embeds = message["embeds"].as_array().cloned().unwrap_or_default();
    if embeds.len() > 10 {
        p.push(format!("{} embeds > 10", embeds.len()));
    }
    let mut all_embeds = 0;
    for (i, e) in embeds.iter().enumerate() {
        let s = |k: &str| e[k].as_str().map_or(0, len);
        let mut total = s("title") + s("description");
        if s("title") > 256 {
            p.push(format!("embed {i} title {} > 256", s("title")));
        }
        if s("description") > 4096 {
            p.push(format!("embed {i} description {} > 4096", s("description")));
        }
        let fields = e["fields"].as_array().cloned().unwrap_or_default();
        if fields.len() > 25 {
            p.push(format!("embed {i}: {} fields > 25", fields.len()));
        }
        for (j, f) in fields.iter().enumerate() {
            let name = f["name"].as_str().unwrap_or("");
            let value = f["value"].as_str().unwrap_or("");
            if name.trim().is_empty() || value.trim().is_empty() {
                p.push(format!("embed {i} field {j} has an empty name or value"));
            }
            if len(name) > 256 {
                p.push(format!("embed {i} field {j} name {} > 256", len(name)));
            }
            if len(value) > 1024 {
                p.push(format!("embed {i} field {j} value {} > 1024", len(value)));
            }
            total += len(name) + len(value);
        }
        let footer = e["footer"]["text"].as_str().map_or(0, len);
        if footer > 2048 {
            p.push(format!("embed {i} footer {footer} > 2048"));
        }
        let author = e["author"]["name"].as_str().map_or(0, len);
        if author > 256 {
            p.push(format!("embed {i} author {author} > 256"));
        }
        total += footer + author;
        if total > 6000 {
            p.push(format!("embed {i} totals {total} > 6000"));
        }
        all_embeds += total;
    }
    if all_embeds > 6000 {
        p.push(format!("embeds of one message total {all_embeds} > 6000"));
    }
    let rows = message["components"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    if rows.len() > 5 {
        p.push(format!("{} action rows > 5", rows.len()));
    }
    for row in &rows {
        let items = row["components"].as_array().cloned().unwrap_or_default();
        if items.len() > 5 {
            p.push(format!("a row of {} components > 5", items.len()));
        }
        for c in items {
            if c["label"].as_str().map_or(0, len) > 80 {
                p.push("button label > 80".into());
            }
            if c["custom_id"].as_str().map_or(0, len) > 100 {
                p.push("custom_id > 100".into());
            }
        }
    }
    let mut texts = Vec::new();
    strings(&message["embeds"], &mut texts);
    if let Some(c) = message["content"].as_str() {
        texts.push(c.to_string());
    }
    for t in texts {
        if orphaned_mark(&t) {
            p.push(format!(
                "a combining mark lost its character in {:?}",
                t.chars().take(80).collect::<String>()
            ));
        }
    }
    p
}

/// The component with this custom id, anywhere in a message.
fn component<'a>(message: &'a Value, custom_id: &str) -> Option<&'a Value> {
    fn walk<'a>(v: &'a Value, id: &str) -> Option<&'a Value> {
        match v {
            Value::Array(a) => a.iter().find_map(|x| walk(x, id)),
            Value::Object(o) => {
                if o.get("custom_id").and_then(Value::as_str) == Some(id) {
                    return Some(v);
                }
                o.get("components").and_then(|c| walk(c, id))
            }
            _ => None,
        }
    }
    walk(&message["components"], custom_id)
}

fn label(message: &Value, custom_id: &str) -> String {
    component(message, custom_id)
        .and_then(|c| c["label"].as_str())
        .unwrap_or_else(|| panic!("no button {custom_id} on {message}"))
        .to_string()
}

fn flags(message: &Value) -> u64 {
    message["flags"].as_u64().unwrap_or(0)
}

fn ephemeral_callback(cb: &RecordedRequest) -> bool {
    cb.message_payload().map_or(0, flags) & EPHEMERAL != 0
}

// ------------------------------------------------------------------- world

/// Knobs of one test's bot.
struct Opts {
    probes: u8,
    threshold: u8,
    fake: fake_discord::FakeConfig,
}

impl Default for Opts {
    fn default() -> Self {
        Opts {
            probes: 1,
            threshold: 60,
            fake: fake_discord::FakeConfig::default(),
        }
    }
}

/// A fake Discord, the bot pointed at it, and every interaction sent.
struct World {
    fake: FakeDiscord,
    handle: Option<BotHandle>,
    _dir: tempfile::TempDir,
    sent: Mutex<Vec<SentInteraction>>,
    started: Instant,
}

impl World {
    async fn start(opts: Opts) -> World {
        let started = Instant::now();
        let fake = FakeDiscord::start_with(opts.fake).await;
        let dir = tempfile::tempdir().expect("temp dir");
        let settings = Settings {
            data_dir: dir.path().join("data"),
            guilds: vec![GUILD_ID],
            probes_per_session: opts.probes,
            covered_threshold: opts.threshold,
            session_expiry_hours: 24,
            api_base: Some(fake.base_url()),
            log: "warn".to_string(),
        };
        let handle = tokio::time::timeout(
            WAIT,
            starprobe::discord::start(settings, fake_discord::TOKEN),
        )
        .await
        .expect("start returns")
        .expect("the bot starts");
        fake.wait_for_session(0, WAIT)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        // Commands registered in the configured server before anyone types.
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
        assert_eq!(put.status, 200, "{}", put.summary());
        World {
            fake,
            handle: Some(handle),
            _dir: dir,
            sent: Mutex::new(Vec::new()),
            started,
        }
    }

    fn engine(&self) -> &std::sync::Arc<starprobe::engine::Engine<starprobe::store::SledStore>> {
        self.handle.as_ref().expect("bot running").engine()
    }

    fn keep(&self, s: SentInteraction) -> SentInteraction {
        self.sent.lock().unwrap().push(s.clone());
        s
    }

    fn slash(
        &self,
        who: &TestUser,
        place: &Place,
        name: &str,
        options: Vec<Value>,
    ) -> SentInteraction {
        self.keep(self.fake.slash(who, place, name, options))
    }

    fn slash_resolved(
        &self,
        who: &TestUser,
        place: &Place,
        name: &str,
        options: Vec<Value>,
        resolved: Value,
    ) -> SentInteraction {
        self.keep(
            self.fake
                .slash_with_resolved(who, place, name, options, Some(resolved)),
        )
    }

    fn click(
        &self,
        who: &TestUser,
        place: &Place,
        custom_id: &str,
        message: &StoredMessage,
    ) -> SentInteraction {
        self.keep(self.fake.click(who, place, custom_id, &message.json))
    }

    fn submit(
        &self,
        who: &TestUser,
        place: &Place,
        custom_id: &str,
        text: &str,
        message: Option<&StoredMessage>,
    ) -> SentInteraction {
        self.keep(self.fake.submit_modal(
            who,
            place,
            custom_id,
            &[("answer", text)],
            message.map(|m| &m.json),
        ))
    }

    /// The callback of an interaction, after checking it was in time and
    /// accepted.
    async fn callback(&self, sent: &SentInteraction) -> RecordedRequest {
        let cb = self
            .fake
            .wait_for_callback(sent, WAIT)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let delivered = self.fake.delivered_at(sent.event_id).expect("delivered");
        assert!(
            cb.since(delivered) < INTERACTION_DEADLINE,
            "callback {:?} after delivery: {}",
            cb.since(delivered),
            cb.summary()
        );
        assert_eq!(cb.status, 204, "{}", cb.summary());
        cb
    }

    /// The original response once it is no longer a loading placeholder.
    async fn settled(&self, sent: &SentInteraction) -> StoredMessage {
        self.callback(sent).await;
        self.fake
            .wait_for_message(
                |m| {
                    m.interaction_token.as_deref() == Some(sent.token.as_str())
                        && flags(&m.json) & LOADING == 0
                },
                WAIT,
            )
            .await
            .unwrap_or_else(|e| panic!("response to {}: {e}", sent.payload["data"]))
    }

    /// The modal a button or `/answer` opened.
    async fn modal(&self, sent: &SentInteraction) -> fake_discord::OpenedModal {
        let cb = self.callback(sent).await;
        assert_eq!(
            cb.callback_type(),
            Some(9),
            "expected a modal: {}",
            cb.summary()
        );
        self.fake
            .modals()
            .into_iter()
            .find(|m| m.interaction_token == sent.token)
            .expect("modal recorded")
    }

    /// `/practice` in thread mode: the thread the member was added to and
    /// the prompt posted there.
    async fn practice_in_thread(
        &self,
        who: &TestUser,
        principle: Option<&str>,
    ) -> (Place, StoredMessage, SentInteraction) {
        let options = principle
            .map(|p| vec![opt_str("principle", p)])
            .unwrap_or_default();
        let mark = self.fake.request_mark();
        let cmd = self.slash(who, &self.fake.practice_channel(), "practice", options);
        let cb = self.callback(&cmd).await;
        assert_eq!(cb.callback_type(), Some(5), "deferred: {}", cb.summary());
        let add = self
            .fake
            .wait_for_request_after(
                mark,
                |r| r.is("PUT", &format!("/channels/*/thread-members/{}", who.id)),
                WAIT,
            )
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let thread: u64 = add.route().split('/').nth(2).unwrap().parse().unwrap();
        let prompt = self
            .fake
            .wait_for_message(
                |m| m.channel_id == thread && m.custom_ids().contains(&answer_id(who)),
                WAIT,
            )
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        (
            Place::thread(GUILD_ID, thread, PRACTICE_CHANNEL_ID),
            prompt,
            cmd,
        )
    }

    /// Presses Answer on `on`, checks the modal, submits `text`; returns
    /// the submit interaction and the response it settled to.
    async fn answer(
        &self,
        who: &TestUser,
        place: &Place,
        on: &StoredMessage,
        text: &str,
    ) -> (SentInteraction, StoredMessage) {
        let click = self.click(who, place, &answer_id(who), on);
        let modal = self.modal(&click).await;
        assert_eq!(modal.custom_id, modal_id(who));
        assert_eq!(modal.inputs, vec!["answer".to_string()]);
        let submit = self.submit(who, place, &modal.custom_id, text, Some(on));
        let card = self.settled(&submit).await;
        (submit, card)
    }

    /// The visible text of an interaction's final response, and whether it
    /// is ephemeral (after a direct reply or a deferral and its edit).
    async fn reply(&self, sent: &SentInteraction) -> (String, bool) {
        let cb = self.callback(sent).await;
        let m = self.settled(sent).await;
        let ephemeral = m.ephemeral() || ephemeral_callback(&cb);
        (text_of(&m.json), ephemeral)
    }

    /// Everything any response addressed to `who` showed: messages in
    /// their thread or DM and every response to their interactions.
    fn seen_by(&self, who: &TestUser, own_channels: &[u64]) -> Vec<String> {
        let tokens: BTreeSet<String> = self
            .sent
            .lock()
            .unwrap()
            .iter()
            .filter(|s| {
                s.payload["member"]["user"]["id"].as_str() == Some(&key(who))
                    || s.payload["user"]["id"].as_str() == Some(&key(who))
            })
            .map(|s| s.token.clone())
            .collect();
        let mut out: Vec<String> = self
            .fake
            .messages()
            .iter()
            .filter(|m| {
                own_channels.contains(&m.channel_id)
                    || m.interaction_token
                        .as_ref()
                        .is_some_and(|t| tokens.contains(t))
            })
            .map(|m| text_of(&m.json))
            .collect();
        // Also every request that sent them something (a later edit may
        // have replaced an earlier text in the stored message).
        for r in self.fake.message_requests() {
            let to_them = tokens.iter().any(|t| r.path.contains(t.as_str()))
                || own_channels
                    .iter()
                    .any(|c| r.route().starts_with(&format!("/channels/{c}/")));
            if to_them && let Some(p) = r.message_payload() {
                out.push(text_of(p));
            }
        }
        out
    }

    /// The checks every test ends with, then shutdown.
    async fn finish(mut self) {
        let sent = self.sent.lock().unwrap().clone();
        for s in &sent {
            let latency =
                self.fake.ack_latency(s, WAIT).await.unwrap_or_else(|e| {
                    panic!("interaction {} unanswered: {e}", s.payload["data"])
                });
            assert!(
                latency < INTERACTION_DEADLINE,
                "interaction {} answered after {latency:?}",
                s.payload["data"]
            );
        }
        // Let trailing edits land before judging them.
        tokio::time::sleep(Duration::from_millis(150)).await;
        let handle = self.handle.take().expect("bot running");
        tokio::time::timeout(Duration::from_secs(15), handle.shutdown())
            .await
            .expect("shutdown returns")
            .expect("shutdown succeeds");
        let requests = self.fake.requests();
        let refused: Vec<String> = requests
            .iter()
            .filter(|r| r.status >= 400 || !r.known_route)
            .map(RecordedRequest::summary)
            .collect();
        assert!(
            refused.is_empty(),
            "requests refused by Discord: {refused:#?}"
        );
        for r in requests.iter().filter(|r| r.sends_message()) {
            let am = r
                .allowed_mentions()
                .unwrap_or_else(|| panic!("no allowed_mentions: {}", r.summary()));
            assert!(
                mentions_nothing(am),
                "allowed_mentions {am} on {}",
                r.summary()
            );
            let payload = r.message_payload().cloned().unwrap_or(Value::Null);
            let problems = limit_problems(&payload);
            assert!(problems.is_empty(), "{problems:?} in {}", r.summary());
        }
        // Type-5 deferrals carry no message; everything else that carries
        // one was checked above. Stored messages after edits, too:
        for m in self.fake.messages() {
            let problems = limit_problems(&m.json);
            assert!(
                problems.is_empty(),
                "{problems:?} in stored message {}",
                m.id
            );
        }
        let took = self.started.elapsed();
        eprintln!(
            "{} interactions, {} requests in {took:?}",
            sent.len(),
            requests.len()
        );
    }
}

/// Waits until `f` gives a value (for state that settles after a response).
async fn eventually<T>(what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn title_of(bank_principle: &str, world: &World) -> String {
    world
        .engine()
        .bank()
        .get(bank_principle)
        .expect("principle in bank")
        .title
        .clone()
}

// ------------------------------------------------------------------- tests

/// 1. A whole session in a server: /practice opens a private thread with
/// the prompt; Answer opens the modal; the strong answer gets a scorecard
/// and a probe; the follow-up gets a scorecard that shows the change and
/// the summary; the channel gets a one-line note; sled holds it all.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_whole_guild_session_from_practice_to_summary() {
    let w = World::start(Opts::default()).await;
    let alice = w.fake.user("alice");
    let title = title_of(PRINCIPLE, &w);
    let story = strong(PRINCIPLE);

    let (thread, prompt, cmd) = w.practice_in_thread(&alice, Some(PRINCIPLE)).await;
    // A private thread in the practice channel, with the member in it.
    let created = w
        .fake
        .requests()
        .into_iter()
        .find(|r| r.is("POST", &format!("/channels/{PRACTICE_CHANNEL_ID}/threads")))
        .expect("thread created in the practice channel");
    assert_eq!(
        created.body.as_ref().unwrap()["type"],
        12,
        "{}",
        created.summary()
    );
    assert!(
        w.fake
            .thread_members()
            .contains(&(thread.channel_id, alice.id))
    );
    // The prompt: an embed and an Answer button for alice.
    assert_eq!(prompt.json["embeds"].as_array().map_or(0, Vec::len), 1);
    assert!(text_of(&prompt.json).contains(&title), "{}", prompt.json);
    assert_eq!(label(&prompt.json, &answer_id(&alice)), "Answer");
    // The deferred reply becomes a short ephemeral note pointing at the thread.
    let note = w.settled(&cmd).await;
    assert!(note.ephemeral(), "{}", note.json);
    assert!(
        text_of(&note.json).contains(&thread.channel_id.to_string()),
        "note does not point at the thread: {}",
        note.json
    );

    // First answer: modal, deferral, scorecard, probe, two buttons.
    let (submit1, card1) = w.answer(&alice, &thread, &prompt, &story).await;
    assert_eq!(w.callback(&submit1).await.callback_type(), Some(5));
    // README (commit 3873395): in a server the scorecard is always an
    // ephemeral reply, even in the private thread (it quotes the answer).
    assert!(card1.ephemeral(), "a server scorecard is ephemeral");
    let modal_json = &w.fake.modals()[0].json;
    let input = &modal_json["components"][0]["components"][0];
    assert_eq!(input["style"], 2, "paragraph input: {modal_json}");
    assert_eq!(input["max_length"], 4000, "{modal_json}");
    let embeds = card1.json["embeds"].as_array().cloned().unwrap_or_default();
    let score = &embeds[0];
    let score_title = score["title"].as_str().unwrap_or("");
    assert!(
        score_title.contains(&title) && score_title.contains("/100"),
        "scorecard title {score_title:?}"
    );
    let fields = score["fields"].as_array().cloned().unwrap_or_default();
    assert!(fields.len() >= 4, "a field per weighted signal: {score}");
    assert!(
        fields
            .iter()
            .any(|f| f["value"].as_str().unwrap_or("").contains(STRONG_QUOTED)),
        "quoted evidence missing: {score}"
    );
    assert!(
        fields
            .iter()
            .any(|f| f["name"].as_str().unwrap_or("").contains('█')
                || f["name"].as_str().unwrap_or("").contains('░')
                || f["value"].as_str().unwrap_or("").contains('█')),
        "no bars: {score}"
    );
    assert_eq!(label(&card1.json, &answer_id(&alice)), "Answer follow-up");
    assert_eq!(label(&card1.json, &finish_id(&alice)), "Finish");
    // Sled: one answer, a probe waiting.
    let active = w
        .engine()
        .export(&key(&alice))
        .unwrap()
        .active
        .expect("session active");
    assert_eq!(active.turns.len(), 1);
    assert_eq!(active.turns[0].answer.trim(), story);
    let probe = active.pending.as_ref().expect("a probe waits").text.clone();
    assert!(
        text_of(&card1.json).contains(probe.trim()),
        "the probe text is shown: {probe:?}"
    );
    let first = active.turns[0].card.overall;
    assert!(first >= 60, "the strong answer scored {first}");

    // Follow-up (the last probe): scorecard with the change, then summary.
    let (_, card2) = w.answer(&alice, &thread, &card1, FOLLOW_UP).await;
    let history = w.engine().history(&key(&alice)).unwrap();
    assert_eq!(history.len(), 1, "the session is finished");
    let done = &history[0];
    assert_eq!(done.outcome, Outcome::Finished);
    assert_eq!(done.turns.len(), 2);
    assert_eq!(done.turns[0].answer.trim(), story);
    assert_eq!(done.turns[1].answer.trim(), FOLLOW_UP);
    let last = done.turns[1].card.overall;
    let text2 = text_of(&card2.json);
    assert!(
        text2.contains(&format!("{last}/100")),
        "second score: {text2}"
    );
    assert!(
        text2.contains(&first.to_string()),
        "the change from {first} is not shown: {text2}"
    );
    let summary = card2.json["embeds"]
        .as_array()
        .and_then(|e| e.last())
        .cloned()
        .expect("summary embed");
    let summary_text = text_of(&serde_json::json!({ "embeds": [summary] }));
    assert!(
        summary_text.contains(&first.to_string()) && summary_text.contains(&last.to_string()),
        "summary shows first {first} and final {last}: {summary_text}"
    );
    assert!(
        !custom_ids(&card2.json["components"]).contains(&answer_id(&alice)),
        "no Answer button once the session is over: {}",
        card2.json
    );
    assert!(w.engine().export(&key(&alice)).unwrap().active.is_none());

    // The public note: name and principle, no answer text, not ephemeral.
    let public = w
        .fake
        .wait_for_message(
            |m| m.channel_id == PRACTICE_CHANNEL_ID && m.content().contains("covered"),
            WAIT,
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        public.content().contains("alice") && public.content().contains(&title),
        "{}",
        public.content()
    );
    assert!(!public.ephemeral());
    assert!(!public.content().contains(STRONG_QUOTED));
    assert!(public.json["embeds"].as_array().is_none_or(Vec::is_empty));
    let channel_posts: Vec<StoredMessage> = w
        .fake
        .messages_in(PRACTICE_CHANNEL_ID)
        .into_iter()
        .filter(|m| m.interaction_token.is_none())
        .collect();
    assert_eq!(
        channel_posts.len(),
        1,
        "one public post in the channel: {channel_posts:?}"
    );
    let coverage = w.engine().coverage(&key(&alice)).unwrap();
    assert!(
        coverage
            .iter()
            .any(|l| l.principle == PRINCIPLE && l.covered)
    );
    w.finish().await;
}

/// 2. Discord correctness under load: every kind of interaction, and eight
/// members starting at once, each acknowledged within 3 s of delivery;
/// every embed within limits; `allowed_mentions` empty on every message.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_interaction_is_acknowledged_in_time_within_limits_pinging_nobody() {
    let w = World::start(Opts {
        probes: 2,
        ..Opts::default()
    })
    .await;
    let place = w.fake.practice_channel();
    let members: Vec<TestUser> = (0..8).map(|i| w.fake.user(&format!("member{i}"))).collect();

    // Everyone at once.
    let starts: Vec<SentInteraction> = members
        .iter()
        .map(|m| w.slash(m, &place, "practice", vec![]))
        .collect();
    let principles = w.slash(&members[0], &place, "principles", vec![]);
    let privacy = w.slash(&members[1], &place, "privacy", vec![]);
    let auto = w.keep(
        w.fake
            .autocomplete(&members[2], &place, "practice", "principle", "deliv"),
    );

    for s in &starts {
        let latency = w
            .fake
            .ack_latency(s, WAIT)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            latency < INTERACTION_DEADLINE,
            "/practice acked after {latency:?}"
        );
    }
    // principles and privacy reply directly, ephemeral.
    for s in [&principles, &privacy] {
        let cb = w.callback(s).await;
        assert_eq!(cb.callback_type(), Some(4), "{}", cb.summary());
        assert!(ephemeral_callback(&cb), "{}", cb.summary());
        assert!(!cb.embeds().is_empty() || cb.content().is_some_and(|c| !c.is_empty()));
    }
    let principles_text = text_of(w.callback(&principles).await.message_payload().unwrap());
    assert!(principles_text.contains(&title_of(PRINCIPLE, &w)));
    // Autocomplete offers the principle.
    let cb = w.callback(&auto).await;
    assert_eq!(cb.callback_type(), Some(8), "{}", cb.summary());
    let choices = cb.body.as_ref().unwrap()["data"]["choices"].to_string();
    assert!(choices.contains(PRINCIPLE), "{choices}");

    // Each member's thread gets a prompt; member 0 answers through a command.
    for m in &members {
        w.fake
            .wait_for_message(|x| x.custom_ids().contains(&answer_id(m)), WAIT)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let threads: BTreeSet<u64> = w.fake.thread_members().iter().map(|(t, _)| *t).collect();
    assert_eq!(
        threads.len(),
        members.len(),
        "one private thread per member"
    );

    let m0 = &members[0];
    let (t0, _) = *w
        .fake
        .thread_members()
        .iter()
        .find(|(_, u)| *u == m0.id)
        .unwrap();
    let thread0 = Place::thread(GUILD_ID, t0, PRACTICE_CHANNEL_ID);
    let slash_answer = w.slash(m0, &thread0, "answer", vec![]);
    let modal = w.modal(&slash_answer).await;
    assert_eq!(modal.custom_id, modal_id(m0));
    // Many answers at once.
    let story = strong(PRINCIPLE);
    let submits: Vec<SentInteraction> = members
        .iter()
        .map(|m| {
            let (t, _) = *w
                .fake
                .thread_members()
                .iter()
                .find(|(_, u)| *u == m.id)
                .unwrap();
            w.submit(
                m,
                &Place::thread(GUILD_ID, t, PRACTICE_CHANNEL_ID),
                &modal_id(m),
                &story,
                None,
            )
        })
        .collect();
    for s in &submits {
        let card = w.settled(s).await;
        assert!(text_of(&card.json).contains("/100"), "{}", card.json);
    }
    // The personal commands: deferred ephemeral, then edited.
    for name in ["stats", "history", "skip", "end"] {
        let s = w.slash(m0, &thread0, name, vec![]);
        let cb = w.callback(&s).await;
        assert_eq!(cb.callback_type(), Some(5), "/{name}: {}", cb.summary());
        assert!(
            ephemeral_callback(&cb),
            "/{name} is personal: {}",
            cb.summary()
        );
        let m = w.settled(&s).await;
        assert!(!text_of(&m.json).trim().is_empty(), "/{name} left empty");
    }
    // Every recorded message request so far pings nobody.
    for r in w.fake.message_requests() {
        let am = r
            .allowed_mentions()
            .unwrap_or_else(|| panic!("{}", r.summary()));
        assert!(mentions_nothing(am), "{}", r.summary());
        assert!(
            limit_problems(r.message_payload().unwrap()).is_empty(),
            "{}",
            r.summary()
        );
    }
    for m in &members {
        let data = w.engine().export(&key(m)).unwrap();
        let answers: usize = data
            .active
            .iter()
            .chain(&data.history)
            .map(|s| s.turns.len())
            .sum();
        assert_eq!(answers, 1, "{}'s answer is stored", m.name);
    }
    w.finish().await;
}

/// 3. A DM session with plain messages: /practice in the DM, then each
/// plain message is taken as the answer and the scorecard is posted in the
/// DM channel.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_dm_session_answered_with_plain_messages() {
    let w = World::start(Opts {
        probes: 2,
        ..Opts::default()
    })
    .await;
    let bob = w.fake.user("bob");
    let dm = w.fake.dm_channel_for(&bob);
    let place = Place::dm(dm);
    let story = strong(PRINCIPLE);

    let cmd = w.slash(
        &bob,
        &place,
        "practice",
        vec![opt_str("principle", PRINCIPLE)],
    );
    let cb = w.callback(&cmd).await;
    assert_eq!(cb.callback_type(), Some(5), "{}", cb.summary());
    let prompt = w.settled(&cmd).await;
    assert!(
        !prompt.ephemeral(),
        "a DM prompt is a normal message: {}",
        prompt.json
    );
    assert_eq!(label(&prompt.json, &answer_id(&bob)), "Answer");
    assert!(text_of(&prompt.json).contains(&title_of(PRINCIPLE, &w)));
    assert!(
        !w.fake
            .requests()
            .iter()
            .any(|r| r.is("POST", "/channels/*/threads")),
        "no thread in a DM"
    );

    // A plain message is the answer.
    let mark = w.fake.request_mark();
    w.fake.dm_message(&bob, &story);
    let posted = w
        .fake
        .wait_for_request_after(
            mark,
            |r| r.is("POST", &format!("/channels/{dm}/messages")) && !r.embeds().is_empty(),
            WAIT,
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let text = text_of(posted.message_payload().unwrap());
    assert!(
        text.contains("/100") && text.contains(STRONG_QUOTED),
        "{text}"
    );
    let active = w
        .engine()
        .export(&key(&bob))
        .unwrap()
        .active
        .expect("active");
    assert_eq!(active.turns.len(), 1);
    assert_eq!(active.turns[0].answer.trim(), story);

    // The follow-up, as a plain message too.
    let mark = w.fake.request_mark();
    w.fake.dm_message(&bob, FOLLOW_UP);
    let posted2 = w
        .fake
        .wait_for_request_after(
            mark,
            |r| r.is("POST", &format!("/channels/{dm}/messages")) && !r.embeds().is_empty(),
            WAIT,
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(text_of(posted2.message_payload().unwrap()).contains("/100"));
    let data = w.engine().export(&key(&bob)).unwrap();
    let session = data
        .active
        .clone()
        .or_else(|| data.history.last().cloned())
        .expect("session stored");
    assert_eq!(session.turns.len(), 2);
    assert_eq!(session.turns[1].answer.trim(), FOLLOW_UP);

    // /end in the DM closes it with the summary (if a probe was still waiting).
    let end = w.slash(&bob, &place, "end", vec![]);
    let (text, _) = w.reply(&end).await;
    assert!(!text.trim().is_empty());
    let history = w.engine().history(&key(&bob)).unwrap();
    assert_eq!(history.len(), 1, "one closed session");
    assert_eq!(history[0].turns.len(), 2);
    assert!(w.engine().export(&key(&bob)).unwrap().active.is_none());
    // /stats works in a DM as well.
    let stats = w.slash(&bob, &place, "stats", vec![]);
    let (text, _) = w.reply(&stats).await;
    assert!(text.contains(&title_of(PRINCIPLE, &w)), "{text}");

    // A plain DM with no session waiting: a clear reply, nothing stored.
    let mark = w.fake.request_mark();
    w.fake.dm_message(&bob, "hello, is this thing on?");
    let posted = w
        .fake
        .wait_for_request_after(
            mark,
            |r| r.is("POST", &format!("/channels/{dm}/messages")),
            WAIT,
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let text = text_of(posted.message_payload().unwrap()).to_lowercase();
    assert!(
        text.contains("no interview") || text.contains("/practice"),
        "{text}"
    );
    let data = w.engine().export(&key(&bob)).unwrap();
    assert!(data.active.is_none() && data.history.len() == 1);
    w.finish().await;
}

/// 4. Two members practising at once in one server: interleaved, each in
/// their own thread; neither sees the other's answer; both stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_members_at_once_never_see_each_others_answers() {
    let w = World::start(Opts::default()).await;
    let alice = w.fake.user("alice");
    let carol = w.fake.user("carol");
    let alice_story = format!("{}\n\nCodename AQUAMARINE-ALICE-7731.", strong(PRINCIPLE));
    let carol_story = format!("{}\n\nCodename VERMILION-CAROL-2209.", strong("dive-deep"));
    let carol_quoted = "Pulled three months of breaks, 14,000 items, into SQL";
    let carol_follow = "I checked the correspondent's SWIFT feed myself, escalated to treasury ops with the sample of 40 breaks, and the codename for this is OCHRE-CAROL-5150.";
    let alice_follow = format!("{FOLLOW_UP} Codename TEAL-ALICE-4404.");

    // Both start together.
    let a_cmd = w.slash(
        &alice,
        &w.fake.practice_channel(),
        "practice",
        vec![opt_str("principle", PRINCIPLE)],
    );
    let c_cmd = w.slash(
        &carol,
        &w.fake.practice_channel(),
        "practice",
        vec![opt_str("principle", "dive-deep")],
    );
    w.callback(&a_cmd).await;
    w.callback(&c_cmd).await;
    let thread_of = |who: &TestUser| {
        let id = who.id;
        let fake = &w.fake;
        async move {
            let add = fake
                .wait_for_request(
                    |r| r.is("PUT", &format!("/channels/*/thread-members/{id}")),
                    WAIT,
                )
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            add.route()
                .split('/')
                .nth(2)
                .unwrap()
                .parse::<u64>()
                .unwrap()
        }
    };
    let a_thread = thread_of(&alice).await;
    let c_thread = thread_of(&carol).await;
    assert_ne!(a_thread, c_thread);
    let a_place = Place::thread(GUILD_ID, a_thread, PRACTICE_CHANNEL_ID);
    let c_place = Place::thread(GUILD_ID, c_thread, PRACTICE_CHANNEL_ID);
    let members = w.fake.thread_members();
    assert!(!members.contains(&(a_thread, carol.id)) && !members.contains(&(c_thread, alice.id)));
    let a_prompt = w
        .fake
        .wait_for_message(
            |m| m.channel_id == a_thread && m.custom_ids().contains(&answer_id(&alice)),
            WAIT,
        )
        .await
        .unwrap();
    let c_prompt = w
        .fake
        .wait_for_message(
            |m| m.channel_id == c_thread && m.custom_ids().contains(&answer_id(&carol)),
            WAIT,
        )
        .await
        .unwrap();

    // Interleaved: both open their modals, both submit at once.
    let a_click = w.click(&alice, &a_place, &answer_id(&alice), &a_prompt);
    let c_click = w.click(&carol, &c_place, &answer_id(&carol), &c_prompt);
    assert_eq!(w.modal(&a_click).await.custom_id, modal_id(&alice));
    assert_eq!(w.modal(&c_click).await.custom_id, modal_id(&carol));
    let a_sub = w.submit(
        &alice,
        &a_place,
        &modal_id(&alice),
        &alice_story,
        Some(&a_prompt),
    );
    let c_sub = w.submit(
        &carol,
        &c_place,
        &modal_id(&carol),
        &carol_story,
        Some(&c_prompt),
    );
    let a_card = w.settled(&a_sub).await;
    let c_card = w.settled(&c_sub).await;
    assert!(
        text_of(&a_card.json).contains(STRONG_QUOTED),
        "alice sees her own evidence"
    );
    assert!(
        text_of(&c_card.json).contains(carol_quoted),
        "carol sees her own evidence"
    );

    // Follow-ups, again at once (carol first this time).
    let c_click2 = w.click(&carol, &c_place, &answer_id(&carol), &c_card);
    let a_click2 = w.click(&alice, &a_place, &answer_id(&alice), &a_card);
    w.modal(&c_click2).await;
    w.modal(&a_click2).await;
    let c_sub2 = w.submit(
        &carol,
        &c_place,
        &modal_id(&carol),
        carol_follow,
        Some(&c_card),
    );
    let a_sub2 = w.submit(
        &alice,
        &a_place,
        &modal_id(&alice),
        &alice_follow,
        Some(&a_card),
    );
    w.settled(&c_sub2).await;
    w.settled(&a_sub2).await;
    // The covered notes, before judging what was public.
    for name in ["alice", "carol"] {
        w.fake
            .wait_for_message(
                |m| m.channel_id == PRACTICE_CHANNEL_ID && m.content().contains(name),
                WAIT,
            )
            .await
            .unwrap_or_else(|e| panic!("no covered note for {name}: {e}"));
    }

    let alice_secrets = [STRONG_QUOTED, "AQUAMARINE-ALICE-7731", "TEAL-ALICE-4404"];
    let carol_secrets = [carol_quoted, "VERMILION-CAROL-2209", "OCHRE-CAROL-5150"];
    for text in w.seen_by(&carol, &[c_thread]) {
        for s in alice_secrets {
            assert!(!text.contains(s), "carol was shown alice's {s:?}: {text}");
        }
    }
    for text in w.seen_by(&alice, &[a_thread]) {
        for s in carol_secrets {
            assert!(!text.contains(s), "alice was shown carol's {s:?}: {text}");
        }
    }
    // Nothing public carries any answer text.
    for m in w.fake.messages_in(PRACTICE_CHANNEL_ID) {
        let t = text_of(&m.json);
        for s in alice_secrets.iter().chain(&carol_secrets) {
            assert!(!t.contains(s), "public message shows {s:?}: {t}");
        }
    }
    for (who, story, follow) in [
        (&alice, alice_story.as_str(), alice_follow.as_str()),
        (&carol, carol_story.as_str(), carol_follow),
    ] {
        let history = w.engine().history(&key(who)).unwrap();
        assert_eq!(history.len(), 1, "{}'s session", who.name);
        let answers: Vec<&str> = history[0].turns.iter().map(|t| t.answer.trim()).collect();
        assert_eq!(
            answers,
            vec![story.trim(), follow.trim()],
            "{}'s answers",
            who.name
        );
    }
    w.finish().await;
}

/// 5. After a covered principle: the leaderboard (names, counts, scores,
/// never answers), /stats, /history, /export with two files, /forget with
/// a confirmation that deletes everything.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn leaderboard_stats_history_export_and_forget() {
    let w = World::start(Opts {
        probes: 0,
        ..Opts::default()
    })
    .await;
    let alice = w.fake.user("alice");
    let bob = w.fake.user("bob");
    let title = title_of(PRINCIPLE, &w);
    let story = strong(PRINCIPLE);
    let place = w.fake.practice_channel();

    // One answer with no probes: scored, summarised, covered.
    let (thread, prompt, _) = w.practice_in_thread(&alice, Some(PRINCIPLE)).await;
    let (_, card) = w.answer(&alice, &thread, &prompt, &story).await;
    assert!(text_of(&card.json).contains("/100"));
    let best = w.engine().history(&key(&alice)).unwrap()[0].turns[0]
        .card
        .overall;
    w.fake
        .wait_for_message(
            |m| m.channel_id == PRACTICE_CHANNEL_ID && m.content().contains("covered"),
            WAIT,
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));

    // The leaderboard, public.
    for options in [
        vec![],
        vec![opt_str("period", "all")],
        vec![opt_str("period", "week")],
    ] {
        let lb = w.slash(&bob, &place, "leaderboard", options.clone());
        let cb = w.callback(&lb).await;
        assert_eq!(cb.callback_type(), Some(5), "{}", cb.summary());
        assert!(
            !ephemeral_callback(&cb),
            "the leaderboard is public: {}",
            cb.summary()
        );
        let m = w.settled(&lb).await;
        let text = text_of(&m.json);
        assert!(
            !m.json["embeds"].as_array().unwrap().is_empty(),
            "an embed: {}",
            m.json
        );
        assert!(
            text.contains("alice") && text.contains(&best.to_string()),
            "{options:?}: {text}"
        );
        assert!(
            !text.contains(STRONG_QUOTED) && !text.contains("Crashlytics"),
            "{text}"
        );
    }

    // /stats: mine, and someone else's (scores only).
    let stats = w.slash(&alice, &thread, "stats", vec![]);
    let (text, ephemeral) = w.reply(&stats).await;
    assert!(ephemeral);
    assert!(
        text.contains(&title) && text.contains(&best.to_string()),
        "{text}"
    );
    let theirs = w.slash_resolved(
        &bob,
        &place,
        "stats",
        vec![opt_user("member", alice.id)],
        payloads::resolved_users(std::slice::from_ref(&alice), true),
    );
    let (text, ephemeral) = w.reply(&theirs).await;
    assert!(ephemeral);
    assert!(
        text.contains("alice") && text.contains(&best.to_string()),
        "{text}"
    );
    assert!(!text.contains(STRONG_QUOTED), "{text}");

    // /history.
    let history = w.slash(&alice, &thread, "history", vec![]);
    let (text, ephemeral) = w.reply(&history).await;
    assert!(ephemeral);
    assert!(text.contains(&best.to_string()), "{text}");

    // /export: JSON and Markdown attached to the edited response.
    let export = w.slash(&alice, &thread, "export", vec![]);
    let cb = w.callback(&export).await;
    assert_eq!(cb.callback_type(), Some(5));
    assert!(ephemeral_callback(&cb));
    let edit = w
        .fake
        .wait_for_request(
            |r| r.is_webhook_for(&export) && r.method == "PATCH" && !r.files.is_empty(),
            WAIT,
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(edit.files.len(), 2, "{}", edit.summary());
    let name = |f: &support::fake_discord::RecordedFile| f.filename.clone().unwrap_or_default();
    let json_file = edit
        .files
        .iter()
        .find(|f| name(f).ends_with(".json"))
        .expect("a .json file");
    let md_file = edit
        .files
        .iter()
        .find(|f| name(f).ends_with(".md"))
        .expect("a .md file");
    let exported: Value = serde_json::from_slice(&json_file.data).expect("export is JSON");
    assert!(
        exported.to_string().contains(STRONG_QUOTED),
        "the JSON holds the answer"
    );
    assert!(
        String::from_utf8_lossy(&md_file.data).contains(STRONG_QUOTED),
        "the transcript holds the answer"
    );
    let stored = w.settled(&export).await;
    assert_eq!(stored.json["attachments"].as_array().map_or(0, Vec::len), 2);
    assert!(stored.ephemeral());

    // /forget: confirm buttons; someone else's press and Cancel change nothing.
    let forget = w.slash(&alice, &thread, "forget", vec![]);
    let cb = w.callback(&forget).await;
    assert_eq!(cb.callback_type(), Some(4), "{}", cb.summary());
    assert!(ephemeral_callback(&cb));
    let confirm = w.settled(&forget).await;
    let yes = format!("sp:forget:{}", alice.id);
    let no = format!("sp:keep:{}", alice.id);
    assert_eq!(label(&confirm.json, &yes), "Delete everything");
    assert_eq!(label(&confirm.json, &no), "Cancel");

    let intruder = w.click(&bob, &thread, &yes, &confirm);
    let cb = w.callback(&intruder).await;
    assert_eq!(cb.callback_type(), Some(4), "refusal: {}", cb.summary());
    assert!(ephemeral_callback(&cb), "{}", cb.summary());
    assert_eq!(
        w.engine().history(&key(&alice)).unwrap().len(),
        1,
        "bob deleted nothing"
    );

    let cancel = w.click(&alice, &thread, &no, &confirm);
    let cb = w.callback(&cancel).await;
    assert_eq!(cb.callback_type(), Some(7), "{}", cb.summary());
    assert_eq!(
        w.engine().history(&key(&alice)).unwrap().len(),
        1,
        "Cancel keeps everything"
    );

    let forget2 = w.slash(&alice, &thread, "forget", vec![]);
    let confirm2 = w.settled(&forget2).await;
    let delete = w.click(&alice, &thread, &yes, &confirm2);
    let cb = w.callback(&delete).await;
    assert_eq!(cb.callback_type(), Some(7), "{}", cb.summary());
    let data = eventually("alice forgotten", || {
        let d = w.engine().export(&key(&alice)).unwrap();
        (d.history.is_empty() && d.coverage.is_empty()).then_some(d)
    })
    .await;
    assert!(data.active.is_none());
    assert!(data.servers.is_empty(), "{:?}", data.servers);
    assert!(data.standing.all.is_none() && data.standing.week.is_none());
    let board = w
        .engine()
        .leaderboard(&GUILD_ID.to_string(), starprobe::engine::Board::AllTime, 50)
        .unwrap();
    assert!(board.iter().all(|e| e.user != key(&alice)), "{board:?}");
    let lb = w.slash(&bob, &place, "leaderboard", vec![]);
    let text = text_of(&w.settled(&lb).await.json);
    assert!(!text.contains("alice"), "{text}");
    w.finish().await;
}

/// 6. The gateway drops after the first answer; the bot resumes, the
/// follow-up (pressed while it was away) is accepted, nothing is lost.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn gateway_drop_mid_session_resumes_and_continues() {
    let w = World::start(Opts::default()).await;
    let alice = w.fake.user("alice");
    let story = strong(PRINCIPLE);
    let (thread, prompt, _) = w.practice_in_thread(&alice, Some(PRINCIPLE)).await;
    let (_, card1) = w.answer(&alice, &thread, &prompt, &story).await;

    // Drop the connection and press Answer follow-up while it is down.
    let mark = w.fake.gateway_mark();
    assert!(w.fake.disconnect(Disconnect::Abrupt));
    let click = w.click(&alice, &thread, &answer_id(&alice), &card1);
    w.fake
        .wait_for_session(mark, WAIT)
        .await
        .unwrap_or_else(|e| panic!("no reconnect: {e}"));
    assert!(
        !w.fake.resumes().is_empty() || w.fake.identifies().len() > 1,
        "neither resumed nor re-identified"
    );
    let modal = w.modal(&click).await;
    // Drop again (with a close frame) between modal and submit.
    let mark = w.fake.gateway_mark();
    assert!(w.fake.disconnect(Disconnect::Close(4000)));
    let submit = w.submit(&alice, &thread, &modal.custom_id, FOLLOW_UP, Some(&card1));
    w.fake
        .wait_for_session(mark, WAIT)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let card2 = w.settled(&submit).await;
    assert!(text_of(&card2.json).contains("/100"), "{}", card2.json);

    let history = w.engine().history(&key(&alice)).unwrap();
    assert_eq!(history.len(), 1);
    let answers: Vec<&str> = history[0].turns.iter().map(|t| t.answer.trim()).collect();
    assert_eq!(answers, vec![story.as_str(), FOLLOW_UP]);
    assert!(w.fake.connection_count() >= 3);
    w.finish().await;
}

/// 6b. Resume refused: the bot identifies afresh (serenity waits ~5 s),
/// the session goes on from sled.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn gateway_drop_with_resume_refused_reidentifies_and_continues() {
    let w = World::start(Opts::default()).await;
    let alice = w.fake.user("alice");
    let story = strong(PRINCIPLE);
    let (thread, prompt, _) = w.practice_in_thread(&alice, Some(PRINCIPLE)).await;
    let (_, card1) = w.answer(&alice, &thread, &prompt, &story).await;

    w.fake.set_resume_allowed(false);
    let mark = w.fake.gateway_mark();
    assert!(w.fake.disconnect(Disconnect::Abrupt));
    w.fake
        .wait_for_gateway(mark, |r| r.is_dispatch("READY"), Duration::from_secs(15))
        .await
        .unwrap_or_else(|e| panic!("no fresh READY: {e}"));
    assert_eq!(w.fake.identifies().len(), 2);
    let (_, card2) = w.answer(&alice, &thread, &card1, FOLLOW_UP).await;
    assert!(text_of(&card2.json).contains("/100"));
    let history = w.engine().history(&key(&alice)).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].turns.len(), 2);
    w.finish().await;
}

/// 4,000 characters of emoji, skin tones, ZWJ sequences and combining marks.
fn emoji_text() -> String {
    let pieces = [
        "👍🏽",
        "e\u{301}",
        "🧑\u{200d}💻",
        "n\u{303}",
        " ",
        "ü\u{332}",
        "🇫🇷",
        "a\u{308}\u{304}",
    ];
    let mut out = String::new();
    let mut i = 0;
    loop {
        let p = pieces[i % pieces.len()];
        if out.chars().count() + p.chars().count() > 4000 {
            break;
        }
        out.push_str(p);
        i += 1;
    }
    while out.chars().count() < 4000 {
        out.push('x');
    }
    out
}

/// 7. Bad input through Discord: an empty modal, 4,000 characters of emoji
/// and combining marks, text full of mentions and code fences, buttons on
/// someone else's or an ended or expired session, commands with no session.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn bad_input_gets_clear_replies_and_nothing_is_lost_or_leaked() {
    let w = World::start(Opts {
        probes: 2,
        ..Opts::default()
    })
    .await;
    let alice = w.fake.user("alice");
    let bob = w.fake.user("bob");
    let place = w.fake.practice_channel();
    let no_session = |text: &str| {
        let t = text.to_lowercase();
        t.contains("no interview") || t.contains("no session") || t.contains("not in")
    };

    // Commands from someone with no session.
    for name in ["answer", "skip", "end"] {
        let s = w.slash(&bob, &place, name, vec![]);
        let cb = w.callback(&s).await;
        assert_ne!(
            cb.callback_type(),
            Some(9),
            "/{name} opened a modal without a session"
        );
        let (text, ephemeral) = w.reply(&s).await;
        assert!(ephemeral, "/{name} reply is ephemeral");
        assert!(no_session(&text), "/{name} with no session: {text:?}");
    }
    assert!(w.engine().export(&key(&bob)).unwrap().active.is_none());

    let (thread, prompt, _) = w.practice_in_thread(&alice, Some(PRINCIPLE)).await;

    // Whitespace only: a clear reply, nothing stored.
    let (_, reply) = w.answer(&alice, &thread, &prompt, "   \n\t  \n ").await;
    assert!(
        text_of(&reply.json).to_lowercase().contains("empty"),
        "{}",
        reply.json
    );
    let active = w
        .engine()
        .export(&key(&alice))
        .unwrap()
        .active
        .expect("still active");
    assert!(active.turns.is_empty(), "an empty answer was stored");
    assert!(
        active.pending.as_ref().is_some_and(|p| p.probe.is_none()),
        "the prompt still waits"
    );

    // Someone else's buttons: refused, ephemeral, no modal, nothing changes.
    let before = w.engine().export(&key(&alice)).unwrap().active;
    for id in [answer_id(&alice), finish_id(&alice)] {
        let s = w.click(&bob, &thread, &id, &prompt);
        let cb = w.callback(&s).await;
        assert_eq!(cb.callback_type(), Some(4), "{id} by bob: {}", cb.summary());
        assert!(ephemeral_callback(&cb), "{}", cb.summary());
        assert!(!text_of(cb.message_payload().unwrap()).trim().is_empty());
    }
    assert_eq!(w.engine().export(&key(&alice)).unwrap().active, before);
    assert!(w.engine().export(&key(&bob)).unwrap().active.is_none());
    // A forged submit of alice's modal by bob stores nothing for either.
    let forged = w.submit(
        &bob,
        &thread,
        &modal_id(&alice),
        "I owned it all and it shipped.",
        None,
    );
    w.callback(&forged).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        w.engine().export(&key(&alice)).unwrap().active,
        before,
        "bob answered for alice"
    );

    // 4,000 characters of emoji and combining marks: a scorecard within limits.
    let emoji = emoji_text();
    assert_eq!(emoji.chars().count(), 4000);
    let (_, card) = w.answer(&alice, &thread, &prompt, &emoji).await;
    assert!(
        limit_problems(&card.json).is_empty(),
        "{:?}",
        limit_problems(&card.json)
    );
    assert!(text_of(&card.json).contains("/100"), "{}", card.json);
    let active = w
        .engine()
        .export(&key(&alice))
        .unwrap()
        .active
        .expect("active");
    assert_eq!(active.turns.len(), 1);
    assert_eq!(
        active.turns[0].answer, emoji,
        "the emoji answer is stored exactly"
    );

    // Mentions and code fences: scored, and the message pings nobody.
    let spam = format!(
        "@everyone @here <@&{GUILD_ID}> <@{bob}> <@!{bob}> ```rust\nfn main() {{ panic!() }}\n``` \
         I owned the outage review @everyone and I escalated to <@&{GUILD_ID}> and <@{bob}> with \
         the data; ``` we cut errors by 40% after I chose the rollback ``` @here",
        bob = bob.id
    );
    let mark = w.fake.request_mark();
    let (submit, card) = w.answer(&alice, &thread, &card, &spam).await;
    assert!(text_of(&card.json).contains("/100"), "{}", card.json);
    for r in w
        .fake
        .requests_since(mark)
        .iter()
        .filter(|r| r.sends_message())
    {
        let am = r
            .allowed_mentions()
            .unwrap_or_else(|| panic!("{}", r.summary()));
        assert!(mentions_nothing(am), "{am} on {}", r.summary());
    }
    assert!(
        w.fake.requests_since(mark).iter().any(
            |r| r.is_webhook_for(&submit) && r.allowed_mentions().is_some_and(mentions_nothing)
        ),
        "the scorecard edit carries allowed_mentions"
    );
    let active = w.engine().export(&key(&alice)).unwrap().active;
    let turns = active
        .map(|s| s.turns)
        .or_else(|| {
            w.engine()
                .history(&key(&alice))
                .unwrap()
                .last()
                .map(|s| s.turns.clone())
        })
        .unwrap();
    assert_eq!(turns.len(), 2);
    assert_eq!(turns[1].answer.trim(), spam.trim());

    // The last probe answered with 4,000 characters of real story: the
    // whole story's evidence fills every field, all fitted to the limits.
    let long: String = std::iter::repeat_n(strong(PRINCIPLE), 4)
        .collect::<Vec<_>>()
        .join("\n\n")
        .chars()
        .take(4000)
        .collect();
    let (_, last) = w.answer(&alice, &thread, &card, &long).await;
    let problems = limit_problems(&last.json);
    assert!(problems.is_empty(), "{problems:?}");
    assert!(text_of(&last.json).contains("/100"));
    let history = w.engine().history(&key(&alice)).unwrap();
    assert_eq!(history.len(), 1, "the last probe finished the session");
    assert_eq!(history[0].turns.len(), 3);
    assert_eq!(history[0].turns[2].answer, long);

    // /end with nothing left to end: a clear reply.
    let end = w.slash(&alice, &thread, "end", vec![]);
    let (text, ephemeral) = w.reply(&end).await;
    assert!(ephemeral && no_session(&text), "{text}");

    // Still alive after all that: a command answers.
    let privacy = w.slash(&alice, &place, "privacy", vec![]);
    assert_eq!(w.callback(&privacy).await.callback_type(), Some(4));
    w.finish().await;
}

/// 8. /config needs Manage Server; with it, mode=ephemeral makes /practice
/// answer with an ephemeral prompt (and the scorecard ephemerally too).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn config_needs_manage_server_and_ephemeral_mode_replies_ephemerally() {
    let w = World::start(Opts::default()).await;
    let alice = w.fake.user("alice");
    let admin = w.fake.user("admin").with_manage_guild();
    let place = w.fake.practice_channel();
    let server = GUILD_ID.to_string();
    let defaults = w.engine().server_settings(&server).unwrap();
    assert!(!defaults.ephemeral);

    // The command is registered for Manage Server only.
    let config_cmd = w
        .fake
        .registered_commands(Some(GUILD_ID))
        .into_iter()
        .find(|c| c["name"] == "config")
        .expect("/config registered");
    assert_eq!(
        config_cmd["default_member_permissions"], "32",
        "{config_cmd}"
    );

    // A member without Manage Server is refused; nothing changes.
    let refused = w.slash(&alice, &place, "config", vec![opt_str("mode", "ephemeral")]);
    let (text, ephemeral) = w.reply(&refused).await;
    assert!(ephemeral, "the refusal is ephemeral");
    let lower = text.to_lowercase();
    assert!(
        lower.contains("manage server") || lower.contains("permission"),
        "{text:?}"
    );
    assert_eq!(w.engine().server_settings(&server).unwrap(), defaults);

    // With Manage Server: set the mode, then show the settings.
    let set = w.slash(
        &admin,
        &place,
        "config",
        vec![
            opt_str("mode", "ephemeral"),
            opt_int("threshold", 70),
            opt_int("probes", 1),
            opt_bool("leaderboard", true),
        ],
    );
    let cb = w.callback(&set).await;
    assert!(ephemeral_callback(&cb), "{}", cb.summary());
    w.settled(&set).await;
    let now = w.engine().server_settings(&server).unwrap();
    assert!(now.ephemeral, "{now:?}");
    assert_eq!(
        (now.threshold, now.probes, now.leaderboard),
        (Some(70), Some(1), true)
    );
    let show = w.slash(&admin, &place, "config", vec![]);
    let (text, ephemeral) = w.reply(&show).await;
    assert!(ephemeral);
    assert!(
        text.to_lowercase().contains("ephemeral") && text.contains("70"),
        "{text}"
    );

    // /practice now answers ephemerally with the prompt; no thread.
    let cmd = w.slash(
        &alice,
        &place,
        "practice",
        vec![opt_str("principle", PRINCIPLE)],
    );
    let cb = w.callback(&cmd).await;
    assert_eq!(cb.callback_type(), Some(5), "{}", cb.summary());
    assert!(
        ephemeral_callback(&cb),
        "ephemeral deferral: {}",
        cb.summary()
    );
    let prompt = w.settled(&cmd).await;
    assert!(prompt.ephemeral());
    assert!(
        text_of(&prompt.json).contains(&title_of(PRINCIPLE, &w)),
        "{}",
        prompt.json
    );
    assert_eq!(label(&prompt.json, &answer_id(&alice)), "Answer");
    assert!(
        !w.fake
            .requests()
            .iter()
            .any(|r| r.is("POST", "/channels/*/threads"))
    );

    // The answer's scorecard is ephemeral as well.
    let (submit, card) = w.answer(&alice, &place, &prompt, &strong(PRINCIPLE)).await;
    let cb = w.callback(&submit).await;
    assert_eq!(cb.callback_type(), Some(5));
    assert!(ephemeral_callback(&cb), "{}", cb.summary());
    assert!(card.ephemeral());
    assert!(text_of(&card.json).contains("/100"));
    w.finish().await;
}

/// The commands the contract names are registered in the configured
/// server, with their options.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn commands_are_registered_with_their_options() {
    let w = World::start(Opts::default()).await;
    let cmds = w.fake.registered_commands(Some(GUILD_ID));
    let names: BTreeSet<&str> = cmds.iter().filter_map(|c| c["name"].as_str()).collect();
    for want in [
        "practice",
        "answer",
        "skip",
        "end",
        "stats",
        "leaderboard",
        "history",
        "export",
        "forget",
        "principles",
        "privacy",
        "config",
    ] {
        assert!(names.contains(want), "/{want} not registered: {names:?}");
    }
    let option = |cmd: &str, opt: &str| -> Value {
        cmds.iter()
            .find(|c| c["name"] == cmd)
            .and_then(|c| c["options"].as_array())
            .and_then(|o| o.iter().find(|o| o["name"] == opt))
            .cloned()
            .unwrap_or_else(|| panic!("/{cmd} has no option {opt}"))
    };
    let principle = option("practice", "principle");
    assert_eq!(principle["type"], 3);
    assert_eq!(principle["autocomplete"], true, "{principle}");
    assert_ne!(principle["required"], true);
    assert_eq!(option("stats", "member")["type"], 6);
    let choices = |v: &Value| -> BTreeSet<String> {
        v["choices"]
            .as_array()
            .into_iter()
            .flatten()
            // By value, or by name: poise's choice parameters send
            // integer values named after the choices.
            .filter_map(|c| {
                c["value"]
                    .as_str()
                    .or(c["name"].as_str())
                    .map(str::to_string)
            })
            .collect()
    };
    // Both string choices are checked before failing, to report both.
    let mut problems = Vec::new();
    for (cmd, opt, want) in [
        ("leaderboard", "period", ["week", "all"]),
        ("config", "mode", ["thread", "ephemeral"]),
    ] {
        let o = option(cmd, opt);
        let want: BTreeSet<String> = want.iter().map(|s| s.to_string()).collect();
        if choices(&o) != want {
            problems.push(format!(
                "/{cmd} {opt} is not a string choice of {want:?}: {o}"
            ));
        }
    }
    // serenity writes min/max as floats (0.0).
    let range = |v: &Value| (v["min_value"].as_f64(), v["max_value"].as_f64());
    let threshold = option("config", "threshold");
    assert_eq!(threshold["type"], 4, "{threshold}");
    assert_eq!(range(&threshold), (Some(0.0), Some(100.0)), "{threshold}");
    let probes = option("config", "probes");
    assert_eq!(probes["type"], 4, "{probes}");
    assert_eq!(range(&probes), (Some(0.0), Some(5.0)), "{probes}");
    assert_eq!(option("config", "leaderboard")["type"], 5);
    assert_eq!(option("config", "channel")["type"], 7);
    w.finish().await;
    assert!(problems.is_empty(), "{problems:#?}");
}

/// A refusal: an ephemeral direct reply (type 4, flags 64) with some text.
fn refusal_problem(what: &str, cb: &RecordedRequest) -> Option<String> {
    let text = cb.message_payload().map(text_of).unwrap_or_default();
    (cb.callback_type() != Some(4) || !ephemeral_callback(cb) || text.trim().is_empty()).then(
        || {
            format!(
                "{what}: expected an ephemeral reply (type 4, flags 64), got {}",
                cb.summary()
            )
        },
    )
}

/// 7b. Buttons on a session that no longer exists (expired while idle, or
/// ended) get an ephemeral refusal and change nothing. Every case is
/// checked before failing, so one run shows them all.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn buttons_on_an_expired_or_ended_session_are_refused() {
    let w = World::start(Opts {
        probes: 2,
        ..Opts::default()
    })
    .await;
    let alice = w.fake.user("alice");
    let mut problems = Vec::new();

    // Expired: answered once, then idle past the expiry (backdated in sled).
    let (thread, prompt, _) = w.practice_in_thread(&alice, Some(PRINCIPLE)).await;
    let (_, card) = w.answer(&alice, &thread, &prompt, &strong(PRINCIPLE)).await;
    let mut stale = w
        .engine()
        .export(&key(&alice))
        .unwrap()
        .active
        .expect("active");
    stale.updated_at = stale.updated_at.saturating_sub(48 * 3_600_000);
    w.engine().store().save(&stale).unwrap();
    for (what, id) in [
        ("Answer follow-up on an expired session", answer_id(&alice)),
        ("Finish on an expired session", finish_id(&alice)),
    ] {
        let s = w.click(&alice, &thread, &id, &card);
        let cb = w.callback(&s).await;
        problems.extend(refusal_problem(what, &cb));
        w.settled(&s).await;
    }
    assert!(
        w.fake.modals().len() == 1,
        "no modal for an expired session"
    );
    let data = w.engine().export(&key(&alice)).unwrap();
    assert!(data.active.is_none(), "the expired session is put away");
    assert_eq!(data.history.len(), 1);
    assert_eq!(
        data.history[0].outcome,
        Outcome::Abandoned,
        "kept as it was, not ended"
    );
    assert_eq!(data.history[0].turns.len(), 1);

    // Ended: /end, then the old buttons.
    let (thread2, prompt2, _) = w.practice_in_thread(&alice, Some(PRINCIPLE)).await;
    let (_, card2) = w
        .answer(&alice, &thread2, &prompt2, &strong(PRINCIPLE))
        .await;
    let end = w.slash(&alice, &thread2, "end", vec![]);
    w.reply(&end).await;
    let ended = w.engine().export(&key(&alice)).unwrap();
    assert!(ended.active.is_none());
    for (what, id, on) in [
        (
            "Answer follow-up on an ended session",
            answer_id(&alice),
            &card2,
        ),
        ("Finish on an ended session", finish_id(&alice), &card2),
        (
            "Answer on an ended session's prompt",
            answer_id(&alice),
            &prompt2,
        ),
    ] {
        let s = w.click(&alice, &thread2, &id, on);
        let cb = w.callback(&s).await;
        problems.extend(refusal_problem(what, &cb));
        w.settled(&s).await;
    }
    let after = w.engine().export(&key(&alice)).unwrap();
    assert_eq!(after.history, ended.history, "nothing changed in sled");
    assert!(after.active.is_none());
    assert_eq!(w.fake.modals().len(), 2, "no modal for an ended session");
    w.finish().await;
    assert!(problems.is_empty(), "{problems:#?}");
}

/// Every quote of `user`'s answers that a scorecard could show.
fn quotes_of(w: &World, user: &TestUser) -> Vec<String> {
    let data = w.engine().export(&key(user)).unwrap();
    data.active
        .iter()
        .chain(&data.history)
        .flat_map(|s| &s.turns)
        .flat_map(|t| &t.card.signals)
        .flat_map(|s| &s.evidence)
        .map(|e| e.quote.chars().take(40).collect::<String>())
        .filter(|q| q.chars().count() >= 20)
        .collect()
}

/// In ephemeral mode the channel is shared: pressing Finish must not put
/// the summary (which quotes the answer) where other members can read it.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn finish_in_ephemeral_mode_keeps_the_answer_private() {
    let w = World::start(Opts {
        probes: 2,
        ..Opts::default()
    })
    .await;
    let alice = w.fake.user("alice");
    let admin = w.fake.user("admin").with_manage_guild();
    let place = w.fake.practice_channel();
    let set = w.slash(&admin, &place, "config", vec![opt_str("mode", "ephemeral")]);
    w.settled(&set).await;
    assert!(
        w.engine()
            .server_settings(&GUILD_ID.to_string())
            .unwrap()
            .ephemeral
    );

    let cmd = w.slash(
        &alice,
        &place,
        "practice",
        vec![opt_str("principle", PRINCIPLE)],
    );
    let prompt = w.settled(&cmd).await;
    assert!(prompt.ephemeral());
    let (_, card) = w.answer(&alice, &place, &prompt, &strong(PRINCIPLE)).await;
    assert!(card.ephemeral());
    let finish = w.click(&alice, &place, &finish_id(&alice), &card);
    let cb = w.callback(&finish).await;
    let history = eventually("session closed", || {
        let h = w.engine().history(&key(&alice)).unwrap();
        (!h.is_empty()).then_some(h)
    })
    .await;
    assert_eq!(history[0].outcome, Outcome::Ended);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let quotes = quotes_of(&w, &alice);
    assert!(!quotes.is_empty());
    let public: Vec<StoredMessage> = w
        .fake
        .messages()
        .into_iter()
        .filter(|m| !m.ephemeral())
        .collect();
    for m in &public {
        let text = text_of(&m.json);
        for q in &quotes {
            assert!(
                !text.contains(q.as_str()),
                "a public message in channel {} quotes alice's answer ({q:?}); the Finish \
                 callback was {}: {text}",
                m.channel_id,
                cb.summary()
            );
        }
    }
    w.finish().await;
}

/// `/practice` opens its thread where the command was used, or in the
/// practice channel `/config channel:` names.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn practice_threads_open_in_the_configured_channel_else_where_used() {
    let w = World::start(Opts::default()).await;
    let alice = w.fake.user("alice");
    let dora = w.fake.user("dora");
    let admin = w.fake.user("admin").with_manage_guild();
    let general = Place::guild(GUILD_ID, fake_discord::GENERAL_CHANNEL_ID);
    let threads_in = |channel: u64| {
        w.fake
            .requests()
            .iter()
            .filter(|r| r.is("POST", &format!("/channels/{channel}/threads")))
            .count()
    };

    // No practice channel set: the thread opens in #general, where alice is.
    let cmd = w.slash(
        &alice,
        &general,
        "practice",
        vec![opt_str("principle", PRINCIPLE)],
    );
    w.settled(&cmd).await;
    eventually("a thread in #general", || {
        (threads_in(general.channel_id) == 1).then_some(())
    })
    .await;

    // Set #practice, then dora's /practice in #general opens in #practice.
    let channel = payloads::option("channel", 7, Value::from(PRACTICE_CHANNEL_ID.to_string()));
    let resolved = serde_json::json!({
        "channels": {
            PRACTICE_CHANNEL_ID.to_string(): {
                "id": PRACTICE_CHANNEL_ID.to_string(),
                "name": "practice",
                "type": 0,
                "permissions": payloads::MEMBER_PERMISSIONS.to_string(),
            }
        }
    });
    let set = w.slash_resolved(&admin, &general, "config", vec![channel], resolved);
    let (text, _) = w.reply(&set).await;
    let settings = w.engine().server_settings(&GUILD_ID.to_string()).unwrap();
    assert_eq!(
        settings.practice_channel.as_deref(),
        Some(PRACTICE_CHANNEL_ID.to_string().as_str()),
        "{text}"
    );
    let cmd = w.slash(
        &dora,
        &general,
        "practice",
        vec![opt_str("principle", PRINCIPLE)],
    );
    w.settled(&cmd).await;
    eventually("a thread in #practice", || {
        (threads_in(PRACTICE_CHANNEL_ID) == 1).then_some(())
    })
    .await;
    assert_eq!(threads_in(general.channel_id), 1);
    w.finish().await;
}
