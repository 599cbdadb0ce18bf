//! The gateway WebSocket: HELLO, IDENTIFY -> READY (+ GUILD_CREATE),
//! heartbeats, RESUME -> replay + RESUMED, dispatches with sequence numbers,
//! and server-side disconnects.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

use axum::extract::State;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::response::Response;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::sync::mpsc;

use super::{ConnCmd, Disconnect, GatewayRecord, LiveConn, Session, Shared, payloads};

pub(crate) async fn upgrade(State(shared): State<Arc<Shared>>, ws: WebSocketUpgrade) -> Response {
    ws.on_upgrade(move |socket| async move { Conn::run(shared, socket).await })
}

type Tx = futures_util::stream::SplitSink<WebSocket, Message>;

struct Conn {
    id: u64,
    shared: Arc<Shared>,
    session: Option<String>,
    /// Highest seq written on this connection.
    sent: u64,
}

enum Flow {
    Continue,
    Stop(String),
}

impl Conn {
    async fn run(shared: Arc<Shared>, socket: WebSocket) {
        let (cmd_tx, mut cmd_rx) = mpsc::unbounded_channel();
        let id = {
            let mut inner = shared.lock();
            inner.next_conn += 1;
            let id = inner.next_conn;
            inner.live = Some(LiveConn { id, cmd: cmd_tx });
            id
        };
        shared.record_gateway(GatewayRecord::Connected {
            conn: id,
            at: Instant::now(),
        });
        let mut conn = Conn {
            id,
            shared: shared.clone(),
            session: None,
            sent: 0,
        };
        let (mut tx, mut rx) = socket.split();
        let mut events = shared.events.subscribe();

        let hello = json!({
            "op": 10,
            "d": { "heartbeat_interval": shared.config.heartbeat_interval_ms },
            "s": null, "t": null,
        });
        let reason = if conn.send_op(&mut tx, 10, &hello).await.is_err() {
            "send hello failed".to_string()
        } else {
            loop {
                let flow = tokio::select! {
                    msg = rx.next() => match msg {
                        Some(Ok(Message::Text(text))) => conn.on_text(&mut tx, text.as_str()).await,
                        Some(Ok(Message::Binary(_))) => Flow::Stop("client sent binary".into()),
                        Some(Ok(Message::Close(frame))) => {
                            // axum answers the close frame itself; read on
                            // until the stream ends.
                            let code = frame.map(|f| f.code);
                            Flow::Stop(format!("client closed ({code:?})"))
                        }
                        Some(Ok(_)) => Flow::Continue,
                        Some(Err(e)) => Flow::Stop(format!("socket error: {e}")),
                        None => Flow::Stop("client went away".into()),
                    },
                    cmd = cmd_rx.recv() => match cmd {
                        Some(ConnCmd::Disconnect(Disconnect::Abrupt)) => {
                            Flow::Stop("server dropped the connection".into())
                        }
                        Some(ConnCmd::Disconnect(Disconnect::Close(code))) => {
                            let _ = tx
                                .send(Message::Close(Some(CloseFrame {
                                    code,
                                    reason: "fake discord closed".into(),
                                })))
                                .await;
                            // Give the client its close handshake, then drop.
                            let _ = tokio::time::timeout(
                                std::time::Duration::from_secs(1),
                                async { while let Some(Ok(_)) = rx.next().await {} },
                            )
                            .await;
                            Flow::Stop(format!("server closed with {code}"))
                        }
                        Some(ConnCmd::Raw(v)) => {
                            let op = v["op"].as_u64().unwrap_or(0);
                            match conn.send_op(&mut tx, op, &v).await {
                                Ok(()) => Flow::Continue,
                                Err(e) => Flow::Stop(e),
                            }
                        }
                        // The FakeDiscord replaced us with a newer connection.
                        None => Flow::Continue,
                    },
                    _ = events.changed() => match conn.flush(&mut tx).await {
                        Ok(()) => Flow::Continue,
                        Err(e) => Flow::Stop(e),
                    },
                };
                if let Flow::Stop(reason) = flow {
                    break reason;
                }
            }
        };
        {
            let mut inner = shared.lock();
            if inner.live.as_ref().is_some_and(|l| l.id == id) {
                inner.live = None;
            }
        }
        shared.record_gateway(GatewayRecord::Closed {
            conn: id,
            reason,
            at: Instant::now(),
        });
        // Dropping tx/rx here closes the TCP connection.
    }

    async fn send_op(&self, tx: &mut Tx, op: u64, v: &Value) -> Result<(), String> {
        self.shared.record_gateway(GatewayRecord::SentOp {
            conn: self.id,
            op,
            at: Instant::now(),
        });
        tx.send(Message::Text(v.to_string().into()))
            .await
            .map_err(|e| format!("send failed: {e}"))
    }

    async fn on_text(&mut self, tx: &mut Tx, text: &str) -> Flow {
        let Ok(v) = serde_json::from_str::<Value>(text) else {
            return self.close(tx, 4002, "decode error").await;
        };
        let op = v["op"].as_u64().unwrap_or(u64::MAX);
        let d = v["d"].clone();
        self.shared.record_gateway(GatewayRecord::Received {
            conn: self.id,
            op,
            d: d.clone(),
            at: Instant::now(),
        });
        match op {
            1 => {
                if self.shared.ack_heartbeats.load(Ordering::SeqCst)
                    && let Err(e) = self.send_op(tx, 11, &json!({ "op": 11 })).await
                {
                    return Flow::Stop(e);
                }
                Flow::Continue
            }
            2 => self.identify(tx, &d).await,
            6 => self.resume(tx, &d).await,
            // Presence update, request guild members, voice state: accept.
            3 | 4 | 8 | 31 => Flow::Continue,
            _ => self.close(tx, 4001, "unknown opcode").await,
        }
    }

    fn token_ok(&self, d: &Value) -> bool {
        let t = d["token"].as_str().unwrap_or("");
        t.strip_prefix("Bot ").unwrap_or(t) == self.shared.config.token
    }

    async fn close(&self, tx: &mut Tx, code: u16, why: &str) -> Flow {
        let _ = tx
            .send(Message::Close(Some(CloseFrame {
                code,
                reason: why.to_string().into(),
            })))
            .await;
        Flow::Stop(format!("closed {code}: {why}"))
    }

    async fn identify(&mut self, tx: &mut Tx, d: &Value) -> Flow {
        if !self.token_ok(d) {
            return self.close(tx, 4004, "Authentication failed.").await;
        }
        if self.session.is_some() {
            return self.close(tx, 4005, "Already authenticated.").await;
        }
        let sid = format!("fake-session-{}", self.shared.snowflake());
        let shared = self.shared.clone();
        let cfg = &shared.config;
        let ready = payloads::ready(
            &shared.bot,
            super::APPLICATION_ID,
            &cfg.guilds,
            &sid,
            &shared.gateway_url(),
        );
        let guild_creates: Vec<Value> = if cfg.send_guild_create {
            cfg.guilds
                .iter()
                .map(|g| super::guild_create_payload(&shared, *g, &cfg.members))
                .collect()
        } else {
            Vec::new()
        };
        {
            let mut inner = shared.lock();
            // Events never written in the previous session, and events
            // injected before any session, move to the new one.
            let mut carried: Vec<(String, Value, u64)> = Vec::new();
            if let Some(old) = inner.current_session.clone()
                && let Some(s) = inner.sessions.get_mut(&old)
            {
                let written = s.written;
                carried.extend(
                    s.log
                        .iter()
                        .filter(|e| e.seq > written)
                        .filter(|e| e.t != "READY" && e.t != "RESUMED" && e.t != "GUILD_CREATE")
                        .map(|e| (e.t.clone(), e.d.clone(), e.event_id)),
                );
                s.log.retain(|e| e.seq <= written);
            }
            carried.append(&mut inner.pending);
            let mut session = Session {
                id: sid.clone(),
                log: Vec::new(),
                written: 0,
            };
            let ev = |s: &Shared| s.event_ids.fetch_add(1, Ordering::Relaxed);
            session.push("READY".into(), ready, ev(&shared));
            for g in guild_creates {
                session.push("GUILD_CREATE".into(), g, ev(&shared));
            }
            for (t, d, e) in carried {
                session.push(t, d, e);
            }
            inner.sessions.insert(sid.clone(), session);
            inner.current_session = Some(sid.clone());
        }
        self.session = Some(sid);
        self.sent = 0;
        match self.flush(tx).await {
            Ok(()) => Flow::Continue,
            Err(e) => Flow::Stop(e),
        }
    }

    async fn resume(&mut self, tx: &mut Tx, d: &Value) -> Flow {
        if !self.token_ok(d) {
            return self.close(tx, 4004, "Authentication failed.").await;
        }
        let sid = d["session_id"].as_str().unwrap_or("").to_string();
        let seq = d["seq"].as_u64().unwrap_or(0);
        let known = self.shared.lock().sessions.contains_key(&sid);
        if !known || !self.shared.allow_resume.load(Ordering::SeqCst) {
            return match self
                .send_op(tx, 9, &json!({ "op": 9, "d": false, "s": null, "t": null }))
                .await
            {
                Ok(()) => Flow::Continue,
                Err(e) => Flow::Stop(e),
            };
        }
        {
            let mut inner = self.shared.lock();
            let e = self.shared.event_ids.fetch_add(1, Ordering::Relaxed);
            if let Some(s) = inner.sessions.get_mut(&sid) {
                s.push("RESUMED".into(), json!({ "_trace": ["fake-discord"] }), e);
            }
            inner.current_session = Some(sid.clone());
        }
        self.session = Some(sid);
        self.sent = seq;
        match self.flush(tx).await {
            Ok(()) => Flow::Continue,
            Err(e) => Flow::Stop(e),
        }
    }

    /// Write every dispatch of our session past `self.sent`.
    async fn flush(&mut self, tx: &mut Tx) -> Result<(), String> {
        let Some(sid) = self.session.clone() else {
            return Ok(());
        };
        let batch: Vec<(u64, String, Value, u64)> = {
            let mut inner = self.shared.lock();
            if inner.live.as_ref().is_none_or(|l| l.id != self.id) {
                return Ok(());
            }
            let Some(s) = inner.sessions.get_mut(&sid) else {
                return Ok(());
            };
            let sent = self.sent;
            let batch: Vec<_> = s
                .log
                .iter()
                .filter(|e| e.seq > sent)
                .map(|e| (e.seq, e.t.clone(), e.d.clone(), e.event_id))
                .collect();
            if let Some(last) = batch.last() {
                s.written = s.written.max(last.0);
            }
            batch
        };
        for (seq, t, d, event_id) in batch {
            let frame = json!({ "op": 0, "s": seq, "t": t, "d": d });
            // Record before writing: the client may answer (over REST)
            // before this task runs again after the write.
            self.shared.record_gateway(GatewayRecord::Dispatched {
                conn: self.id,
                event_id,
                seq,
                t,
                at: Instant::now(),
            });
            tx.send(Message::Text(frame.to_string().into()))
                .await
                .map_err(|e| format!("send failed: {e}"))?;
            self.sent = seq;
        }
        Ok(())
    }
}
