//! JSON payloads in the exact shapes serenity 0.12.5 deserialises.
//!
//! Every builder here is checked by `tests/fake_discord_payloads.rs`, which
//! feeds its output through serenity's own `GatewayEvent` / model types.
//! Fields that serenity requires (no `Option`, no `#[serde(default)]`) are
//! always present; see the notes on each builder.

use serde_json::{Value, json};

/// Permissions of a regular member (view, send, read history, use app
/// commands...), as Discord sends them: a decimal string.
pub const MEMBER_PERMISSIONS: u64 = (1 << 6) // ADD_REACTIONS
    | (1 << 10) // VIEW_CHANNEL
    | (1 << 11) // SEND_MESSAGES
    | (1 << 14) // EMBED_LINKS
    | (1 << 15) // ATTACH_FILES
    | (1 << 16) // READ_MESSAGE_HISTORY
    | (1 << 31) // USE_APPLICATION_COMMANDS
    | (1 << 38); // SEND_MESSAGES_IN_THREADS
/// `MANAGE_GUILD` (1 << 5), what `/config` needs.
pub const MANAGE_GUILD: u64 = 1 << 5;
/// Permissions granted to the bot in interactions (`app_permissions`).
pub const APP_PERMISSIONS: u64 = MEMBER_PERMISSIONS
    | (1 << 34) // MANAGE_THREADS
    | (1 << 35) // CREATE_PUBLIC_THREADS
    | (1 << 36); // CREATE_PRIVATE_THREADS
/// Discord's default `attachment_size_limit` (25 MiB); serenity requires the field.
pub const ATTACHMENT_SIZE_LIMIT: u64 = 25 * 1024 * 1024;

/// A member of the test world. `permissions` is what Discord computes for
/// the member in the interaction's channel (sent as `member.permissions`).
#[derive(Clone, Debug)]
pub struct TestUser {
    pub id: u64,
    pub name: String,
    pub permissions: u64,
    pub bot: bool,
}

impl TestUser {
    pub fn new(id: u64, name: &str) -> Self {
        TestUser {
            id,
            name: name.to_string(),
            permissions: MEMBER_PERMISSIONS,
            bot: false,
        }
    }

    /// The same user with Manage Server.
    pub fn with_manage_guild(mut self) -> Self {
        self.permissions |= MANAGE_GUILD;
        self
    }

    /// `<@id>`
    pub fn mention(&self) -> String {
        format!("<@{}>", self.id)
    }
}

/// Where an interaction or message happens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    pub guild_id: Option<u64>,
    pub channel_id: u64,
    /// Discord channel type: 0 text, 1 DM, 11 public thread, 12 private thread.
    pub channel_type: u8,
    /// Parent channel, for threads.
    pub parent_id: Option<u64>,
}

impl Place {
    /// A text channel in a server.
    pub fn guild(guild_id: u64, channel_id: u64) -> Self {
        Place {
            guild_id: Some(guild_id),
            channel_id,
            channel_type: 0,
            parent_id: None,
        }
    }

    /// A thread (private by default) in a server.
    pub fn thread(guild_id: u64, thread_id: u64, parent_id: u64) -> Self {
        Place {
            guild_id: Some(guild_id),
            channel_id: thread_id,
            channel_type: 12,
            parent_id: Some(parent_id),
        }
    }

    /// A DM channel between the bot and a user.
    pub fn dm(channel_id: u64) -> Self {
        Place {
            guild_id: None,
            channel_id,
            channel_type: 1,
            parent_id: None,
        }
    }

    pub fn is_dm(&self) -> bool {
        self.guild_id.is_none()
    }
}

/// Current time as Discord formats it (RFC 3339).
pub fn now_timestamp() -> String {
    serenity::model::Timestamp::now().to_string()
}

/// A `User` object. Required by serenity: `id`, `username`.
pub fn user(id: u64, name: &str, bot: bool) -> Value {
    json!({
        "id": id.to_string(),
        "username": name,
        "discriminator": "0",
        "global_name": if bot { Value::Null } else { json!(name) },
        "avatar": null,
        "bot": bot,
        "public_flags": 0,
    })
}

pub fn test_user(u: &TestUser) -> Value {
    user(u.id, &u.name, u.bot)
}

/// A guild `Member` as it appears in interactions. Required by serenity:
/// `user`, `roles`, `deaf`, `mute`, `flags`.
pub fn member(u: &TestUser) -> Value {
    json!({
        "user": test_user(u),
        "nick": null,
        "avatar": null,
        "roles": [],
        "joined_at": "2024-01-01T00:00:00.000000+00:00",
        "premium_since": null,
        "deaf": false,
        "mute": false,
        "flags": 0,
        "pending": false,
        "permissions": u.permissions.to_string(),
        "communication_disabled_until": null,
    })
}

/// The `channel` partial sent with interactions. Required: `id`, `type`.
pub fn partial_channel(place: &Place) -> Value {
    let mut c = json!({
        "id": place.channel_id.to_string(),
        "type": place.channel_type,
    });
    if let Some(g) = place.guild_id {
        c["guild_id"] = json!(g.to_string());
        c["name"] = json!(format!("channel-{}", place.channel_id));
        c["permissions"] = json!(MEMBER_PERMISSIONS.to_string());
    }
    if let Some(p) = place.parent_id {
        c["parent_id"] = json!(p.to_string());
    }
    c
}

/// Fields shared by every interaction. serenity 0.12.5 requires, besides
/// `id`/`application_id`/`data`/`token`: `channel_id`, `version`, `locale`,
/// `entitlements` and `attachment_size_limit`; guild interactions carry
/// `member` (serenity copies `member.user` into `user`), DM ones `user`.
pub fn interaction_base(
    kind: u8,
    id: u64,
    application_id: u64,
    token: &str,
    who: &TestUser,
    place: &Place,
    data: Value,
) -> Value {
    let mut i = json!({
        "id": id.to_string(),
        "application_id": application_id.to_string(),
        "type": kind,
        "data": data,
        "channel_id": place.channel_id.to_string(),
        "channel": partial_channel(place),
        "token": token,
        "version": 1,
        "app_permissions": APP_PERMISSIONS.to_string(),
        "locale": "en-US",
        "entitlements": [],
        "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
    });
    match place.guild_id {
        Some(g) => {
            i["guild_id"] = json!(g.to_string());
            i["guild_locale"] = json!("en-US");
            i["member"] = member(who);
            i["authorizing_integration_owners"] = json!({ "0": g.to_string() });
            i["context"] = json!(0);
        }
        None => {
            i["user"] = test_user(who);
            i["authorizing_integration_owners"] = json!({ "0": "0" });
            i["context"] = json!(1);
        }
    }
    i
}

/// A slash-command option value (`type` 3 string, 4 integer, 5 boolean,
/// 6 user, 10 number). Use [`opt_str`] & co.
pub fn option(name: &str, kind: u8, value: Value) -> Value {
    json!({ "name": name, "type": kind, "value": value })
}

pub fn opt_str(name: &str, value: &str) -> Value {
    option(name, 3, json!(value))
}

pub fn opt_int(name: &str, value: i64) -> Value {
    option(name, 4, json!(value))
}

pub fn opt_bool(name: &str, value: bool) -> Value {
    option(name, 5, json!(value))
}

/// A user option; remember to add the user to `resolved` with
/// [`resolved_users`] if the bot needs the `User` object.
pub fn opt_user(name: &str, user_id: u64) -> Value {
    option(name, 6, json!(user_id.to_string()))
}

/// `data.resolved` holding users (and, for guild interactions, their
/// partial members).
pub fn resolved_users(users: &[TestUser], in_guild: bool) -> Value {
    let mut us = serde_json::Map::new();
    let mut ms = serde_json::Map::new();
    for u in users {
        us.insert(u.id.to_string(), test_user(u));
        if in_guild {
            ms.insert(
                u.id.to_string(),
                json!({
                    "roles": [],
                    "joined_at": "2024-01-01T00:00:00.000000+00:00",
                    "deaf": false, "mute": false, "flags": 0,
                    "permissions": u.permissions.to_string(),
                }),
            );
        }
    }
    json!({ "users": us, "members": ms })
}

/// `data` of an APPLICATION_COMMAND (type 2) interaction for a chat-input
/// command. Required by serenity: `id`, `name`, `type`.
pub fn command_data(
    command_id: u64,
    name: &str,
    guild_id: Option<u64>,
    options: Vec<Value>,
    resolved: Option<Value>,
) -> Value {
    let mut d = json!({
        "id": command_id.to_string(),
        "name": name,
        "type": 1,
        "options": options,
    });
    if let Some(g) = guild_id {
        d["guild_id"] = json!(g.to_string());
    }
    if let Some(r) = resolved {
        d["resolved"] = r;
    }
    d
}

/// `data` of an APPLICATION_COMMAND_AUTOCOMPLETE (type 4) interaction: the
/// option being typed carries `focused: true` and its partial string value.
pub fn autocomplete_data(
    command_id: u64,
    name: &str,
    guild_id: Option<u64>,
    focused_option: &str,
    partial: &str,
    other_options: Vec<Value>,
) -> Value {
    let mut options = other_options;
    options.push(json!({
        "name": focused_option,
        "type": 3,
        "value": partial,
        "focused": true,
    }));
    command_data(command_id, name, guild_id, options, None)
}

/// `data` of a MESSAGE_COMPONENT (type 3) interaction for a button
/// (`component_type` 2; serenity reads `component_type`, not `type`).
pub fn button_data(custom_id: &str) -> Value {
    json!({ "custom_id": custom_id, "component_type": 2 })
}

/// `data` of a string-select component interaction (`component_type` 3).
pub fn select_data(custom_id: &str, values: &[&str]) -> Value {
    json!({ "custom_id": custom_id, "component_type": 3, "values": values })
}

/// `data` of a MODAL_SUBMIT (type 5) interaction: one action row per text
/// input, each `{type: 4, custom_id, value}`.
pub fn modal_data(custom_id: &str, fields: &[(&str, &str)]) -> Value {
    let rows: Vec<Value> = fields
        .iter()
        .map(|(id, value)| {
            json!({
                "type": 1,
                "components": [{ "type": 4, "custom_id": id, "value": value }],
            })
        })
        .collect();
    json!({ "custom_id": custom_id, "components": rows })
}

/// A `Message` object. Required by serenity: `id`, `channel_id`, `author`,
/// `content`, `timestamp`, `tts`, `mention_everyone`, `mentions`,
/// `mention_roles`, `attachments`, `embeds`, `pinned`, `type`.
pub fn message(
    id: u64,
    channel_id: u64,
    guild_id: Option<u64>,
    author: Value,
    content: &str,
) -> Value {
    let mut m = json!({
        "id": id.to_string(),
        "channel_id": channel_id.to_string(),
        "author": author,
        "content": content,
        "timestamp": now_timestamp(),
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": false,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "components": [],
        "pinned": false,
        "type": 0,
        "flags": 0,
    });
    if let Some(g) = guild_id {
        m["guild_id"] = json!(g.to_string());
    }
    m
}

/// A MESSAGE_CREATE payload for a plain DM from a user. The DM's
/// `content` is present without the privileged intent.
pub fn dm_message_create(id: u64, channel_id: u64, from: &TestUser, content: &str) -> Value {
    message(id, channel_id, None, test_user(from), content)
}

/// A MESSAGE_CREATE payload for a member's message in a server channel
/// (MESSAGE_CREATE in guilds also carries a partial `member`).
pub fn guild_message_create(id: u64, place: &Place, from: &TestUser, content: &str) -> Value {
    let mut m = message(
        id,
        place.channel_id,
        place.guild_id,
        test_user(from),
        content,
    );
    m["member"] = json!({
        "roles": [], "joined_at": "2024-01-01T00:00:00.000000+00:00",
        "deaf": false, "mute": false, "flags": 0,
    });
    m
}

/// A guild text channel (`GuildChannel`). Required: `id`, `type`, `name`.
pub fn text_channel(id: u64, guild_id: u64, name: &str, position: u16) -> Value {
    json!({
        "id": id.to_string(),
        "guild_id": guild_id.to_string(),
        "type": 0,
        "name": name,
        "position": position,
        "permission_overwrites": [],
        "nsfw": false,
        "topic": null,
        "last_message_id": null,
        "parent_id": null,
        "rate_limit_per_user": 0,
        "flags": 0,
    })
}

/// A thread channel as `POST /channels/{id}/threads` answers it.
/// `type` 11 public, 12 private. `thread_metadata` needs `archived` and
/// `auto_archive_duration`.
pub fn thread_channel(
    id: u64,
    guild_id: u64,
    parent_id: u64,
    owner_id: u64,
    name: &str,
    kind: u8,
    auto_archive_duration: u64,
) -> Value {
    json!({
        "id": id.to_string(),
        "guild_id": guild_id.to_string(),
        "parent_id": parent_id.to_string(),
        "owner_id": owner_id.to_string(),
        "type": kind,
        "name": name,
        "last_message_id": null,
        "rate_limit_per_user": 0,
        "flags": 0,
        "message_count": 0,
        "member_count": 1,
        "total_message_sent": 0,
        "thread_metadata": {
            "archived": false,
            "auto_archive_duration": auto_archive_duration,
            "archive_timestamp": now_timestamp(),
            "locked": false,
            "invitable": kind == 11,
            "create_timestamp": now_timestamp(),
        },
        "member": {
            "id": id.to_string(),
            "user_id": owner_id.to_string(),
            "join_timestamp": now_timestamp(),
            "flags": 0,
        },
    })
}

/// A DM channel (`PrivateChannel`): `recipients` must hold exactly one user.
pub fn dm_channel(id: u64, recipient: Value) -> Value {
    json!({
        "id": id.to_string(),
        "type": 1,
        "last_message_id": null,
        "recipients": [recipient],
        "flags": 0,
    })
}

/// The `@everyone` role (id = guild id). Roles need `colors.primary_color`
/// in serenity 0.12.5, on top of the classic `color`.
pub fn everyone_role(guild_id: u64) -> Value {
    json!({
        "id": guild_id.to_string(),
        "name": "@everyone",
        "color": 0,
        "colors": { "primary_color": 0, "secondary_color": null, "tertiary_color": null },
        "hoist": false,
        "icon": null,
        "unicode_emoji": null,
        "position": 0,
        "permissions": MEMBER_PERMISSIONS.to_string(),
        "managed": false,
        "mentionable": false,
        "flags": 0,
    })
}

/// A GUILD_CREATE payload: a full `Guild` with one text channel per entry of
/// `channels` (id, name) and the bot and `members` as members.
pub fn guild_create(
    guild_id: u64,
    name: &str,
    owner_id: u64,
    bot: &TestUser,
    members: &[TestUser],
    channels: &[(u64, &str)],
) -> Value {
    let mut all_members = vec![member(bot)];
    all_members.extend(members.iter().map(member));
    let chans: Vec<Value> = channels
        .iter()
        .enumerate()
        .map(|(i, (id, n))| text_channel(*id, guild_id, n, i as u16))
        .collect();
    let mut g = json!({
        "id": guild_id.to_string(),
        "name": name,
        "icon": null,
        "splash": null,
        "discovery_splash": null,
        "owner_id": owner_id.to_string(),
        "afk_channel_id": null,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "roles": [everyone_role(guild_id)],
        "emojis": [],
        "features": [],
        "mfa_level": 0,
        "application_id": null,
        "system_channel_id": null,
        "system_channel_flags": 0,
        "rules_channel_id": null,
    });
    let more = json!({
        "max_members": 500000,
        "vanity_url_code": null,
        "description": null,
        "banner": null,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": "en-US",
        "public_updates_channel_id": null,
        "nsfw_level": 0,
        "stickers": [],
        "premium_progress_bar_enabled": false,
        "safety_alerts_channel_id": null,
    });
    let create_only = json!({
        "joined_at": "2024-01-01T00:00:00.000000+00:00",
        "large": false,
        "unavailable": false,
        "member_count": all_members.len(),
        "voice_states": [],
        "members": all_members,
        "channels": chans,
        "threads": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
    });
    for part in [more, create_only] {
        if let (Some(g), Value::Object(p)) = (g.as_object_mut(), part) {
            g.extend(p);
        }
    }
    g
}

/// READY. serenity 0.12.5 requires `v`, `user`, `guilds`, `session_id`,
/// `resume_gateway_url` and `application {id, flags}`.
pub fn ready(
    bot: &TestUser,
    application_id: u64,
    guild_ids: &[u64],
    session_id: &str,
    resume_gateway_url: &str,
) -> Value {
    let guilds: Vec<Value> = guild_ids
        .iter()
        .map(|g| json!({ "id": g.to_string(), "unavailable": true }))
        .collect();
    let mut me = test_user(bot);
    me["verified"] = json!(true);
    me["mfa_enabled"] = json!(false);
    me["flags"] = json!(0);
    json!({
        "v": 10,
        "user": me,
        "guilds": guilds,
        "session_id": session_id,
        "resume_gateway_url": resume_gateway_url,
        "shard": [0, 1],
        "application": { "id": application_id.to_string(), "flags": 0 },
        "private_channels": [],
        "user_settings": {},
        "relationships": [],
    })
}

/// `GET /oauth2/applications/@me` (what poise calls at start to learn the
/// owners). Required: `id`, `name`, `description`, `bot_public`,
/// `bot_require_code_grant`, `verify_key`.
pub fn application_info(application_id: u64, bot: &TestUser, owner: &TestUser) -> Value {
    json!({
        "id": application_id.to_string(),
        "name": bot.name,
        "icon": null,
        "description": "starprobe test application",
        "rpc_origins": [],
        "bot_public": false,
        "bot_require_code_grant": false,
        "terms_of_service_url": null,
        "privacy_policy_url": null,
        "owner": test_user(owner),
        "verify_key": "0000000000000000000000000000000000000000000000000000000000000000",
        "team": null,
        "guild_id": null,
        "flags": 0,
        "bot": test_user(bot),
    })
}

/// One registered application command, as `PUT .../commands` answers
/// (required: `id`, `type`, `application_id`, `name`, `description`,
/// `version`). `sent` is the command object the bot sent.
pub fn registered_command(
    sent: &Value,
    id: u64,
    application_id: u64,
    guild_id: Option<u64>,
) -> Value {
    let mut c = sent.clone();
    if !c.is_object() {
        c = json!({});
    }
    c["id"] = json!(id.to_string());
    c["application_id"] = json!(application_id.to_string());
    c["version"] = json!(id.to_string());
    if c.get("type").is_none_or(Value::is_null) {
        c["type"] = json!(1);
    }
    if c.get("description").is_none_or(Value::is_null) {
        c["description"] = json!("");
    }
    if let Some(g) = guild_id {
        c["guild_id"] = json!(g.to_string());
    }
    if c.get("default_member_permissions").is_none() {
        c["default_member_permissions"] = Value::Null;
    }
    c
}

/// Discord's error body: `{"message": ..., "code": ...}`.
pub fn error_body(code: u64, message: &str) -> Value {
    json!({ "message": message, "code": code })
}
