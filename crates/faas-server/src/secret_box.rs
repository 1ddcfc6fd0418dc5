//! Secret values at rest: each sealed with ChaCha20-Poly1305 under the server's secrets key.
//!
//! Why sealed, and not only never selected: no endpoint reads a secret back (its answers
//! carry the name only, and no query of [`crate::store::kv`] selects the sealed column), but a
//! database file travels (attached to a bug report, opened in `sqlite3` to look at a keyset's
//! data), and a sealed value shows nothing there either. The key is kept in the same database
//! (`settings`, made on the first start), so this guards against the value being *shown*, not
//! against someone who holds the whole file and means to decrypt it: a real deployment would
//! keep the key elsewhere. The sealing binds the value to its keyset and name (the associated
//! data), so a sealed value copied to another row does not open.
//!
//! The server itself has no reader of a secret: nothing it does needs the value (the test
//! console fills a run's secrets by hand), so opening is compiled for tests only.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};

const NONCE_BYTES: usize = 12;

/// Seals secret values under one key. Its `Debug` shows nothing of the key.
#[derive(Clone)]
pub struct SecretBox {
    cipher: ChaCha20Poly1305,
}

impl std::fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretBox")
    }
}

/// What the value is bound to: its keyset and its name.
fn associated_data(keyset_id: i64, name: &str) -> Vec<u8> {
    let mut aad = keyset_id.to_le_bytes().to_vec();
    aad.extend_from_slice(name.as_bytes());
    aad
}

impl SecretBox {
    pub fn new(key: &[u8; 32]) -> SecretBox {
        SecretBox {
            cipher: ChaCha20Poly1305::new(&Key::from(*key)),
        }
    }

    /// A new random key.
    pub fn generate_key() -> Result<[u8; 32], String> {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).map_err(|e| format!("no randomness for a secrets key: {e}"))?;
        Ok(key)
    }

    /// `value` sealed for secret `name` of keyset `keyset_id`: a random nonce, then the
    /// ciphertext with its tag.
    pub fn seal(&self, keyset_id: i64, name: &str, value: &str) -> Result<Vec<u8>, String> {
        let mut nonce = [0u8; NONCE_BYTES];
        getrandom::fill(&mut nonce).map_err(|e| format!("no randomness for a nonce: {e}"))?;
        let aad = associated_data(keyset_id, name);
        let sealed = self
            .cipher
            .encrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: value.as_bytes(),
                    aad: &aad,
                },
            )
            .map_err(|_| "sealing a secret failed".to_owned())?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// The value of a sealed secret, if `sealed` was sealed by this key for this keyset and
    /// name.
    #[cfg(test)]
    pub fn open(&self, keyset_id: i64, name: &str, sealed: &[u8]) -> Option<String> {
        let (nonce, ciphertext) = sealed.split_at_checked(NONCE_BYTES)?;
        let nonce: [u8; NONCE_BYTES] = nonce.try_into().ok()?;
        let aad = associated_data(keyset_id, name);
        let plain = self
            .cipher
            .decrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: ciphertext,
                    aad: &aad,
                },
            )
            .ok()?;
        String::from_utf8(plain).ok()
    }
}

/// The key as stored in `settings`: 64 hex digits.
pub fn key_to_hex(key: &[u8; 32]) -> String {
    key.iter().map(|b| format!("{b:02x}")).collect()
}

/// A key from its stored form.
pub fn key_from_hex(hex: &str) -> Option<[u8; 32]> {
    if hex.len() != 64 || !hex.is_ascii() {
        return None;
    }
    let mut key = [0u8; 32];
    for (i, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_value_opens_only_for_its_keyset_and_name() {
        let key = SecretBox::generate_key().unwrap();
        let sealer = SecretBox::new(&key);
        let sealed = sealer.seal(31001, "stripe", "sk_live_123").unwrap();
        assert!(!sealed.windows(11).any(|w| w == b"sk_live_123"));
        assert_eq!(
            sealer.open(31001, "stripe", &sealed).as_deref(),
            Some("sk_live_123")
        );
        assert_eq!(sealer.open(31002, "stripe", &sealed), None);
        assert_eq!(sealer.open(31001, "other", &sealed), None);
        let other = SecretBox::new(&SecretBox::generate_key().unwrap());
        assert_eq!(other.open(31001, "stripe", &sealed), None);
        assert_ne!(sealed, sealer.seal(31001, "stripe", "sk_live_123").unwrap());
        assert_eq!(format!("{sealer:?}"), "SecretBox");
    }

    #[test]
    fn keys_round_trip_through_hex() {
        let key = SecretBox::generate_key().unwrap();
        assert_eq!(key_from_hex(&key_to_hex(&key)), Some(key));
        assert_eq!(key_from_hex("zz"), None);
        assert_eq!(key_from_hex(&"é".repeat(32)), None);
    }
}
