//! Reading folders: recursion, gzip, JSON Lines, files that are not records,
//! CloudTrail digests, and a cut gzip file among good ones.

use std::io::Write;

use flate2::write::GzEncoder;
use meerkat_detect::source::{read, Source};

fn record(id: &str) -> String {
    format!(r#"{{"eventTime":"2024-05-01T10:00:00Z","eventSource":"iam.amazonaws.com","eventName":"ListUsers","eventID":"{id}"}}"#)
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[test]
fn folder_walk_reads_every_kind_and_reports_the_cut() {
    let dir = tempfile::tempdir().unwrap();
    let day = dir.path().join("AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01");
    std::fs::create_dir_all(&day).unwrap();
    let delivery = format!(r#"{{"Records":[{},{}]}}"#, record("a"), record("b"));
    std::fs::write(day.join("one.json.gz"), gzip(delivery.as_bytes())).unwrap();
    std::fs::write(day.join("two.jsonl"), format!("{}\n{}\n", record("c"), record("d"))).unwrap();
    std::fs::write(day.join("notes.txt"), "not records").unwrap();
    let digest = dir.path().join("AWSLogs/111122223333/CloudTrail-Digest");
    std::fs::create_dir_all(&digest).unwrap();
    std::fs::write(digest.join("d.json.gz"), gzip(b"{}")).unwrap();
    let big: Vec<String> = (0..5000).map(|i| record(&format!("x{i}"))).collect();
    let packed = gzip(format!(r#"{{"Records":[{}]}}"#, big.join(",")).as_bytes());
    std::fs::write(day.join("zz-cut.json.gz"), &packed[..packed.len() / 2]).unwrap();

    let mut ids = Vec::new();
    let mut errors = Vec::new();
    let stats = read(&Source::Path(dir.path().into()), &mut |item| match item {
        Ok(event) => ids.push(event.id().unwrap().to_string()),
        Err(error) => errors.push(error.to_string()),
    });
    assert_eq!(&ids[..4], ["a", "b", "c", "d"]);
    assert!(ids.len() > 4 && ids.len() < 5004, "{}", ids.len());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("zz-cut.json.gz: cut at record"), "{errors:?}");
    assert_eq!((stats.files, stats.cut_files, stats.ignored_files), (3, 1, 2));
    assert_eq!(stats.events, ids.len() as u64);

    let missing = read(&Source::Path(dir.path().join("nope")), &mut |item| assert!(item.is_err()));
    assert_eq!(missing.failed_files, 1);
}
