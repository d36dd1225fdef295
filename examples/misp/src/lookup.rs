//! The searches of one hook call, in every instance at once: each instance on its own thread
//! with its own time limit, through the cache every IRIS worker shares (an answer within its
//! time to live is not asked for again), one instance down or refusing its key leaving the
//! others' answers in place.

use crate::client::{MispClient, MispError};
use crate::instances::{Instance, Instances};
use crate::report::instance_result;
use crate::search::Search;
use iris_module_core::HookContext;
use iris_module_core::cache::{LookupError, TtlCache};
use iris_module_core::fan_out::{FanOut, FanOutResults};
use iris_module_core::{HookError, HookResult};
use serde_json::Value;
use std::collections::HashMap;
use std::time::Duration;

/// How a call's searches are made.
pub struct Lookups<'a> {
    /// The configured instances.
    pub instances: &'a Instances,
    /// The HTTP and the HTTPS proxy (`misp_http_proxy`, `misp_https_proxy`).
    pub proxies: (Option<&'a str>, Option<&'a str>),
    /// How long an answer is cached, in minutes (0: not cached).
    pub ttl_minutes: u32,
    /// Whether every search is asked again (a manual trigger), its answer cached anew.
    pub fresh: bool,
}

/// What one instance found: each search's events, by its cache key.
struct Answered {
    events: HashMap<String, Vec<Value>>,
    cached: usize,
    /// Why the shared cache could not be used (MISP was then asked directly).
    cache_problem: Option<String>,
}

/// What every instance found.
pub struct Found {
    labels: Vec<String>,
    instances: Vec<(String, String)>,
    results: FanOutResults<Answered>,
    /// How many searches were answered by the cache, every instance's together.
    pub cached: usize,
}

impl Found {
    /// Each answering instance's result for `search` (`{"url", "name", "result"}`), in the
    /// configuration's order; `None` when no instance answered it.
    pub fn results(&self, search: &Search) -> Option<Vec<Value>> {
        let key = search.cache_key();
        let results: Vec<Value> = self
            .results
            .successes()
            .filter_map(|(label, answered)| {
                let index = self.labels.iter().position(|known| known == label)?;
                let events = answered.events.get(&key)?;
                let (name, url) = &self.instances[index];
                Some(instance_result(url, name, events))
            })
            .collect();
        (!results.is_empty()).then_some(results)
    }

    /// The instances whose shared cache could not be used, and why (MISP was asked directly).
    pub fn cache_problems(&self) -> impl Iterator<Item = (&str, &str)> {
        self.results.successes().filter_map(|(label, answered)| {
            answered
                .cache_problem
                .as_deref()
                .map(|problem| (label, problem))
        })
    }

    /// `Ok` when every instance answered every search; else the instances that did not, and why.
    pub fn status(&self) -> HookResult {
        self.results.status()
    }
}

impl Lookups<'_> {
    /// Makes `searches` (a search given twice is made once) in every instance.
    pub fn run<'s>(&self, ctx: &HookContext, searches: impl Iterator<Item = &'s Search>) -> Found {
        let mut unique: Vec<Search> = Vec::new();
        for search in searches {
            if !unique.contains(search) {
                unique.push(search.clone());
            }
        }
        let labels = self.instances.labels();
        let ttl = Duration::from_secs(u64::from(self.ttl_minutes) * 60);
        let fresh = self.fresh;
        let jobs: Vec<(String, String, Job)> = self
            .instances
            .0
            .iter()
            .zip(&labels)
            .map(|(instance, label)| {
                let job = Job {
                    client: MispClient::new(instance, self.proxy_for(&instance.url)),
                    cache: (!ttl.is_zero())
                        .then(|| TtlCache::new(&namespace(instance), ttl).redacting(ctx)),
                    key: instance.key.expose().to_owned(),
                    searches: unique.clone(),
                    fresh,
                };
                (label.clone(), instance.url.clone(), job)
            })
            .collect();
        let results = FanOut::new()
            .timeout(Duration::from_secs(600))
            .until(ctx.deadline())
            .run(jobs, |_call, job| job.run());
        let cached = results
            .successes()
            .map(|(_, answered)| answered.cached)
            .sum();
        Found {
            labels,
            instances: self
                .instances
                .0
                .iter()
                .map(|instance| (instance.name.clone(), instance.url.clone()))
                .collect(),
            results,
            cached,
        }
    }

    /// The proxy of `url`'s scheme; none when it is not configured (the environment's are not
    /// used, as the official module does not use them).
    fn proxy_for(&self, url: &str) -> Option<String> {
        let proxy = if url.trim_start().to_ascii_lowercase().starts_with("https:") {
            self.proxies.1
        } else {
            self.proxies.0
        };
        proxy
            .map(str::trim)
            .filter(|proxy| !proxy.is_empty())
            .map(str::to_owned)
    }
}

/// The cache namespace of an instance: its address and its key (two keys of one MISP may see
/// different events). It is hashed, never stored.
fn namespace(instance: &Instance) -> String {
    format!("misp\u{0}{}\u{0}{}", instance.url, instance.key.expose())
}

/// One instance's work.
struct Job {
    client: Result<MispClient, MispError>,
    cache: Option<TtlCache>,
    key: String,
    searches: Vec<Search>,
    fresh: bool,
}

impl Job {
    fn run(self) -> Result<Answered, HookError> {
        let client = self
            .client
            .map_err(|error| HookError::msg(error.to_string()))?;
        let keys: Vec<String> = self.searches.iter().map(Search::cache_key).collect();
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        let by_key: HashMap<&str, &Search> = keys.iter().copied().zip(&self.searches).collect();
        let fetch = |asked: &[&str]| -> Result<Vec<Option<Vec<Value>>>, MispError> {
            asked
                .iter()
                .map(|key| client.search(&self.key, by_key[key]).map(Some))
                .collect()
        };
        let failed = |error: MispError| HookError::msg(error.to_string());
        let mut cache_problem = None;
        let (values, cached) = match (&self.cache, self.fresh) {
            (Some(cache), false) => match cache.lookup(&keys, fetch) {
                Ok(lookup) => (lookup.values, lookup.cached),
                Err(LookupError::Fetch(error)) => return Err(failed(error)),
                Err(LookupError::Cache(error)) => {
                    cache_problem = Some(error.to_string());
                    (fetch(&keys).map_err(failed)?, 0)
                }
            },
            (cache, _) => {
                let values = fetch(&keys).map_err(failed)?;
                let fresh = keys
                    .iter()
                    .zip(&values)
                    .filter_map(|(key, value)| value.as_ref().map(|value| (*key, value)));
                if let Some(Err(error)) = cache.as_ref().map(|cache| cache.put_many(fresh)) {
                    cache_problem = Some(error.to_string());
                }
                (values, 0)
            }
        };
        let events = keys
            .iter()
            .zip(values)
            .filter_map(|(key, value)| Some(((*key).to_owned(), value?)))
            .collect();
        Ok(Answered {
            events,
            cached,
            cache_problem,
        })
    }
}
