//! Finding a class on the network: `retki serve` announces its open session over multicast
//! DNS, `retki classes` lists it with its place, lesson and certificate fingerprint, and a
//! pupil joins with the code and a name alone, the address and fingerprint found on the
//! network. A server started with `--no-announce` is not found, a stranger's announcement
//! with a terminal escape or a false fingerprint comes to nothing, and a session the teacher
//! ends is taken back.
//!
//! Multicast reaches every host of a network, so the test runs in a network namespace of its
//! own: one loopback interface with multicast on and a route for 224.0.0.0/4, the server on
//! 10.9.0.1 (so it speaks HTTPS with its own certificate) and a quiet one on 10.9.0.2.

use std::time::{Duration, Instant};

use crate::support::{Pupil, printed_after, retki, start_server, temp_dir};

/// What this test sets to know it runs inside its namespace.
const INSIDE: &str = "RETKI_DISCOVERY_INSIDE";

#[test]
#[ignore = "needs root (a network namespace); `./run test` runs it"]
fn a_pupil_finds_the_class_on_the_network_and_joins_with_the_code_alone() {
    if std::env::var_os(INSIDE).is_some() {
        return find_and_join();
    }
    crate::support::rerun_in_namespace(
        "discovery::a_pupil_finds_the_class_on_the_network_and_joins_with_the_code_alone",
        INSIDE,
        "ip link set lo up multicast on && ip addr add 10.9.0.1/32 dev lo && \
         ip addr add 10.9.0.2/32 dev lo && ip route add 224.0.0.0/4 dev lo",
    );
}

/// `retki classes`' lines.
fn classes() -> String {
    let out = retki()
        .args(["--lang", "en", "classes", "--seconds", "3"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn find_and_join() {
    let dir = temp_dir("discovery");
    let serve = |bind: &str, class: &str, quiet: bool| {
        let folder = dir.join(class);
        std::fs::create_dir_all(&folder).unwrap();
        let mut command = retki();
        command
            .args(["serve", "--bind", bind, "--class", class])
            .arg("--lesson")
            .arg(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/assets/lessons/lunar-gravity.toml"
            ))
            .arg("--store")
            .arg(format!("sqlite://{}", folder.join("store.db").display()))
            .arg("--outbox")
            .arg(folder.join("outbox.db"));
        if quiet {
            command.arg("--no-announce");
        }
        start_server(&mut command)
    };
    let (_server, printed) = serve("10.9.0.1:7443", "7B", false);
    let (_quiet, _) = serve("10.9.0.2:7444", "8A", true);
    let fingerprint = printed_after(&printed, "HTTPS certificate fingerprint (SHA-256): ");
    let code = printed_after(&printed, "join code: ");
    let key = printed_after(&printed, "teacher key: ");

    // Anyone can announce: a terminal escape in a class's name and a fingerprint that is
    // not one must come to nothing.
    let mut stranger = retki_session::discovery::Announcer::start("10.9.0.2:7445".parse().unwrap())
        .unwrap()
        .expect("an address of the network is announced");
    let fake = |class: &str, fingerprint: &str| retki_session::discovery::ClassInfo {
        class: class.into(),
        place: "lunar".into(),
        lesson: None,
        fingerprint: Some(fingerprint.into()),
    };
    stranger.keep(&[
        (1, fake("8C\u{1b}[2J", &"ab".repeat(32))),
        (2, fake("9D", "zz")),
    ]);

    let listed = classes();
    assert!(
        !listed.contains('\u{1b}'),
        "an escape reached the terminal:\n{listed:?}"
    );
    let stray = listed
        .lines()
        .find(|l| l.starts_with("class 9D "))
        .unwrap_or_else(|| panic!("9D is not listed:\n{listed}"));
    assert!(!stray.contains("--fingerprint"), "{stray}");
    stranger.stop();
    let line = listed
        .lines()
        .find(|l| l.starts_with("class 7B "))
        .unwrap_or_else(|| panic!("7B is not listed:\n{listed}"));
    for part in [
        "place lunar",
        "lesson \"Gravity on the Moon\"",
        "--server 10.9.0.1:7443",
        &format!("--fingerprint {fingerprint}"),
    ] {
        assert!(line.contains(part), "{part} in {line}");
    }
    assert!(!listed.contains(&code), "the join code is announced");
    assert!(
        !listed.contains("8A"),
        "a server with --no-announce is found:\n{listed}"
    );

    // A pupil with the code and a name only: the server and its certificate are found.
    let mut aino = Pupil::start_with(&[&code, "--name", "Aino"]);
    aino.say("poi crater_rim");
    aino.wait_for(|m| m["PoiOpened"]["poi"] == "crater_rim");

    // The teacher ends the session: it is no longer announced.
    let mut teacher = Pupil::start_with(&[
        "--teacher-key",
        &key,
        "--server",
        "10.9.0.1:7443",
        "--fingerprint",
        &fingerprint,
    ]);
    teacher.say("end");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let listed = classes();
        if !listed.contains("class 7B") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the ended session is still announced:\n{listed}"
        );
    }
    drop((aino, teacher));
    let _ = std::fs::remove_dir_all(&dir);
}
