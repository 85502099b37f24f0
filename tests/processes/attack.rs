//! A pupil's laptop on the class's network, trying what a curious teenager would: listening
//! to everything on the wire, connecting without being let in, flooding the server from one
//! address, taking a classmate's name, coming back after being taken out, reading the
//! dashboard's link, and uploading 33 MB files without credentials.
//!
//! The class runs in a network namespace the test makes: the server on 10.9.0.1 (an address
//! of the network, so it speaks HTTPS with its own certificate), the apps and the attacker
//! beside it on 10.9.0.2 and 10.9.0.3. A packet socket in the namespace sees every packet.
//! The eavesdropper uses only what is public: netcode's packet and connect-token formats
//! (netcode 1.02, which renet follows) and Retki's protocol id. As a control it watches a
//! client in netcode's insecure mode (what Retki's sessions used before): that client's
//! connect token opens with the all-zero key and hands over the keys of its connection.

use std::io::Read;
use std::net::{SocketAddr, UdpSocket};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use chacha20poly1305::aead::AeadInPlace;
use chacha20poly1305::{KeyInit, XChaCha20Poly1305, XNonce};
use retki_session::link::Link;
use retki_session::net::NETCODE_PROTOCOL_ID;

use crate::support::{Pupil, retki, start_server, temp_dir};

/// The server's address on the class's network.
const SERVER_IP: &str = "10.9.0.1";
/// The attacker's address.
const ATTACKER_IP: &str = "10.9.0.2";
/// Where the pupils' and the teacher's apps connect from (any of the namespace's addresses).
const OTHER_IP: &str = "10.9.0.3";
/// Junk connections the attacker opens from its one address.
const JUNK_CONNECTIONS: usize = 300;
/// What this test sets to know it runs inside its namespace.
const INSIDE: &str = "RETKI_ATTACK_INSIDE";
/// netcode 1.02's connection request: prefix, version, protocol id, expiry, nonce, token.
const REQUEST_BYTES: usize = 1 + 13 + 8 + 8 + 24 + 1024;

#[test]
#[ignore = "needs root (a network namespace and a packet socket); `./run test` runs it"]
fn an_attacker_on_the_class_network_reads_nothing_and_gets_nowhere() {
    if std::env::var_os(INSIDE).is_some() {
        return attack();
    }
    // The same test again, inside a network namespace of its own with three addresses.
    crate::support::rerun_in_namespace(
        "attack::an_attacker_on_the_class_network_reads_nothing_and_gets_nowhere",
        INSIDE,
        &format!(
            "ip link set lo up && ip addr add {SERVER_IP}/32 dev lo && \
             ip addr add {ATTACKER_IP}/32 dev lo && ip addr add {OTHER_IP}/32 dev lo"
        ),
    );
}

/// Everything the attacker tries, inside the namespace.
fn attack() {
    let capture = Capture::start();
    let dir = temp_dir("attack");
    let port = 7443;
    let address = format!("{SERVER_IP}:{port}");
    let (server, printed) = start_server(
        retki()
            .args([
                "serve", "--bind", &address, "--class", "7B", "--scene", "lunar",
            ])
            .arg("--store")
            .arg(format!("sqlite://{}", dir.join("store.db").display()))
            .arg("--outbox")
            .arg(dir.join("outbox.db")),
    );
    let server_pid = server.0.id();
    let after = |prefix: &str| crate::support::printed_after(&printed, prefix);
    let fingerprint = after("HTTPS certificate fingerprint (SHA-256): ");
    let code = after("join code: ");
    let key = after("teacher key: ");
    let dashboard = after("dashboard: ");
    let server_link = Link::parse(&address, Some(&fingerprint)).unwrap();

    // The class: the teacher and two pupils, over HTTPS and secure netcode.
    let pupil = |name: &'static str| {
        [
            code.as_str(),
            "--name",
            name,
            "--fingerprint",
            fingerprint.as_str(),
        ]
    };
    let mut teacher = Pupil::start(
        &address,
        &[
            "--teacher-key",
            key.as_str(),
            "--fingerprint",
            fingerprint.as_str(),
        ],
    );
    let aino = Pupil::start(&address, &pupil("Aino"));
    let mut kettu = Pupil::start(&address, &pupil("Kettu 7"));
    let kettu_token = kettu.token.clone();

    // A client without a token from the server: netcode's insecure mode, as Retki's apps
    // connected before. Nothing answers it.
    let server_udp: SocketAddr = address.parse().unwrap();
    assert!(
        !insecure_client_connects(server_udp),
        "a client without a connect token got in"
    );

    // 300 junk connections from one address: requests with made-up tokens, and noise.
    let junk: Vec<UdpSocket> = (0..JUNK_CONNECTIONS)
        .map(|_| UdpSocket::bind((ATTACKER_IP, 0)).unwrap())
        .collect();
    for (n, socket) in junk.iter().enumerate() {
        let mut request = vec![0u8; REQUEST_BYTES];
        request[1..14].copy_from_slice(b"NETCODE 1.02\0");
        request[14..22].copy_from_slice(&NETCODE_PROTOCOL_ID.to_le_bytes());
        request[22..30].copy_from_slice(&(now_s() + 30).to_le_bytes());
        request[30 + n % 100] = n as u8;
        socket.send_to(&request, server_udp).unwrap();
        socket
            .send_to(&[0x05, n as u8, 1, 2, 3], server_udp)
            .unwrap();
    }
    // ... and a real pupil still gets in.
    let bo = Pupil::start(&address, &pupil("Bo"));

    // A second "Kettu 7", however written, is refused.
    let mut copycat = Pupil::spawn(&address, &pupil("KETTU-7"));
    let refused = copycat.wait_for(|m| m.get("Refused").is_some());
    assert!(
        refused["Refused"]["reason"]
            .as_str()
            .unwrap()
            .contains("already called"),
        "{refused}"
    );

    // The teacher takes Kettu out; Kettu's old resume token opens nothing, over HTTPS or UDP.
    teacher.say(&format!("kick {}", kettu.id));
    kettu.wait_for(|m| m.get("Closed").is_some());
    let resume = format!(r#"{{"Resume": {{"token": "{kettu_token}"}}}}"#);
    let answer = server_link
        .request("POST", "/sessions/token", &[], &resume)
        .unwrap();
    assert_eq!(answer.status, 403, "{}", answer.body);

    // The dashboard's link keeps its own key after '#', which a browser never sends; the page
    // itself names no key, and the link's key does not make anyone the teacher in the session.
    let (page, dashboard_key) = dashboard.split_once('#').unwrap();
    assert_ne!(dashboard_key, key);
    let path = page.split_once(&address).unwrap().1;
    let answer = server_link.request("GET", path, &[], "").unwrap();
    assert_eq!(answer.status, 200);
    assert!(
        !answer.body.contains(&key) && !answer.body.contains(dashboard_key),
        "the dashboard page shows a key"
    );
    let as_teacher = format!(r#"{{"Teacher": {{"key": "{dashboard_key}"}}}}"#);
    let answer = server_link
        .request("POST", "/sessions/token", &[], &as_teacher)
        .unwrap();
    assert_eq!(
        answer.status, 403,
        "the dashboard's key let an app in as the teacher"
    );

    // Plain HTTP from the pupils' network gets nothing but the advice to use HTTPS.
    let answer = Link::plain(&address)
        .request("POST", "/sessions/token", &[], "{}")
        .unwrap();
    assert_eq!(answer.status, 400);
    assert!(answer.body.contains("HTTPS only"), "{}", answer.body);

    // Ten strangers' uploads of 33 MB at once, over HTTPS: each is refused before its body
    // is read, and the server's memory stays small.
    let uploads: Vec<_> = (0..10)
        .map(|_| {
            let link = server_link.clone();
            std::thread::spawn(move || {
                let body = "x".repeat(33 * 1000 * 1000);
                let authorization = "Basic bm9ib2R5Omd1ZXNz"; // nobody:guess
                link.request(
                    "POST",
                    "/portfolio/artefacts?learner=7b-01&class=7B&session=s&title=big",
                    &[
                        ("authorization", authorization),
                        ("content-type", "image/png"),
                    ],
                    &body,
                )
                .map(|answer| answer.status)
            })
        })
        .collect();
    let mut most_rss_mb = 0.0f64;
    while uploads.iter().any(|u| !u.is_finished()) {
        most_rss_mb = most_rss_mb.max(resident_mb(server_pid));
        std::thread::sleep(Duration::from_millis(20));
    }
    for upload in uploads {
        // Answered 401 (or cut off, the server having answered before the body was sent).
        if let Ok(status) = upload.join().unwrap() {
            assert_eq!(status, 401);
        }
    }
    assert!(
        most_rss_mb < 200.0,
        "the server grew to {most_rss_mb:.0} MB under ten 33 MB uploads"
    );
    println!("ten 33 MB uploads without credentials: the server peaked at {most_rss_mb:.0} MB");

    // What the wire showed.
    drop((teacher, aino, kettu, bo, copycat));
    let packets = capture.stop();
    let secrets = [
        ("the teacher key", key.as_str()),
        ("the dashboard key", dashboard_key),
        ("the join code", code.as_str()),
        ("Kettu's resume token", kettu_token.as_str()),
        ("a pupil's name", "Aino"),
    ];
    let tls_records = packets
        .iter()
        .filter(|p| p.tcp && p.payload.starts_with(&[0x16, 0x03]))
        .count();
    assert!(
        tls_records >= 4,
        "the capture holds only {tls_records} TLS handshakes"
    );
    for (what, secret) in secrets {
        let seen = packets
            .iter()
            .any(|p| contains(&p.payload, secret.as_bytes()));
        assert!(!seen, "{what} travelled in the clear");
    }
    let requests: Vec<&Packet> = packets
        .iter()
        .filter(|p| {
            !p.tcp
                && p.destination == server_udp
                && p.payload.len() == REQUEST_BYTES
                && p.payload[0] == 0
        })
        .filter(|p| p.source.ip().to_string() != ATTACKER_IP)
        .collect();
    let opened: Vec<Option<Vec<u8>>> = requests.iter().map(|p| opens_with_zero_key(p)).collect();
    let mut keys: Vec<&Vec<u8>> = opened.iter().flatten().collect();
    keys.dedup();
    for key in &keys {
        println!(
            "eavesdropper: an insecure client's token opened; its client-to-server key is {key:02x?}"
        );
    }
    // The control: the insecure client's request opened, and showed its keys.
    assert_eq!(
        keys.len(),
        1,
        "the eavesdropper read the insecure client's token, and only its"
    );
    // Every Retki app's request stays sealed: the control is the only one that opened.
    let sealed = opened.iter().filter(|o| o.is_none()).count();
    assert!(
        sealed >= 5,
        "{sealed} sealed connection requests from the class's five apps in {} requests",
        requests.len()
    );
    println!(
        "eavesdropper: {} packets, {tls_records} TLS handshake records, {} connection requests, \
         {sealed} sealed",
        packets.len(),
        requests.len()
    );
}

/// The resident memory of process `pid`, MB.
fn resident_mb(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
            line.split_whitespace().nth(1)?.parse::<f64>().ok()
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn now_s() -> u64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Whether netcode's own client in insecure mode (a token it makes up, sealed with the
/// all-zero key) is let in within two seconds.
fn insecure_client_connects(server: SocketAddr) -> bool {
    use renetcode::{ClientAuthentication, NetcodeClient};
    let socket = UdpSocket::bind((OTHER_IP, 0)).unwrap();
    socket.set_nonblocking(true).unwrap();
    let since = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap();
    let authentication = ClientAuthentication::Unsecure {
        protocol_id: NETCODE_PROTOCOL_ID,
        client_id: 7,
        server_addr: server,
        user_data: None,
    };
    let mut client = NetcodeClient::new(since, authentication).unwrap();
    let start = Instant::now();
    let mut last = Instant::now();
    let mut buffer = [0u8; 1500];
    while start.elapsed() < Duration::from_secs(2) {
        if let Some((packet, to)) = client.update(last.elapsed()) {
            socket.send_to(packet, to).unwrap();
        }
        last = Instant::now();
        while let Ok((n, _)) = socket.recv_from(&mut buffer) {
            client.process_packet(&mut buffer[..n]);
        }
        if client.is_connected() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

/// The client-to-server key in a connection request's private connect token, if the token
/// opens with the all-zero key, as netcode's insecure mode seals it: what an attacker would
/// then hold.
fn opens_with_zero_key(request: &Packet) -> Option<Vec<u8>> {
    let p = &request.payload;
    let mut aad = Vec::with_capacity(29);
    aad.extend_from_slice(&p[1..14]); // version info
    aad.extend_from_slice(&p[14..22]); // protocol id
    aad.extend_from_slice(&p[22..30]); // expiry
    let nonce = XNonce::clone_from_slice(&p[30..54]);
    let mut token = p[54..54 + 1024 - 16].to_vec();
    let tag = chacha20poly1305::Tag::clone_from_slice(&p[54 + 1024 - 16..54 + 1024]);
    let cipher = XChaCha20Poly1305::new(&[0u8; 32].into());
    cipher
        .decrypt_in_place_detached(&nonce, &aad, &mut token, &tag)
        .ok()?;
    // client id (8), timeout (4), address count (4), addresses, then the two keys.
    let count = u32::from_le_bytes(token[12..16].try_into().unwrap()) as usize;
    let mut at = 16;
    for _ in 0..count {
        at += match token[at] {
            1 => 1 + 4 + 2,
            _ => 1 + 16 + 2,
        };
    }
    token.get(at..at + 32).map(<[u8]>::to_vec)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// One IPv4 packet the eavesdropper saw.
struct Packet {
    tcp: bool,
    source: SocketAddr,
    destination: SocketAddr,
    payload: Vec<u8>,
}

/// Every IPv4 TCP and UDP packet in this network namespace, from a packet socket.
struct Capture {
    stop: Arc<AtomicBool>,
    packets: Arc<Mutex<Vec<Packet>>>,
    thread: std::thread::JoinHandle<()>,
}

impl Capture {
    fn start() -> Self {
        use socket2::{Domain, Protocol, Socket, Type};
        // ETH_P_ALL (0x0003) in network byte order: every protocol.
        let all = Protocol::from(i32::from(0x0003u16.to_be()));
        let mut socket = Socket::new(Domain::PACKET, Type::DGRAM, Some(all))
            .expect("a packet socket (this test needs root)");
        socket
            .set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let packets = Arc::new(Mutex::new(Vec::new()));
        let thread = {
            let (stop, packets) = (stop.clone(), packets.clone());
            std::thread::spawn(move || {
                let mut buffer = vec![0u8; 65536];
                while !stop.load(Ordering::Relaxed) {
                    let Ok(n) = socket.read(&mut buffer) else {
                        continue;
                    };
                    if let Some(packet) = parse(&buffer[..n]) {
                        packets.lock().unwrap().push(packet);
                    }
                }
            })
        };
        Self {
            stop,
            packets,
            thread,
        }
    }

    fn stop(self) -> Vec<Packet> {
        std::thread::sleep(Duration::from_millis(300));
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().unwrap();
        std::mem::take(&mut *self.packets.lock().unwrap())
    }
}

/// An IPv4 packet's TCP or UDP payload and addresses.
fn parse(ip: &[u8]) -> Option<Packet> {
    if ip.len() < 20 || ip[0] >> 4 != 4 {
        return None;
    }
    let header = usize::from(ip[0] & 0x0f) * 4;
    let total = usize::from(u16::from_be_bytes([ip[2], ip[3]])).min(ip.len());
    let address = |at: usize| std::net::Ipv4Addr::new(ip[at], ip[at + 1], ip[at + 2], ip[at + 3]);
    let (source, destination) = (address(12), address(16));
    let segment = ip.get(header..total)?;
    let port = |at: usize| u16::from_be_bytes([segment[at], segment[at + 1]]);
    let (tcp, start) = match ip[9] {
        6 if segment.len() >= 20 => (true, usize::from(segment[12] >> 4) * 4),
        17 if segment.len() >= 8 => (false, 8),
        _ => return None,
    };
    Some(Packet {
        tcp,
        source: SocketAddr::from((source, port(0))),
        destination: SocketAddr::from((destination, port(2))),
        payload: segment.get(start..)?.to_vec(),
    })
}

#[test]
fn the_eavesdropper_reads_a_tcp_and_a_udp_packet() {
    let mut udp = vec![
        0x45, 0, 0, 0, 0, 0, 0, 0, 64, 17, 0, 0, 10, 9, 0, 2, 10, 9, 0, 1,
    ];
    udp.extend_from_slice(&[0x1f, 0x90, 0x1d, 0x13, 0, 11, 0, 0, b'a', b'b', b'c']);
    let total = udp.len() as u16;
    udp[2..4].copy_from_slice(&total.to_be_bytes());
    let packet = parse(&udp).unwrap();
    assert!(!packet.tcp);
    assert_eq!(packet.source, "10.9.0.2:8080".parse().unwrap());
    assert_eq!(packet.destination, "10.9.0.1:7443".parse().unwrap());
    assert_eq!(packet.payload, b"abc");
}
