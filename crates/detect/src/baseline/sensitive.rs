//! The sensitive APIs, from `data/sensitive_apis.txt` (format described there).

use std::collections::BTreeMap;
use std::sync::OnceLock;

const BUILTIN: &str = include_str!("../../data/sensitive_apis.txt");

/// The list: exact `service:EventName` entries, and prefix entries (`lambda:AddPermission*`),
/// each with its ATT&CK technique ids.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sensitive {
    exact: BTreeMap<String, Vec<String>>,
    prefixes: Vec<(String, Vec<String>)>,
}

impl Sensitive {
    /// The built-in list, parsed once; the unit test below proves it parses.
    pub(crate) fn builtin() -> &'static Sensitive {
        static LIST: OnceLock<Sensitive> = OnceLock::new();
        LIST.get_or_init(|| parse(BUILTIN).unwrap_or_default())
    }

    /// The built-in list plus entries from configuration (same syntax as a line of the file).
    pub(crate) fn with_extra(extra: &[String]) -> Result<Sensitive, String> {
        let mut list = Sensitive::builtin().clone();
        for line in extra {
            list.add(line)?;
        }
        Ok(list)
    }

    /// The technique ids of `api` (`iam:CreateUser`) when it is sensitive.
    pub(crate) fn lookup(&self, api: &str) -> Option<&[String]> {
        if let Some(ids) = self.exact.get(api) {
            return Some(ids);
        }
        self.prefixes.iter().find(|(prefix, _)| api.starts_with(prefix.as_str())).map(|(_, ids)| ids.as_slice())
    }

    fn add(&mut self, line: &str) -> Result<(), String> {
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.is_empty() {
            return Ok(());
        }
        let mut words = line.split_whitespace();
        let api = words.next().unwrap_or_default();
        match api.split_once(':') {
            Some((service, name)) if !service.is_empty() && !name.is_empty() && !name.contains(':') => {}
            _ => return Err(format!("{api:?} is not `service:EventName`")),
        }
        let ids: Vec<String> = words.map(str::to_owned).collect();
        if let Some(bad) = ids.iter().find(|id| !is_technique(id)) {
            return Err(format!("{bad:?} is not an ATT&CK technique id (T1234 or T1234.001)"));
        }
        match api.strip_suffix('*') {
            Some(prefix) if !prefix.contains('*') => self.prefixes.push((prefix.to_owned(), ids)),
            Some(_) => return Err(format!("{api:?}: `*` only at the end")),
            None if api.contains('*') => return Err(format!("{api:?}: `*` only at the end")),
            None => {
                self.exact.insert(api.to_owned(), ids);
            }
        }
        Ok(())
    }
}

fn is_technique(id: &str) -> bool {
    let Some(rest) = id.strip_prefix('T') else { return false };
    let (main, sub) = rest.split_once('.').unwrap_or((rest, "000"));
    main.len() == 4 && sub.len() == 3 && main.chars().chain(sub.chars()).all(|c| c.is_ascii_digit())
}

/// Parses the file; the error names the one-based line.
fn parse(text: &str) -> Result<Sensitive, String> {
    let mut list = Sensitive::default();
    for (i, line) in text.lines().enumerate() {
        list.add(line).map_err(|e| format!("line {}: {e}", i + 1))?;
    }
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_list_parses_and_is_sorted() {
        let list = parse(BUILTIN).unwrap();
        assert!(list.exact.len() > 40, "{}", list.exact.len());
        let entries: Vec<&str> = BUILTIN
            .lines()
            .map(|l| l.split('#').next().unwrap_or_default().trim())
            .filter(|l| !l.is_empty())
            .map(|l| l.split_whitespace().next().unwrap_or_default())
            .collect();
        let mut sorted = entries.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(entries, sorted, "data/sensitive_apis.txt must be sorted, without duplicates");
    }

    #[test]
    fn lookup_exact_and_prefix() {
        let list = Sensitive::builtin();
        assert_eq!(list.lookup("iam:CreateAccessKey"), Some(&["T1098.001".to_owned()][..]));
        assert!(list.lookup("lambda:UpdateFunctionCode20150331v2").is_some());
        assert!(list.lookup("iam:ListUsers").is_none());
        assert!(list.lookup("iam:CreateAccessKeyX").is_none());
    }

    #[test]
    fn extra_entries_are_checked() {
        let list = Sensitive::with_extra(&["s3:PutBucketCors T1530".to_owned()]).unwrap();
        assert!(list.lookup("s3:PutBucketCors").is_some());
        for bad in ["PutBucketCors", "s3:", "s3:X T15", "s3:*X", "a:b:c"] {
            assert!(Sensitive::with_extra(&[bad.to_owned()]).is_err(), "{bad}");
        }
    }
}
