//! A cache shared by every IRIS worker, on every host: what a module looked up (an IOC's MISP
//! hits, a reputation) is kept for a time to live, and a lookup within it is answered from the
//! cache instead of being sent again.
//!
//! The cache is kept in the workers' [shared state](crate::shared): inside IRIS, IRIS's own
//! PostgreSQL (table `iris_module_cache`, beside the request paces), elsewhere a private
//! directory of the user's. Keys are hashed with the cache's namespace (the service and the
//! instance: a key of a service may be part of it), so no lookup value is stored in the clear as
//! a key, and two namespaces never share an entry. Values pass through the call's redactor
//! before they are stored: a service's answer that echoes the module's key is cached without it.

use crate::HookContext;
use crate::redact::Redactor;
use crate::shared::{SharedState, StateError};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// The longest time to live (a longer one is cut to it): a year.
pub const MAX_TTL: Duration = Duration::from_secs(365 * 24 * 3600);

/// A time-to-live cache shared by IRIS's workers.
#[derive(Clone)]
pub struct TtlCache {
    namespace: [u8; 32],
    ttl: Duration,
    redactor: Redactor,
    store: Option<Arc<dyn SharedState>>,
}

impl fmt::Debug for TtlCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TtlCache")
            .field("ttl", &self.ttl)
            .finish_non_exhaustive()
    }
}

/// What [`TtlCache::lookup`] did: the values, from the cache or just fetched, and how many of
/// each.
#[derive(Debug)]
pub struct Lookup<V> {
    /// Each key's value, in the keys' order (`None`: the fetch gave none for it).
    pub values: Vec<Option<V>>,
    /// How many were answered by the cache.
    pub cached: usize,
    /// How many were fetched.
    pub fetched: usize,
}

impl TtlCache {
    /// The cache of `namespace` (any text naming the service and its instance: it is hashed),
    /// whose entries live `ttl` (at most [`MAX_TTL`]), in the process's shared state.
    pub fn new(namespace: &str, ttl: Duration) -> Self {
        TtlCache {
            namespace: Sha256::digest(namespace.as_bytes()).into(),
            ttl: ttl.min(MAX_TTL),
            redactor: Redactor::default(),
            store: None,
        }
    }

    /// Removes the secrets of the call `ctx` is the context of (the module's keys, those inside
    /// its JSON parameters, the proxy's credentials) from the values before they are stored.
    pub fn redacting(self, ctx: &HookContext) -> Self {
        self.with_redactor(ctx.redactor())
    }

    fn with_redactor(mut self, redactor: &Redactor) -> Self {
        self.redactor = redactor.clone();
        self
    }

    /// Keeps the cache in `store` instead (a [`PrivateDir`](crate::shared::PrivateDir) of a
    /// test's own).
    pub fn in_store(mut self, store: Arc<dyn SharedState>) -> Self {
        self.store = Some(store);
        self
    }

    /// How long an entry lives.
    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    fn store(&self) -> Arc<dyn SharedState> {
        self.store.clone().unwrap_or_else(crate::shared::current)
    }

    /// The stored key of `key`: the hash of the namespace and the key.
    fn hashed(&self, key: &str) -> String {
        let mut hasher = Sha256::new();
        hasher.update(self.namespace);
        hasher.update(key.as_bytes());
        hex::encode(&hasher.finalize()[..20])
    }

    /// The cached value of `key`, if it has not expired (a value that no longer reads as a `V`
    /// counts as none).
    pub fn get<V: DeserializeOwned>(&self, key: &str) -> Result<Option<V>, StateError> {
        Ok(self.get_many::<V>(&[key])?.pop().flatten())
    }

    /// The cached values of `keys`, in their order.
    pub fn get_many<V: DeserializeOwned>(
        &self,
        keys: &[&str],
    ) -> Result<Vec<Option<V>>, StateError> {
        let hashed: Vec<String> = keys.iter().map(|key| self.hashed(key)).collect();
        let found = self.store().cache_get(&hashed)?;
        Ok(hashed
            .iter()
            .map(|key| {
                found
                    .get(key)
                    .and_then(|text| serde_json::from_str(text).ok())
            })
            .collect())
    }

    /// Caches `value` under `key` for the cache's time to live.
    pub fn put<V: Serialize>(&self, key: &str, value: &V) -> Result<(), StateError> {
        self.put_many([(key, value)])
    }

    /// Caches each `(key, value)`.
    pub fn put_many<'k, V: Serialize + 'k>(
        &self,
        entries: impl IntoIterator<Item = (&'k str, &'k V)>,
    ) -> Result<(), StateError> {
        let mut stored = Vec::new();
        for (key, value) in entries {
            let mut json = serde_json::to_value(value)
                .map_err(|error| StateError::Unavailable(format!("a value to cache: {error}")))?;
            self.redactor.redact_value(&mut json);
            stored.push((self.hashed(key), json.to_string()));
        }
        self.store().cache_put(&stored, self.ttl)
    }

    /// The values of `keys`: those cached are taken from the cache; the others are given to
    /// `fetch` (in order, each once), whose answers are cached and returned. `fetch` returns a
    /// value for each key it was given, in order (`None`: nothing to cache for it, as for a
    /// failed lookup, which is asked again next time).
    ///
    /// A cache that cannot be used is an error, and nothing is fetched: a module that would
    /// rather look everything up then calls `fetch` itself.
    pub fn lookup<V, E>(
        &self,
        keys: &[&str],
        fetch: impl FnOnce(&[&str]) -> Result<Vec<Option<V>>, E>,
    ) -> Result<Lookup<V>, LookupError<E>>
    where
        V: Serialize + DeserializeOwned + Clone,
    {
        let mut values = self.get_many::<V>(keys).map_err(LookupError::Cache)?;
        // The keys not cached, each once (a key given twice is fetched once).
        let mut asked: Vec<&str> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (index, key) in keys.iter().enumerate() {
            if values[index].is_none() && seen.insert(*key) {
                asked.push(key);
            }
        }
        let cached = values.iter().filter(|value| value.is_some()).count();
        if !asked.is_empty() {
            let answers = fetch(&asked).map_err(LookupError::Fetch)?;
            let fresh: HashMap<&str, V> = asked
                .iter()
                .copied()
                .zip(answers)
                .filter_map(|(key, answer)| Some((key, answer?)))
                .collect();
            self.put_many(fresh.iter().map(|(key, value)| (*key, value)))
                .map_err(LookupError::Cache)?;
            for (index, key) in keys.iter().enumerate() {
                if values[index].is_none()
                    && let Some(value) = fresh.get(key)
                {
                    values[index] = Some(value.clone());
                }
            }
        }
        let fetched = asked.len();
        Ok(Lookup {
            values,
            cached,
            fetched,
        })
    }
}

/// Why [`TtlCache::lookup`] gave no values.
#[derive(Debug)]
pub enum LookupError<E> {
    /// The cache could not be used.
    Cache(StateError),
    /// The fetch failed.
    Fetch(E),
}

impl<E: fmt::Display> fmt::Display for LookupError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LookupError::Cache(error) => write!(f, "{error}"),
            LookupError::Fetch(error) => write!(f, "{error}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shared::PrivateDir;

    fn cache(dir: &tempfile::TempDir, namespace: &str, ttl: Duration) -> TtlCache {
        TtlCache::new(namespace, ttl).in_store(Arc::new(PrivateDir::new(dir.path().join("s"))))
    }

    #[test]
    fn a_key_looked_up_within_the_ttl_is_not_fetched_again() {
        let dir = tempfile::tempdir().unwrap();
        let misp = cache(&dir, "misp https://misp.example", Duration::from_secs(60));
        let mut asked = Vec::new();
        let first = misp
            .lookup(&["a.example", "b.example", "c.example"], |keys| {
                asked.extend(keys.iter().map(|k| k.to_string()));
                Ok::<_, String>(vec![Some(1), None, Some(3)])
            })
            .unwrap();
        assert_eq!((first.cached, first.fetched), (0, 3));
        assert_eq!(first.values, [Some(1), None, Some(3)]);
        let again = cache(&dir, "misp https://misp.example", Duration::from_secs(60))
            .lookup(&["c.example", "b.example", "a.example"], |keys| {
                asked.extend(keys.iter().map(|k| k.to_string()));
                Ok::<_, String>(vec![Some(2)])
            })
            .unwrap();
        assert_eq!(asked, ["a.example", "b.example", "c.example", "b.example"]);
        assert_eq!((again.cached, again.fetched), (2, 1));
        assert_eq!(again.values, [Some(3), Some(2), Some(1)]);
        // Another namespace (another instance) shares nothing.
        let other = cache(&dir, "misp https://other.example", Duration::from_secs(60));
        assert_eq!(other.get::<i32>("a.example").unwrap(), None);
    }

    #[test]
    fn an_entry_expires_and_values_are_stored_without_secrets() {
        let dir = tempfile::tempdir().unwrap();
        let redactor = Redactor::new(["k-123456789"]);
        let short = cache(&dir, "svc", Duration::from_millis(200)).with_redactor(&redactor);
        short.put("x", &"echoed k-123456789 back").unwrap();
        assert_eq!(
            short.get::<String>("x").unwrap().as_deref(),
            Some("echoed [redacted] back")
        );
        std::thread::sleep(Duration::from_millis(300));
        assert_eq!(short.get::<String>("x").unwrap(), None);
        // No value nor key in the clear on disk.
        for entry in std::fs::read_dir(dir.path().join("s").join("cache")).unwrap() {
            let entry = entry.unwrap();
            let text = std::fs::read_to_string(entry.path()).unwrap();
            assert!(!text.contains("k-123456789"), "{text}");
            assert!(!entry.file_name().to_string_lossy().contains('x'));
        }
    }

    #[test]
    fn a_key_given_twice_is_fetched_once() {
        let dir = tempfile::tempdir().unwrap();
        let svc = cache(&dir, "svc", Duration::from_secs(60));
        let looked = svc
            .lookup(&["a", "b", "a"], |keys| {
                assert_eq!(keys, ["a", "b"]);
                Ok::<_, String>(vec![Some(1), Some(2)])
            })
            .unwrap();
        assert_eq!(looked.values, [Some(1), Some(2), Some(1)]);
        assert_eq!((looked.cached, looked.fetched), (0, 2));
    }

    #[test]
    fn a_failed_fetch_caches_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let svc = cache(&dir, "svc", Duration::from_secs(60));
        let error = svc.lookup::<i32, _>(&["a"], |_| Err("down")).unwrap_err();
        assert!(matches!(error, LookupError::Fetch("down")));
        assert_eq!(svc.get::<i32>("a").unwrap(), None);
    }
}
