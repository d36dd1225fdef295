//! What a VirusTotal object says about an IOC: the engines' verdicts, the detection ratio, and
//! what the module writes back (tags, a line of the description).

use crate::target::Target;
use serde::Serialize;
use serde_json::Value;

/// The engines' verdicts (`last_analysis_stats`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Stats {
    /// Engines that flag it as malicious.
    pub malicious: u64,
    /// Engines that flag it as suspicious.
    pub suspicious: u64,
    /// Engines that found nothing.
    pub undetected: u64,
    /// Engines that call it harmless.
    pub harmless: u64,
}

/// More engines than this in one count is not an answer VirusTotal gives (it runs about 90): the
/// stats are refused rather than written into an IOC.
pub const MAX_ENGINES: u64 = 10_000;

impl Stats {
    /// The engines that gave a verdict (each count is at most [`MAX_ENGINES`]: no overflow).
    pub fn total(&self) -> u64 {
        self.malicious + self.suspicious + self.undetected + self.harmless
    }

    /// The engines that flag the object (malicious or suspicious).
    pub fn flagged(&self) -> u64 {
        self.malicious + self.suspicious
    }

    /// The percentage of those that flag the object (malicious or suspicious).
    pub fn detection_ratio(&self) -> Option<f64> {
        let total = self.total();
        (total > 0).then(|| self.flagged() as f64 * 100.0 / total as f64)
    }
}

/// The verdict the module tags an IOC with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// At or above the malicious threshold: `vt:malicious`.
    Malicious,
    /// At or above the suspicious threshold: `vt:suspicious`.
    Suspicious,
    /// Below both: neither tag (a stale one is removed).
    Clean,
    /// No engine gave a verdict: tags are left as they are.
    Unknown,
}

/// What VirusTotal says about one IOC.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Insight {
    /// The engines' verdicts.
    pub stats: Stats,
    /// Their detection ratio, in percent.
    pub ratio: Option<f64>,
    /// VirusTotal's community reputation.
    pub reputation: Option<i64>,
    /// The autonomous system (IPs).
    pub asn: Option<u64>,
    /// Its owner (IPs).
    pub as_owner: Option<String>,
    /// The country (IPs).
    pub country: Option<String>,
    /// When the engines last analysed it (RFC 3339).
    pub last_analysis: Option<String>,
    /// Its page on VirusTotal.
    pub permalink: String,
}

/// An answer of VirusTotal's whose engine counts are not plausible.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("VirusTotal's answer is not plausible: {count} engines counted as {key}")]
pub struct Implausible {
    /// The count.
    pub count: u64,
    /// What it counts (`malicious`...).
    pub key: &'static str,
}

impl Insight {
    /// Reads `data` (an object of the v3 API) about `target`; an error when its engine counts
    /// are not plausible (above [`MAX_ENGINES`]).
    pub fn read(target: &Target, data: &Value) -> Result<Self, Implausible> {
        let attributes = &data["attributes"];
        let count = |key: &'static str| -> Result<u64, Implausible> {
            let count = attributes["last_analysis_stats"][key].as_u64().unwrap_or(0);
            if count > MAX_ENGINES {
                return Err(Implausible { count, key });
            }
            Ok(count)
        };
        let stats = Stats {
            malicious: count("malicious")?,
            suspicious: count("suspicious")?,
            undetected: count("undetected")?,
            harmless: count("harmless")?,
        };
        let id = data["id"].as_str().unwrap_or(&target.id);
        Ok(Insight {
            stats,
            ratio: stats.detection_ratio(),
            reputation: attributes["reputation"].as_i64(),
            asn: attributes["asn"].as_u64(),
            as_owner: attributes["as_owner"].as_str().map(str::to_owned),
            country: attributes["country"].as_str().map(str::to_owned),
            last_analysis: attributes["last_analysis_date"]
                .as_i64()
                .and_then(|seconds| jiff::Timestamp::from_second(seconds).ok())
                .map(|time| time.to_string()),
            // A URL's page is under VirusTotal's id (a SHA-256), not the base64 id it was
            // looked up by.
            permalink: format!("https://www.virustotal.com/gui/{}/{id}", target.kind.gui()),
        })
    }

    /// The verdict for the thresholds (percentages).
    pub fn verdict(&self, malicious: f64, suspicious: f64) -> Verdict {
        match self.ratio {
            None => Verdict::Unknown,
            Some(ratio) if ratio >= malicious => Verdict::Malicious,
            Some(ratio) if ratio >= suspicious => Verdict::Suspicious,
            Some(_) => Verdict::Clean,
        }
    }

    /// The line the module keeps in the IOC's description.
    pub fn summary(&self) -> String {
        let mut line = format!(
            "{DESCRIPTION_PREFIX}{} of {} engines flag it ({} malicious, {} suspicious)",
            self.stats.flagged(),
            self.stats.total(),
            self.stats.malicious,
            self.stats.suspicious
        );
        if let Some(reputation) = self.reputation {
            line.push_str(&format!(", reputation {reputation}"));
        }
        if let Some(date) = &self.last_analysis {
            line.push_str(&format!(", analysed {}", &date[..date.len().min(10)]));
        }
        line.push_str(&format!(" - {}", self.permalink));
        line
    }
}

/// How the module's line in a description starts (it replaces its previous line).
pub const DESCRIPTION_PREFIX: &str = "VT insight: ";

/// `description` with its VT insight line replaced by `summary` (or added).
pub fn with_summary(description: Option<&str>, summary: &str) -> String {
    let mut lines: Vec<&str> = description
        .unwrap_or("")
        .lines()
        .filter(|line| !line.starts_with(DESCRIPTION_PREFIX))
        .collect();
    while lines.last().is_some_and(|line| line.trim().is_empty()) {
        lines.pop();
    }
    lines.push(summary);
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::target::target;
    use serde_json::json;

    #[test]
    fn reads_stats_verdicts_and_summary() {
        let target = target("domain", "evil.example").unwrap();
        let data = json!({"id": "evil.example", "type": "domain", "attributes": {
            "last_analysis_stats": {"malicious": 9, "suspicious": 1, "undetected": 40, "harmless": 50, "timeout": 3},
            "reputation": -12, "last_analysis_date": 1795161600}});
        let insight = Insight::read(&target, &data).unwrap();
        assert_eq!(insight.ratio, Some(10.0));
        assert_eq!(insight.verdict(10.0, 5.0), Verdict::Malicious);
        assert_eq!(insight.verdict(20.0, 5.0), Verdict::Suspicious);
        assert_eq!(insight.verdict(20.0, 15.0), Verdict::Clean);
        assert_eq!(
            insight.summary(),
            "VT insight: 10 of 100 engines flag it (9 malicious, 1 suspicious), reputation -12, \
             analysed 2026-11-20 - https://www.virustotal.com/gui/domain/evil.example"
        );
        let empty = Insight::read(&target, &json!({"attributes": {}})).unwrap();
        assert_eq!(empty.verdict(10.0, 5.0), Verdict::Unknown);
    }

    #[test]
    fn the_summary_line_is_replaced_not_repeated() {
        let first = with_summary(Some("Seen in phishing.\n"), "VT insight: 1");
        assert_eq!(first, "Seen in phishing.\nVT insight: 1");
        assert_eq!(
            with_summary(Some(&first), "VT insight: 2"),
            "Seen in phishing.\nVT insight: 2"
        );
        assert_eq!(with_summary(None, "VT insight: 3"), "VT insight: 3");
    }
}
