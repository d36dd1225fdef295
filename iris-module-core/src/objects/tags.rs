//! Comma-separated tags, as IRIS stores them (`ioc_tags`, `asset_tags`, ...).

use super::{Alert, Asset, Event, GlobalTask, Ioc, Task};

/// Adding a tag would make the tags longer than the column holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagsTooLong {
    /// The tag that did not fit.
    pub tag: String,
    /// The column's limit, in characters.
    pub limit: usize,
}

impl std::fmt::Display for TagsTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "cannot add tag `{}`: the tags would exceed {} characters, the size of IRIS's column",
            self.tag, self.limit
        )
    }
}

impl std::error::Error for TagsTooLong {}

/// An object with comma-separated tags.
pub trait Tagged {
    /// The longest tags string the column holds, if it is limited.
    const TAGS_LIMIT: Option<usize> = None;

    /// The raw tags column.
    fn tags_column(&mut self) -> &mut Option<String>;

    /// The raw tags column, read-only.
    fn tags_str(&self) -> Option<&str>;

    /// The tags, trimmed, without empty entries.
    fn tags(&self) -> Vec<&str> {
        self.tags_str()
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|tag| !tag.is_empty())
            .collect()
    }

    /// Whether the object carries `tag`.
    fn has_tag(&self, tag: &str) -> bool {
        self.tags().contains(&tag.trim())
    }

    /// Adds `tag` unless it is already there; returns whether it was added.
    fn add_tag(&mut self, tag: &str) -> Result<bool, TagsTooLong> {
        let tag = tag.trim();
        if tag.is_empty() || self.has_tag(tag) {
            return Ok(false);
        }
        let mut tags: Vec<String> = self.tags().into_iter().map(str::to_owned).collect();
        tags.push(tag.to_owned());
        let joined = tags.join(",");
        if let Some(limit) = Self::TAGS_LIMIT
            && joined.chars().count() > limit
        {
            return Err(TagsTooLong {
                tag: tag.to_owned(),
                limit,
            });
        }
        *self.tags_column() = Some(joined);
        Ok(true)
    }

    /// Removes `tag`; returns whether it was there.
    fn remove_tag(&mut self, tag: &str) -> bool {
        let tag = tag.trim();
        let before = self.tags().len();
        let kept: Vec<String> = self
            .tags()
            .into_iter()
            .filter(|t| *t != tag)
            .map(str::to_owned)
            .collect();
        let removed = kept.len() != before;
        if removed {
            *self.tags_column() = Some(kept.join(","));
        }
        removed
    }
}

macro_rules! tagged {
    ($($ty:ty => $field:ident $(, limit $limit:expr)?;)*) => {$(
        impl Tagged for $ty {
            $(const TAGS_LIMIT: Option<usize> = Some($limit);)?
            fn tags_column(&mut self) -> &mut Option<String> {
                &mut self.$field
            }
            fn tags_str(&self) -> Option<&str> {
                self.$field.as_deref()
            }
        }
    )*};
}

tagged! {
    Ioc => ioc_tags, limit 512;
    Asset => asset_tags;
    Event => event_tags;
    Task => task_tags;
    GlobalTask => task_tags;
    Alert => alert_tags;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_and_removes_tags_without_duplicates() {
        let mut ioc = Ioc::new("evil.example", "domain");
        ioc.ioc_tags = Some("seed, other".into());
        assert_eq!(ioc.add_tag("vt:malicious"), Ok(true));
        assert_eq!(ioc.add_tag("seed"), Ok(false));
        assert_eq!(ioc.ioc_tags.as_deref(), Some("seed,other,vt:malicious"));
        assert!(ioc.remove_tag("other"));
        assert!(!ioc.remove_tag("absent"));
        assert_eq!(ioc.tags(), ["seed", "vt:malicious"]);
    }

    #[test]
    fn ioc_tags_respect_the_column_size() {
        let mut ioc = Ioc::new("x", "domain");
        ioc.ioc_tags = Some("a".repeat(510));
        let error = ioc.add_tag("bc").unwrap_err();
        assert_eq!(error.limit, 512);
        assert_eq!(
            ioc.ioc_tags.as_deref().map(str::len),
            Some(510),
            "unchanged"
        );
    }
}
