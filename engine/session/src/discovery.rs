//! Finding a class on the school network: `retki serve` announces each session pupils can
//! join with DNS-SD over multicast DNS (RFC 6763 over RFC 6762), as a `_retki._udp` service
//! whose TXT record names the class, the place, the lesson and the certificate's fingerprint;
//! an app browses for them and lists what it finds.
//!
//! The server announces only on the interfaces it listens on: bound to one address, on that
//! address's interface; bound to every address, on every IPv4 interface. Bound to loopback it
//! announces nothing: an mDNS responder joins the multicast group on every interface of the
//! machine as it starts, which a server only this machine can reach has no business doing
//! (apps on the same machine reach it at the default address). The join code is never
//! announced: finding a class is not joining it.
//!
//! What an announcement says is not proof of anything: anyone on the network can announce. An
//! app trusts the fingerprint it finds only as far as the network it found it on; the
//! teacher's screen shows the fingerprint to compare against (see the IT guide).

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use mdns_sd::{IfKind, ServiceDaemon, ServiceEvent, ServiceInfo};

use crate::code::SessionNo;

/// The DNS-SD service type of a Retki class session (its port is the session's UDP port, which
/// is also the server's HTTP(S) port).
pub const SERVICE_TYPE: &str = "_retki._udp.local.";
/// The longest TXT value Retki writes, bytes: a TXT string holds at most 255 (RFC 6763 §6.1),
/// and the whole record should stay within one packet.
const TXT_VALUE_BYTES: usize = 120;
/// The most classes one look around the network keeps: anyone can announce, and a flood of
/// announcements must not grow without bound.
pub const MAX_FOUND: usize = 64;

/// A session as its server announces it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassInfo {
    /// The class, such as `7B`.
    pub class: String,
    /// The place the class is in.
    pub place: String,
    /// The lesson's title in Finnish, Swedish and English, if the session follows one.
    pub lesson: Option<[String; 3]>,
    /// The SHA-256 fingerprint of the server's certificate, when it speaks HTTPS.
    pub fingerprint: Option<String>,
}

impl ClassInfo {
    fn txt(&self) -> HashMap<String, String> {
        let mut txt = HashMap::from([
            ("class".to_owned(), clip(&self.class)),
            ("place".to_owned(), clip(&self.place)),
            (
                "v".to_owned(),
                crate::protocol::PROTOCOL_VERSION.to_string(),
            ),
        ]);
        if let Some(fingerprint) = &self.fingerprint {
            txt.insert("fp".into(), fingerprint.clone());
        }
        if let Some(titles) = &self.lesson {
            for (lang, title) in ["fi", "sv", "en"].iter().zip(titles) {
                txt.insert(format!("lesson-{lang}"), clip(title));
            }
        }
        txt
    }
}

/// `text` cut to at most [`TXT_VALUE_BYTES`], at a character boundary.
fn clip(text: &str) -> String {
    let mut end = text.len().min(TXT_VALUE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_owned()
}

/// A class found on the network.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundClass {
    /// What the server says of it.
    pub info: ClassInfo,
    /// Where the server is (HTTP(S) and the session, the same port).
    pub address: SocketAddr,
}

impl FoundClass {
    /// How to give this server to `retki join --server`: `HOST:PORT`.
    pub fn server(&self) -> String {
        self.address.to_string()
    }
}

/// Announces a server's open sessions, and takes each back when it closes.
pub struct Announcer {
    daemon: ServiceDaemon,
    /// Eight hexadecimal digits of this server's own, in its host and instance names.
    suffix: String,
    host: String,
    ip: Option<IpAddr>,
    port: u16,
    /// What is announced now, by session: its DNS-SD full name and what it says.
    announced: HashMap<SessionNo, (String, ClassInfo)>,
}

impl Announcer {
    /// Starts announcing for a server listening on `bind`, on that address's interfaces only;
    /// none for a loopback address, which is not announced (see the module's notes).
    pub fn start(bind: SocketAddr) -> Result<Option<Self>, String> {
        if bind.ip().is_loopback() {
            return Ok(None);
        }
        let daemon =
            ServiceDaemon::new().map_err(|e| format!("cannot start announcing classes: {e}"))?;
        let only = match bind.ip() {
            ip if ip.is_unspecified() => IfKind::IPv4,
            ip => IfKind::Addr(ip),
        };
        daemon
            .disable_interface(IfKind::All)
            .and_then(|()| daemon.enable_interface(only))
            .map_err(|e| format!("cannot choose where to announce classes: {e}"))?;
        let ip = match bind.ip() {
            ip if ip.is_unspecified() => None,
            ip => Some(ip),
        };
        // Host names on a network must differ: each server takes one of its own.
        let suffix = uuid::Uuid::new_v4().simple().to_string()[..8].to_owned();
        Ok(Some(Self {
            daemon,
            host: format!("retki-{suffix}.local."),
            suffix,
            ip,
            port: bind.port(),
            announced: HashMap::new(),
        }))
    }

    /// Announces exactly `open`, the sessions pupils can join now: new ones and changed ones
    /// (another place, a lesson) are announced, and those no longer open are taken back.
    pub fn keep(&mut self, open: &[(SessionNo, ClassInfo)]) {
        let gone: Vec<SessionNo> = self
            .announced
            .iter()
            .filter(|(no, (_, info))| !open.iter().any(|(n, i)| n == *no && i == info))
            .map(|(no, _)| *no)
            .collect();
        for no in gone {
            if let Some((fullname, _)) = self.announced.remove(&no) {
                let _ = self.daemon.unregister(&fullname);
            }
        }
        for (no, info) in open {
            if self.announced.contains_key(no) {
                continue;
            }
            // An instance name is unique on the network: the class, and this server's session.
            let instance = format!("{} {} {}", clip(&info.class), no, self.suffix);
            let service = match self.ip {
                Some(ip) => ServiceInfo::new(
                    SERVICE_TYPE,
                    &instance,
                    &self.host,
                    ip,
                    self.port,
                    info.txt(),
                ),
                None => ServiceInfo::new(
                    SERVICE_TYPE,
                    &instance,
                    &self.host,
                    "",
                    self.port,
                    info.txt(),
                )
                .map(ServiceInfo::enable_addr_auto),
            };
            let registered = service.and_then(|service| {
                let fullname = service.get_fullname().to_owned();
                self.daemon.register(service).map(|()| fullname)
            });
            match registered {
                Ok(fullname) => {
                    self.announced.insert(*no, (fullname, info.clone()));
                }
                Err(error) => {
                    bevy::log::warn!("cannot announce class {}: {error}", info.class);
                }
            }
        }
    }

    /// Takes back every announcement and stops.
    pub fn stop(mut self) {
        self.keep(&[]);
        if let Ok(done) = self.daemon.shutdown() {
            let _ = done.recv_timeout(Duration::from_secs(2));
        }
    }
}

/// The classes announced on this machine's networks within `wait`, one per server and class,
/// in the order found.
pub fn browse(wait: Duration) -> Result<Vec<FoundClass>, String> {
    let daemon =
        ServiceDaemon::new().map_err(|e| format!("cannot look for classes on the network: {e}"))?;
    let events = daemon
        .browse(SERVICE_TYPE)
        .map_err(|e| format!("cannot look for classes on the network: {e}"))?;
    let deadline = Instant::now() + wait;
    let mut found: Vec<FoundClass> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        let Ok(event) = events.recv_timeout(left) else {
            break;
        };
        match event {
            ServiceEvent::ServiceResolved(service) => {
                let fullname = service.get_fullname().to_owned();
                // What others announce is read as untrusted: printable text of a sane length
                // only (it ends up on a terminal and on screen), a fingerprint only if it is one.
                let text = |key: &str| {
                    service
                        .get_property_val_str(key)
                        .filter(|v| v.len() <= TXT_VALUE_BYTES && !v.chars().any(char::is_control))
                        .map(str::to_owned)
                };
                let Some(class) = text("class").filter(|c| !c.trim().is_empty()) else {
                    continue;
                };
                let fingerprint = text("fp").filter(|f| crate::link::Fingerprint::parse(f).is_ok());
                let ip = service
                    .get_addresses_v4()
                    .into_iter()
                    .min()
                    .unwrap_or(Ipv4Addr::LOCALHOST);
                let lesson = match (text("lesson-fi"), text("lesson-sv"), text("lesson-en")) {
                    (Some(fi), Some(sv), Some(en)) => Some([fi, sv, en]),
                    _ => None,
                };
                let class = FoundClass {
                    info: ClassInfo {
                        class,
                        place: text("place").unwrap_or_default(),
                        lesson,
                        fingerprint,
                    },
                    address: SocketAddr::new(IpAddr::V4(ip), service.get_port()),
                };
                match names.iter().position(|n| *n == fullname) {
                    Some(at) => found[at] = class,
                    None if found.len() < MAX_FOUND => {
                        names.push(fullname);
                        found.push(class);
                    }
                    None => {}
                }
            }
            ServiceEvent::ServiceRemoved(_, fullname) => {
                if let Some(at) = names.iter().position(|n| *n == fullname) {
                    names.remove(at);
                    found.remove(at);
                }
            }
            _ => {}
        }
    }
    if let Ok(done) = daemon.shutdown() {
        let _ = done.recv_timeout(Duration::from_secs(1));
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn txt_values_are_cut_at_a_character_boundary() {
        let long = "ä".repeat(200);
        let cut = clip(&long);
        assert!(cut.len() <= TXT_VALUE_BYTES && cut.chars().all(|c| c == 'ä'));
        let info = ClassInfo {
            class: "7B".into(),
            place: "lunar".into(),
            lesson: Some(["Kuu".into(), "Månen".into(), long]),
            fingerprint: Some("ab".repeat(32)),
        };
        let txt = info.txt();
        assert_eq!(txt["class"], "7B");
        assert_eq!(txt["fp"].len(), 64);
        assert!(txt.values().all(|v| v.len() <= TXT_VALUE_BYTES));
        assert!(
            !txt.contains_key("code"),
            "the join code is never announced"
        );
    }
}
