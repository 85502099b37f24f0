//! Join codes: six characters a teacher reads out or writes on the board, that let pupils
//! into one session for a few hours. Codes use 32 characters with no look-alikes (no 0/O,
//! 1/I), so 32⁶ ≈ 1.07 billion codes exist; a network address that guesses wrong
//! [`MAX_WRONG_TRIES`] times in [`TRY_WINDOW_MS`] is turned away until the window passes, so
//! guessing a live code would take years.

use std::collections::HashMap;

/// The characters of a join code: digits 2–9 and the letters without I and O.
pub const ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
/// Characters in a join code.
pub const CODE_LEN: usize = 6;
/// How long a code lets pupils in, ms: a double lesson with time to spare (3 h).
pub const CODE_LIFETIME_MS: u64 = 3 * 60 * 60 * 1000;
/// Wrong codes one address may try within [`TRY_WINDOW_MS`].
pub const MAX_WRONG_TRIES: u32 = 5;
/// The window wrong tries are counted in, ms.
pub const TRY_WINDOW_MS: u64 = 60_000;

/// A session's number on this server.
pub type SessionNo = u32;

/// Why a join code was not accepted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// Not six characters of the alphabet.
    #[error("a join code is {CODE_LEN} letters and digits, such as 7KQ2MX")]
    Malformed,
    /// No session has this code.
    #[error("no class has this code; check it with your teacher")]
    Unknown,
    /// The code's session has ended or the code has expired.
    #[error("this code has expired; ask your teacher for a new one")]
    Expired,
    /// This address has guessed wrong too often.
    #[error("too many wrong codes from here; try again in {retry_after_s} s")]
    TooManyTries {
        /// Seconds until the address may try again.
        retry_after_s: u64,
    },
}

/// A code and the session it opens.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Issued {
    session: SessionNo,
    expires_ms: u64,
}

/// The codes of a server's sessions, and the wrong tries of each address.
#[derive(Debug, Default)]
pub struct JoinCodes {
    codes: HashMap<String, Issued>,
    wrong: HashMap<String, (u64, u32)>,
}

/// Brings what a pupil typed to the form codes are issued in: capitals, without spaces or
/// dashes.
pub fn normalise(typed: &str) -> Result<String, CodeError> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if code.len() == CODE_LEN && code.bytes().all(|b| ALPHABET.contains(&b)) {
        Ok(code)
    } else {
        Err(CodeError::Malformed)
    }
}

impl JoinCodes {
    /// Issues a new code for `session`, valid from `now_ms` for [`CODE_LIFETIME_MS`], drawn
    /// from the operating system's randomness.
    pub fn issue(&mut self, session: SessionNo, now_ms: u64) -> String {
        self.forget_expired(now_ms);
        loop {
            let random = uuid::Uuid::new_v4().as_u128();
            let code: String = (0..CODE_LEN)
                .map(|i| ALPHABET[((random >> (5 * i)) & 31) as usize] as char)
                .collect();
            if !self.codes.contains_key(&code) {
                self.codes.insert(
                    code.clone(),
                    Issued {
                        session,
                        expires_ms: now_ms + CODE_LIFETIME_MS,
                    },
                );
                return code;
            }
        }
    }

    /// The session `typed` opens for a pupil at network address `peer`, or why not. Wrong
    /// and expired codes count against the address.
    pub fn redeem(&mut self, typed: &str, peer: &str, now_ms: u64) -> Result<SessionNo, CodeError> {
        if let Some(&(since, tries)) = self.wrong.get(peer)
            && tries >= MAX_WRONG_TRIES
            && now_ms < since + TRY_WINDOW_MS
        {
            return Err(CodeError::TooManyTries {
                retry_after_s: (since + TRY_WINDOW_MS - now_ms).div_ceil(1000),
            });
        }
        let result = normalise(typed).and_then(|code| match self.codes.get(&code) {
            None => Err(CodeError::Unknown),
            Some(issued) if now_ms >= issued.expires_ms => Err(CodeError::Expired),
            Some(issued) => Ok(issued.session),
        });
        if result.is_err() {
            let entry = self.wrong.entry(peer.to_owned()).or_insert((now_ms, 0));
            if now_ms >= entry.0 + TRY_WINDOW_MS {
                *entry = (now_ms, 0);
            }
            entry.1 += 1;
        }
        result
    }

    /// Ends a session's codes at once (the teacher ended the session).
    pub fn revoke(&mut self, session: SessionNo) {
        self.codes.retain(|_, issued| issued.session != session);
    }

    /// Every live code with its session and expiry (ms), to be saved and restored.
    pub fn entries(&self) -> Vec<(String, SessionNo, u64)> {
        let mut entries: Vec<_> = self
            .codes
            .iter()
            .map(|(code, issued)| (code.clone(), issued.session, issued.expires_ms))
            .collect();
        entries.sort();
        entries
    }

    /// Codes as [`JoinCodes::entries`] gave them (a restarted server).
    pub fn restore(entries: &[(String, SessionNo, u64)]) -> Self {
        Self {
            codes: entries
                .iter()
                .map(|(code, session, expires_ms)| {
                    (
                        code.clone(),
                        Issued {
                            session: *session,
                            expires_ms: *expires_ms,
                        },
                    )
                })
                .collect(),
            wrong: HashMap::new(),
        }
    }

    fn forget_expired(&mut self, now_ms: u64) {
        self.codes.retain(|_, issued| issued.expires_ms > now_ms);
        self.wrong
            .retain(|_, (since, _)| now_ms < *since + TRY_WINDOW_MS);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_unambiguous_characters_and_open_their_session() {
        let mut codes = JoinCodes::default();
        let a = codes.issue(1, 0);
        let b = codes.issue(2, 0);
        assert_ne!(a, b);
        for code in [&a, &b] {
            assert_eq!(code.len(), CODE_LEN);
            assert!(!code.contains(['0', 'O', '1', 'I']), "{code}");
        }
        assert_eq!(codes.redeem(&a, "10.0.0.5", 1_000), Ok(1));
        // Typed in lower case with a dash and spaces, it still works.
        let typed = format!(" {}-{} ", &b[..3].to_lowercase(), &b[3..]);
        assert_eq!(codes.redeem(&typed, "10.0.0.6", 1_000), Ok(2));
        assert_eq!(
            codes.redeem("12345", "10.0.0.6", 1_000),
            Err(CodeError::Malformed)
        );
    }

    #[test]
    fn codes_expire_and_can_be_revoked() {
        let mut codes = JoinCodes::default();
        let a = codes.issue(1, 0);
        assert_eq!(codes.redeem(&a, "p", CODE_LIFETIME_MS - 1), Ok(1));
        assert_eq!(
            codes.redeem(&a, "p", CODE_LIFETIME_MS),
            Err(CodeError::Expired)
        );
        let b = codes.issue(2, 0);
        codes.revoke(2);
        assert_eq!(codes.redeem(&b, "q", 1), Err(CodeError::Unknown));
    }

    #[test]
    fn an_address_that_guesses_is_turned_away_then_let_back() {
        let mut codes = JoinCodes::default();
        let real = codes.issue(1, 0);
        for _ in 0..MAX_WRONG_TRIES {
            assert_eq!(
                codes.redeem("AAAAAA", "10.0.0.9", 0),
                Err(CodeError::Unknown)
            );
        }
        // Even the right code is refused while the address is locked out.
        assert_eq!(
            codes.redeem(&real, "10.0.0.9", 10_000),
            Err(CodeError::TooManyTries { retry_after_s: 50 })
        );
        // Other addresses are not affected.
        assert_eq!(codes.redeem(&real, "10.0.0.10", 10_000), Ok(1));
        assert_eq!(codes.redeem(&real, "10.0.0.9", TRY_WINDOW_MS), Ok(1));
    }
}
