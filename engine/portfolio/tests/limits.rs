//! What a stranger on the school's network can make the store's HTTP server hold: an upload
//! without credentials is refused before its body is read, and uploads beyond a few at once
//! wait their turn with a 503 rather than filling the memory.

mod common;

use common::{basic, client, serve, stores};
use retki_portfolio::access::Role;
use retki_portfolio::http::MAX_CONCURRENT_UPLOADS;
use retki_portfolio::store::artefacts::MAX_ARTEFACT_BYTES;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Sends the head of `POST /portfolio/artefacts` announcing a full-size body, and `sent`
/// bytes of it; returns the connection.
async fn start_upload(address: &str, authorization: &str, sent: usize) -> TcpStream {
    let mut stream = TcpStream::connect(address).await.unwrap();
    let head = format!(
        "POST /portfolio/artefacts?learner=7b-01&class=7B&title=big HTTP/1.1\r\nHost: {address}\r\n\
         Authorization: {authorization}\r\nContent-Type: image/png\r\nContent-Length: {}\r\n\r\n",
        MAX_ARTEFACT_BYTES
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&vec![0u8; sent]).await.unwrap();
    stream
}

/// The status of the answer that arrives within `wait`, if one does.
async fn status_within(stream: &mut TcpStream, wait: Duration) -> Option<u16> {
    let mut answer = vec![0u8; 512];
    let read = tokio::time::timeout(wait, stream.read(&mut answer))
        .await
        .ok()?
        .ok()?;
    let head = String::from_utf8_lossy(&answer[..read]);
    head.split_whitespace().nth(1)?.parse().ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_strangers_upload_is_refused_before_its_body_is_read() {
    for t in stores("limits-stranger").await {
        let address = serve(&t.store).await;
        // 32 MiB announced, 1 KiB sent: the answer comes without the rest.
        let mut stream = start_upload(&address, &basic("nobody", "guess"), 1024).await;
        assert_eq!(
            status_within(&mut stream, Duration::from_secs(5)).await,
            Some(401),
            "{}: the credentials are checked before the body is read",
            t.name
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_beyond_a_few_at_once_are_told_to_come_back() {
    for t in stores("limits-uploads").await {
        let address = serve(&t.store).await;
        t.store
            .add_to_class("7B", &["7b-01".into()], &[])
            .await
            .unwrap();
        let pupil = client(&t.store, "pupil-7b-01", Role::Pupil, Some("7b-01")).await;
        let authorization = &pupil[1].1;
        // Uploads that are still sending hold their places.
        let mut slow = Vec::new();
        for _ in 0..MAX_CONCURRENT_UPLOADS {
            slow.push(start_upload(&address, authorization, 64 * 1024).await);
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        let mut one_more = start_upload(&address, authorization, 1024).await;
        assert_eq!(
            status_within(&mut one_more, Duration::from_secs(5)).await,
            Some(503),
            "{}: one upload too many is told to come back",
            t.name
        );
        drop(slow);
    }
}
