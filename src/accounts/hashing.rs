//! argon2id on a small, fixed set of threads, each reusing one block of memory. A hash needs
//! 19 MiB; run on tokio's blocking threads, each sign-in could land on another thread whose
//! allocator kept its 19 MiB afterwards (16 sign-ins at once took the server from 15 MB to
//! 191 MB, for good). Here the memory is at most one block per hashing thread, and the
//! threads (all cores but one) also keep the hashes from stalling every other page.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, OnceLock};

use argon2::{Algorithm, Argon2, Block, Params, PasswordHash, Version};
use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use subtle::ConstantTimeEq;

use crate::error::AppError;

type Job = Box<dyn FnOnce(&mut Vec<Block>) + Send>;

/// Hashes waiting or running before more are turned away (503, try again in a moment): a
/// sign-in storm then holds a few of the server's admission places, not all of them, and
/// pages keep being served.
const MAX_WAITING: usize = 8;

static WAITING: AtomicUsize = AtomicUsize::new(0);

/// Gives back a place in the queue when the hash is done or abandoned.
struct Place;

impl Drop for Place {
    fn drop(&mut self) {
        WAITING.fetch_sub(1, Ordering::AcqRel);
    }
}

/// The queue the hashing threads take their work from, started on first use.
fn queue() -> &'static Mutex<Sender<Job>> {
    static QUEUE: OnceLock<Mutex<Sender<Job>>> = OnceLock::new();
    QUEUE.get_or_init(|| {
        let (sender, receiver) = channel::<Job>();
        let receiver = Arc::new(Mutex::new(receiver));
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .saturating_sub(1)
            .max(1);
        for n in 0..threads {
            let receiver = Arc::clone(&receiver);
            let _ = std::thread::Builder::new()
                .name(format!("argon2-{n}"))
                .spawn(move || work(&receiver));
        }
        Mutex::new(sender)
    })
}

fn work(receiver: &Mutex<Receiver<Job>>) {
    // The lowest priority (nice 19): with a storm of sign-ins every other page still gets
    // the cores first, and the hashes take what is left.
    let _ = thread_priority::set_current_thread_priority(thread_priority::ThreadPriority::Min);
    let mut memory: Vec<Block> = Vec::new();
    loop {
        let job = match receiver.lock() {
            Ok(receiver) => receiver.recv(),
            Err(_) => return,
        };
        let Ok(job) = job else { return };
        // A failing job must not take the thread (and its turn) with it.
        let _ = catch_unwind(AssertUnwindSafe(|| job(&mut memory)));
    }
}

/// Runs `task` on a hashing thread with that thread's memory, when its turn comes.
async fn run<T: Send + 'static>(
    task: impl FnOnce(&mut Vec<Block>) -> T + Send + 'static,
) -> Result<T, AppError> {
    if WAITING.fetch_add(1, Ordering::AcqRel) >= MAX_WAITING {
        WAITING.fetch_sub(1, Ordering::AcqRel);
        return Err(AppError::Overloaded);
    }
    let place = Place;
    let (done, result) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move |memory| {
        let _place = place;
        // Whoever asked has gone (a timeout, a closed connection): no hash for nobody.
        if !done.is_closed() {
            let _ = done.send(task(memory));
        }
    });
    queue()
        .lock()
        .map_err(|_| AppError::Internal("hashing queue poisoned".into()))?
        .send(job)
        .map_err(|_| AppError::Internal("hashing threads stopped".into()))?;
    result
        .await
        .map_err(|_| AppError::Internal("a hashing job failed".into()))
}

/// `memory` grown to what `params` needs; the blocks are overwritten by the first pass.
fn blocks<'m>(memory: &'m mut Vec<Block>, params: &Params) -> &'m mut [Block] {
    if memory.len() < params.block_count() {
        memory.resize(params.block_count(), Block::new());
    }
    &mut memory[..params.block_count()]
}

/// A new argon2id hash of `secret` as a PHC string, with the default parameters
/// (m=19456, t=2, p=1, OWASP's first choice) and a random 16-byte salt.
pub async fn hash(secret: Vec<u8>) -> Result<String, AppError> {
    let salt: [u8; 16] = crate::crypto::random_bytes();
    run(move |memory| {
        let params = Params::default();
        let mut out = [0u8; 32];
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
            .hash_password_into_with_memory(&secret, &salt, &mut out, blocks(memory, &params))
            .map_err(|e| AppError::Internal(format!("hashing failed: {e}")))?;
        Ok(format!(
            "$argon2id$v=19$m={},t={},p={}${}${}",
            params.m_cost(),
            params.t_cost(),
            params.p_cost(),
            STANDARD_NO_PAD.encode(salt),
            STANDARD_NO_PAD.encode(out)
        ))
    })
    .await?
}

/// Whether `secret` matches the PHC string `stored`; a string that does not parse never does.
pub async fn verify(secret: Vec<u8>, stored: String) -> Result<bool, AppError> {
    run(move |memory| verify_into(&secret, &stored, memory).unwrap_or(false)).await
}

fn verify_into(secret: &[u8], stored: &str, memory: &mut Vec<Block>) -> Option<bool> {
    let parsed = PasswordHash::new(stored).ok()?;
    let (salt, expected) = (parsed.salt.as_ref()?, parsed.hash.as_ref()?);
    let algorithm = Algorithm::try_from(parsed.algorithm.as_str()).ok()?;
    let version = match parsed.version {
        Some(v) => Version::try_from(v).ok()?,
        None => Version::default(),
    };
    let params = Params::try_from(&parsed).ok()?;
    let mut out = vec![0u8; expected.as_bytes().len()];
    Argon2::new(algorithm, version, params.clone())
        .hash_password_into_with_memory(secret, salt, &mut out, blocks(memory, &params))
        .ok()?;
    Some(out.ct_eq(expected.as_bytes()).into())
}

#[cfg(test)]
mod tests {
    use argon2::PasswordVerifier;

    use super::*;

    #[tokio::test]
    async fn hashes_are_standard_phc_strings_the_argon2_crate_reads() {
        let stored = hash(b"correct horse battery staple".to_vec())
            .await
            .unwrap_or_default();
        assert!(
            stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{stored}"
        );
        let parsed = PasswordHash::new(&stored).expect("parses");
        assert!(
            Argon2::default()
                .verify_password(b"correct horse battery staple", &parsed)
                .is_ok()
        );
        assert!(matches!(
            verify(b"correct horse battery staple".to_vec(), stored.clone()).await,
            Ok(true)
        ));
        assert!(matches!(verify(b"wrong".to_vec(), stored).await, Ok(false)));
    }

    #[tokio::test]
    async fn hashes_made_by_the_argon2_crate_verify_here() {
        use argon2::PasswordHasher;
        let made = Argon2::default()
            .hash_password(b"lantern orchard velvet cobalt")
            .map(|h| h.to_string())
            .unwrap_or_default();
        assert!(matches!(
            verify(b"lantern orchard velvet cobalt".to_vec(), made.clone()).await,
            Ok(true)
        ));
        assert!(matches!(
            verify(b"lantern orchard".to_vec(), made).await,
            Ok(false)
        ));
        assert!(matches!(
            verify(b"x".to_vec(), "not a hash".into()).await,
            Ok(false)
        ));
    }
}
