//! The REST side: one fallback handler that records every request, then
//! routes it by method and path segments.

use std::sync::Arc;
use std::time::Instant;

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::{
    APPLICATION_ID, EPHEMERAL, Inner, LOADING, OpenedModal, RecordedFile, RecordedRequest, Shared,
    StoredMessage, payloads, route_matches,
};

struct Reply {
    status: u16,
    body: Option<Value>,
    known: bool,
}

fn ok(v: Value) -> Reply {
    Reply {
        status: 200,
        body: Some(v),
        known: true,
    }
}

fn no_content() -> Reply {
    Reply {
        status: 204,
        body: None,
        known: true,
    }
}

fn err(status: u16, code: u64, message: &str) -> Reply {
    Reply {
        status,
        body: Some(payloads::error_body(code, message)),
        known: true,
    }
}

pub(crate) async fn handle(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    let at = Instant::now();
    let method = req.method().as_str().to_string();
    let path = req.uri().path().to_string();
    let query = req.uri().query().map(str::to_string);
    let headers = req.headers().clone();
    let raw = to_bytes(req.into_body(), 64 * 1024 * 1024)
        .await
        .map(|b| b.to_vec())
        .unwrap_or_default();
    let content_type = header_str(&headers, header::CONTENT_TYPE);
    let authorization = header_str(&headers, header::AUTHORIZATION);
    let (body, files) = parse_body(content_type.as_deref(), &raw);

    let route = path.strip_prefix("/api/v10").map(str::to_string);
    let reply = {
        let mut inner = shared.lock();
        let index = inner.requests.len();
        let reply = match &route {
            None => Reply {
                status: 404,
                body: Some(payloads::error_body(0, "404: Not Found")),
                known: false,
            },
            Some(route) => {
                let failure = inner
                    .failures
                    .iter()
                    .position(|f| f.method == method && route_matches(route, &f.pattern));
                if let Some(i) = failure {
                    let f = inner.failures.remove(i);
                    Reply {
                        status: f.status,
                        body: Some(f.body),
                        known: true,
                    }
                } else if route != "/gateway"
                    && authorization.as_deref() != Some(&format!("Bot {}", shared.config.token))
                {
                    err(401, 0, "401: Unauthorized")
                } else {
                    let segs: Vec<&str> = route.trim_matches('/').split('/').collect();
                    let ctx = Ctx {
                        shared: &shared,
                        index,
                        body: body.as_ref(),
                        files: &files,
                        at,
                    };
                    ctx.route(&mut inner, &method, &segs)
                }
            }
        };
        inner.requests.push(RecordedRequest {
            index,
            method: method.clone(),
            path: path.clone(),
            query,
            authorization,
            content_type,
            body,
            files,
            raw_body: raw,
            at,
            status: reply.status,
            known_route: reply.known,
        });
        reply
    };
    shared.bump();

    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    match reply.body {
        Some(v) => (
            status,
            [(header::CONTENT_TYPE, "application/json")],
            v.to_string(),
        )
            .into_response(),
        None => (status, Body::empty()).into_response(),
    }
}

fn header_str(h: &HeaderMap, name: header::HeaderName) -> Option<String> {
    h.get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// JSON body, or the `payload_json` part of a multipart body plus its files.
fn parse_body(content_type: Option<&str>, raw: &[u8]) -> (Option<Value>, Vec<RecordedFile>) {
    let ct = content_type.unwrap_or("");
    if let Some(boundary) = ct
        .strip_prefix("multipart/form-data")
        .and_then(|rest| rest.split("boundary=").nth(1))
    {
        let boundary = boundary.trim_matches('"');
        let mut payload = None;
        let mut files = Vec::new();
        for part in split_multipart(raw, boundary) {
            let Some(split) = find(part, b"\r\n\r\n") else {
                continue;
            };
            let head = String::from_utf8_lossy(&part[..split]).to_string();
            let data = &part[split + 4..];
            let name = disposition_param(&head, "name").unwrap_or_default();
            let filename = disposition_param(&head, "filename");
            if name == "payload_json" {
                payload = serde_json::from_slice(data).ok();
            } else {
                files.push(RecordedFile {
                    field: name,
                    filename,
                    data: data.to_vec(),
                });
            }
        }
        (payload, files)
    } else if raw.is_empty() {
        (None, Vec::new())
    } else {
        (serde_json::from_slice(raw).ok(), Vec::new())
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn split_multipart<'a>(raw: &'a [u8], boundary: &str) -> Vec<&'a [u8]> {
    let delim = format!("--{boundary}");
    let d = delim.as_bytes();
    let mut parts = Vec::new();
    let mut rest = raw;
    // Skip the preamble up to the first delimiter.
    let Some(first) = find(rest, d) else {
        return parts;
    };
    rest = &rest[first + d.len()..];
    loop {
        if rest.starts_with(b"--") {
            break;
        }
        let rest_trim = rest.strip_prefix(b"\r\n").unwrap_or(rest);
        let Some(next) = find(rest_trim, d) else {
            break;
        };
        let part = &rest_trim[..next];
        let part = part.strip_suffix(b"\r\n").unwrap_or(part);
        parts.push(part);
        rest = &rest_trim[next + d.len()..];
    }
    parts
}

fn disposition_param(head: &str, key: &str) -> Option<String> {
    let line = head
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("content-disposition"))?;
    line.split(';').find_map(|p| {
        let p = p.trim();
        let v = p.strip_prefix(&format!("{key}="))?;
        Some(v.trim_matches('"').to_string())
    })
}

struct Ctx<'a> {
    shared: &'a Shared,
    index: usize,
    body: Option<&'a Value>,
    files: &'a [RecordedFile],
    at: Instant,
}

fn id(s: &str) -> Option<u64> {
    s.parse().ok()
}

impl Ctx<'_> {
    fn route(&self, inner: &mut Inner, method: &str, segs: &[&str]) -> Reply {
        let app = APPLICATION_ID.to_string();
        match (method, segs) {
            ("GET", ["gateway"]) => ok(json!({ "url": self.shared.gateway_url() })),
            ("GET", ["gateway", "bot"]) => ok(json!({
                "url": self.shared.gateway_url(),
                "shards": 1,
                "session_start_limit": {
                    "total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1
                },
            })),
            ("GET", ["users", "@me"]) => {
                let mut me = payloads::test_user(&self.shared.bot);
                me["verified"] = json!(true);
                me["mfa_enabled"] = json!(false);
                ok(me)
            }
            ("GET", ["oauth2", "applications", "@me"]) | ("GET", ["applications", "@me"]) => ok(
                payloads::application_info(APPLICATION_ID, &self.shared.bot, &self.shared.owner),
            ),
            ("PUT", ["applications", a, "commands"]) if *a == app => {
                let cmds = self.register(None);
                inner.global_commands = cmds.clone();
                ok(Value::Array(cmds))
            }
            ("PUT", ["applications", a, "guilds", g, "commands"]) if *a == app => {
                let Some(g) = id(g) else {
                    return err(404, 10004, "Unknown Guild");
                };
                let cmds = self.register(Some(g));
                inner.guild_commands.insert(g, cmds.clone());
                ok(Value::Array(cmds))
            }
            ("GET", ["applications", a, "commands"]) if *a == app => {
                ok(Value::Array(inner.global_commands.clone()))
            }
            ("GET", ["applications", a, "guilds", g, "commands"]) if *a == app => ok(Value::Array(
                id(g)
                    .and_then(|g| inner.guild_commands.get(&g).cloned())
                    .unwrap_or_default(),
            )),
            ("POST", ["interactions", i, token, "callback"]) => self.callback(inner, i, token),
            ("GET", ["webhooks", a, token, "messages", "@original"]) if *a == app => {
                match inner.interactions.get(*token).and_then(|i| i.original) {
                    Some(m) => match inner.messages.iter().find(|x| x.id == m) {
                        Some(m) => ok(m.json.clone()),
                        None => err(404, 10008, "Unknown Message"),
                    },
                    None => err(404, 10008, "Unknown Message"),
                }
            }
            ("PATCH", ["webhooks", a, token, "messages", "@original"]) if *a == app => {
                let Some(m) = inner.interactions.get(*token).and_then(|i| i.original) else {
                    return err(404, 10008, "Unknown Message");
                };
                self.edit_message(inner, m, true)
            }
            ("DELETE", ["webhooks", a, token, "messages", "@original"]) if *a == app => {
                let Some(m) = inner.interactions.get(*token).and_then(|i| i.original) else {
                    return err(404, 10008, "Unknown Message");
                };
                inner.messages.retain(|x| x.id != m);
                no_content()
            }
            ("POST", ["webhooks", a, token]) if *a == app => {
                let Some(i) = inner.interactions.get(*token) else {
                    return err(404, 10015, "Unknown Webhook");
                };
                if i.acked.is_none() {
                    return err(404, 10015, "Unknown Webhook");
                }
                let (channel, guild) = (i.channel_id, i.guild_id);
                let token = token.to_string();
                let flags = self.flags() & EPHEMERAL;
                let m = self.new_message(channel, guild, Some(token), flags, true);
                inner.messages.push(m.clone());
                ok(m.json)
            }
            ("PATCH", ["webhooks", a, token, "messages", m]) if *a == app => {
                if !inner.interactions.contains_key(*token) {
                    return err(404, 10015, "Unknown Webhook");
                }
                match id(m) {
                    Some(m) => self.edit_message(inner, m, true),
                    None => err(404, 10008, "Unknown Message"),
                }
            }
            ("DELETE", ["webhooks", a, _token, "messages", m]) if *a == app => {
                let m = id(m).unwrap_or(0);
                inner.messages.retain(|x| x.id != m);
                no_content()
            }
            ("POST", ["channels", c, "messages"]) => {
                let Some(c) = id(c).filter(|c| inner.channels.contains_key(c)) else {
                    return err(404, 10003, "Unknown Channel");
                };
                let guild = inner.channels[&c]["guild_id"].as_str().and_then(id);
                let m = self.new_message(c, guild, None, 0, false);
                inner.messages.push(m.clone());
                ok(m.json)
            }
            ("GET", ["channels", _c, "messages", m]) => {
                match id(m).and_then(|m| inner.messages.iter().find(|x| x.id == m)) {
                    Some(m) => ok(m.json.clone()),
                    None => err(404, 10008, "Unknown Message"),
                }
            }
            ("PATCH", ["channels", _c, "messages", m]) => match id(m) {
                Some(m) => self.edit_message(inner, m, false),
                None => err(404, 10008, "Unknown Message"),
            },
            ("DELETE", ["channels", _c, "messages", m]) => {
                let m = id(m).unwrap_or(0);
                inner.messages.retain(|x| x.id != m);
                no_content()
            }
            ("POST", ["users", "@me", "channels"]) => {
                let Some(user) = self
                    .body
                    .and_then(|b| b["recipient_id"].as_str().and_then(id))
                else {
                    return err(400, 50035, "Invalid Form Body");
                };
                let channel = match inner.dm_channels.get(&user) {
                    Some(c) => *c,
                    None => {
                        let c = self.shared.snowflake();
                        inner.dm_channels.insert(user, c);
                        c
                    }
                };
                let recipient = inner
                    .users
                    .get(&user)
                    .map(payloads::test_user)
                    .unwrap_or_else(|| payloads::user(user, &format!("user{user}"), false));
                let dm = payloads::dm_channel(channel, recipient);
                inner.channels.insert(channel, dm.clone());
                ok(dm)
            }
            ("POST", ["channels", c, "threads"]) => self.thread(inner, c, None),
            ("POST", ["channels", c, "messages", m, "threads"]) => self.thread(inner, c, Some(m)),
            ("PUT", ["channels", t, "thread-members", u]) => match (id(t), id(u)) {
                (Some(t), Some(u)) if inner.channels.contains_key(&t) => {
                    inner.thread_members.push((t, u));
                    no_content()
                }
                _ => err(404, 10003, "Unknown Channel"),
            },
            ("GET", ["channels", c]) => match id(c).and_then(|c| inner.channels.get(&c)) {
                Some(c) => ok(c.clone()),
                None => err(404, 10003, "Unknown Channel"),
            },
            _ => Reply {
                status: 404,
                body: Some(payloads::error_body(0, "404: Not Found")),
                known: false,
            },
        }
    }

    fn flags(&self) -> u64 {
        self.body.and_then(|b| b["flags"].as_u64()).unwrap_or(0)
    }

    /// Echo the commands sent with ids, as Discord answers `PUT .../commands`.
    fn register(&self, guild: Option<u64>) -> Vec<Value> {
        self.body
            .and_then(Value::as_array)
            .map(|cmds| {
                cmds.iter()
                    .map(|c| {
                        payloads::registered_command(
                            c,
                            self.shared.snowflake(),
                            APPLICATION_ID,
                            guild,
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A message built from the request body (`content`, `embeds`,
    /// `components`, `flags`, files as attachments).
    fn new_message(
        &self,
        channel: u64,
        guild: Option<u64>,
        token: Option<String>,
        flags: u64,
        from_webhook: bool,
    ) -> StoredMessage {
        self.message_from(
            self.body.unwrap_or(&Value::Null),
            channel,
            guild,
            token,
            flags,
            from_webhook,
        )
    }

    fn message_from(
        &self,
        data: &Value,
        channel: u64,
        guild: Option<u64>,
        token: Option<String>,
        flags: u64,
        from_webhook: bool,
    ) -> StoredMessage {
        let id = self.shared.snowflake();
        let content = data["content"].as_str().unwrap_or("");
        let mut m = payloads::message(
            id,
            channel,
            guild,
            payloads::test_user(&self.shared.bot),
            content,
        );
        for k in ["embeds", "components"] {
            if let Some(v) = data.get(k).filter(|v| v.is_array()) {
                m[k] = v.clone();
            }
        }
        m["attachments"] = Value::Array(self.attachments());
        m["flags"] = json!(flags);
        if from_webhook {
            m["webhook_id"] = json!(APPLICATION_ID.to_string());
            m["application_id"] = json!(APPLICATION_ID.to_string());
        }
        StoredMessage {
            id,
            channel_id: channel,
            interaction_token: token,
            json: m,
            created_by: self.index,
        }
    }

    fn attachments(&self) -> Vec<Value> {
        self.files
            .iter()
            .map(|f| {
                let id = self.shared.snowflake();
                let name = f.filename.clone().unwrap_or_else(|| f.field.clone());
                json!({
                    "id": id.to_string(),
                    "filename": name,
                    "size": f.data.len(),
                    "url": format!("https://cdn.invalid/attachments/{id}/{name}"),
                    "proxy_url": format!("https://media.invalid/attachments/{id}/{name}"),
                })
            })
            .collect()
    }

    fn edit_message(&self, inner: &mut Inner, id: u64, _webhook: bool) -> Reply {
        let body = self.body.cloned().unwrap_or(Value::Null);
        let attachments = self.attachments();
        let Some(m) = inner.messages.iter_mut().find(|x| x.id == id) else {
            return err(404, 10008, "Unknown Message");
        };
        apply_edit(&mut m.json, &body, attachments);
        ok(m.json.clone())
    }

    fn callback(&self, inner: &mut Inner, interaction_id: &str, token: &str) -> Reply {
        let deadline = self.shared.config.interaction_deadline;
        let Some(i) = inner.interactions.get(token) else {
            return err(404, 10062, "Unknown interaction");
        };
        if Some(i.id) != id(interaction_id) {
            return err(404, 10062, "Unknown interaction");
        }
        if i.acked.is_some() {
            return err(400, 40060, "Interaction has already been acknowledged.");
        }
        let delivered = inner.gateway_log.iter().find_map(|r| match r {
            super::GatewayRecord::Dispatched { event_id, at, .. } if *event_id == i.event_id => {
                Some(*at)
            }
            _ => None,
        });
        if let (Some(limit), Some(at)) = (deadline, delivered)
            && self.at.saturating_duration_since(at) > limit
        {
            return err(404, 10062, "Unknown interaction");
        }
        let body = self.body.cloned().unwrap_or(Value::Null);
        let kind = body["type"].as_u64().unwrap_or(0);
        let data = body["data"].clone();
        let (channel, guild, source) = (i.channel_id, i.guild_id, i.message_id);
        let token_s = token.to_string();
        match kind {
            // Message with source / deferred message with source.
            4 | 5 => {
                let flags = data["flags"].as_u64().unwrap_or(0) & EPHEMERAL
                    | if kind == 5 { LOADING } else { 0 };
                let mut m =
                    self.message_from(&data, channel, guild, Some(token_s.clone()), flags, true);
                if kind == 5 {
                    m.json["content"] = json!("");
                }
                let mid = m.id;
                inner.messages.push(m);
                let i = inner.interactions.get_mut(token).expect("interaction");
                i.original = Some(mid);
                i.acked = Some(kind);
            }
            // Deferred update / update message: the original is the
            // component's message.
            6 | 7 => {
                if kind == 7
                    && let Some(src) = source
                {
                    let attachments = self.attachments();
                    if let Some(m) = inner.messages.iter_mut().find(|x| x.id == src) {
                        apply_edit(&mut m.json, &data, attachments);
                    }
                }
                let i = inner.interactions.get_mut(token).expect("interaction");
                i.original = source;
                i.acked = Some(kind);
            }
            8 => {
                inner
                    .interactions
                    .get_mut(token)
                    .expect("interaction")
                    .acked = Some(kind);
            }
            9 => {
                let custom_id = data["custom_id"].as_str().unwrap_or("").to_string();
                let inputs = super::custom_ids(&data["components"]);
                inner.modals.push(OpenedModal {
                    interaction_token: token_s,
                    custom_id,
                    inputs,
                    json: data,
                });
                inner
                    .interactions
                    .get_mut(token)
                    .expect("interaction")
                    .acked = Some(kind);
            }
            _ => return err(400, 50035, "Invalid Form Body"),
        }
        no_content()
    }

    fn thread(&self, inner: &mut Inner, channel: &str, message: Option<&str>) -> Reply {
        let Some(parent) = id(channel).filter(|c| inner.channels.contains_key(c)) else {
            return err(404, 10003, "Unknown Channel");
        };
        let guild = inner.channels[&parent]["guild_id"].as_str().and_then(id);
        let Some(guild) = guild else {
            return err(400, 50024, "Cannot execute action on this channel type");
        };
        let body = self.body.cloned().unwrap_or(Value::Null);
        // Threads from a message are public; otherwise `type` (default 12 private).
        let kind = if message.is_some() {
            11
        } else {
            body["type"].as_u64().unwrap_or(12) as u8
        };
        // A thread started from a message takes the message's id.
        let tid = message
            .and_then(id)
            .unwrap_or_else(|| self.shared.snowflake());
        let name = body["name"].as_str().unwrap_or("thread");
        let archive = body["auto_archive_duration"].as_u64().unwrap_or(1440);
        let t =
            payloads::thread_channel(tid, guild, parent, super::BOT_USER_ID, name, kind, archive);
        inner.channels.insert(tid, t.clone());
        let mut reply = ok(t);
        reply.status = 201;
        reply
    }
}

/// Apply an edit body to a stored message (fields present replace).
fn apply_edit(m: &mut Value, body: &Value, attachments: Vec<Value>) {
    for k in ["content", "embeds", "components"] {
        if let Some(v) = body.get(k) {
            m[k] = if v.is_null() && k != "content" {
                json!([])
            } else {
                v.clone()
            };
        }
    }
    if !attachments.is_empty() {
        m["attachments"] = Value::Array(attachments);
    }
    let flags = m["flags"].as_u64().unwrap_or(0) & !LOADING;
    m["flags"] = json!(flags);
    m["edited_timestamp"] = json!(payloads::now_timestamp());
}
