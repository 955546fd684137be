//! PostgreSQL: search documents in `COPY`'s binary format, tsvectors included.
//!
//! PostgreSQL parses a tsvector written as text character by character, three bytes at a time for
//! Thai: copying 200,000 national documents as text cost the server 12.7 s, of which 8.5 s parsing the
//! two tsvectors (the same rows copied table to table took 4.2 s, measured). In binary a tsvector is
//! its lexemes, already sorted and merged, with their positions, which PostgreSQL only checks
//! (`tsvectorrecv`): the work moves to the client, spread over its cores with the segmentation.
//! What is built here must equal what PostgreSQL's own parser makes of `tsvector_text`; a test
//! compares the two.

use std::collections::BTreeMap;

/// PostgreSQL's limits for a tsvector: positions per lexeme, and the highest position (later terms
/// share it, as PostgreSQL's parser does).
const MAX_POSITIONS: usize = 256;
const MAX_POSITION: u16 = 16_383;

/// Weight A, the title's, in a position's two high bits.
const WEIGHT_A: u16 = 3 << 14;

/// A tsvector being built: each lexeme with its positions, in PostgreSQL's order (bytewise, a
/// shorter lexeme before a longer one it begins).
#[derive(Debug, Default)]
pub struct Tsvector<'a> {
    lexemes: BTreeMap<&'a [u8], Vec<u16>>,
}

impl<'a> Tsvector<'a> {
    /// Title terms weighted A, then the body's, numbered from 1; then the facet lexemes without
    /// positions — the layout of [`tsvector_text`].
    pub fn of(title: &'a [String], body: &'a [String], facets: &'a [String]) -> Self {
        let mut v = Self::default();
        for (i, term) in title.iter().chain(body).enumerate() {
            let position = u16::try_from(i + 1).unwrap_or(MAX_POSITION).min(MAX_POSITION);
            let weight = if i < title.len() { WEIGHT_A } else { 0 };
            v.lexemes.entry(term.as_bytes()).or_default().push(position | weight);
        }
        for lexeme in facets {
            v.lexemes.entry(lexeme.as_bytes()).or_default();
        }
        v
    }

    /// Appends the binary form (`tsvectorsend`'s): the number of lexemes, then each lexeme
    /// NUL-terminated, its number of positions and the positions.
    pub fn encode(self, out: &mut Vec<u8>) {
        out.extend_from_slice(&(self.lexemes.len() as i32).to_be_bytes());
        for (lexeme, positions) in self.lexemes {
            out.extend_from_slice(lexeme);
            out.push(0);
            let positions = distinct_positions(positions);
            out.extend_from_slice(&(positions.len() as u16).to_be_bytes());
            for p in positions {
                out.extend_from_slice(&p.to_be_bytes());
            }
        }
    }
}

/// A lexeme's positions as PostgreSQL keeps them: in order, each once (with the highest weight it
/// was given), at most 256 and none past the highest position.
fn distinct_positions(mut positions: Vec<u16>) -> Vec<u16> {
    let at = |p: u16| p & MAX_POSITION;
    positions.sort_by_key(|&p| at(p));
    let mut kept: Vec<u16> = Vec::with_capacity(positions.len().min(MAX_POSITIONS));
    for p in positions {
        match kept.last_mut() {
            Some(last) if at(*last) == at(p) => *last = at(p) | (*last & !MAX_POSITION).max(p & !MAX_POSITION),
            _ => {
                if kept.len() == MAX_POSITIONS || kept.last().is_some_and(|&last| at(last) == MAX_POSITION) {
                    break;
                }
                kept.push(p);
            }
        }
    }
    kept
}

/// The same tsvector as text, for PostgreSQL's own parser: what a few documents are written with
/// (`INSERT`), and what the binary form is tested against.
pub fn tsvector_text(title: &[String], body: &[String], facets: &[String]) -> String {
    let quote = |t: &str| format!("'{}'", t.replace('\\', "\\\\").replace('\'', "''"));
    let mut out = String::new();
    for (i, t) in title.iter().chain(body).enumerate() {
        let weight = if i < title.len() { "A" } else { "" };
        out.push_str(&format!("{}:{}{weight} ", quote(t), (i + 1).min(usize::from(MAX_POSITION))));
    }
    for lexeme in facets {
        out.push_str(&quote(lexeme));
        out.push(' ');
    }
    out
}

/// Rows of a binary `COPY … FROM STDIN (FORMAT binary)`.
pub struct BinaryCopy {
    out: Vec<u8>,
}

/// The signature, flags and header extension every binary COPY stream begins with.
const HEADER: &[u8] = b"PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0";

impl BinaryCopy {
    pub fn new(capacity: usize) -> Self {
        let mut out = Vec::with_capacity(capacity);
        out.extend_from_slice(HEADER);
        Self { out }
    }

    /// Starts a row of `fields` fields.
    pub fn row(&mut self, fields: i16) {
        self.out.extend_from_slice(&fields.to_be_bytes());
    }

    /// A field whose value is NULL.
    pub fn null(&mut self) {
        self.out.extend_from_slice(&(-1i32).to_be_bytes());
    }

    /// A field from its binary bytes (text is its UTF-8).
    pub fn bytes(&mut self, value: &[u8]) {
        self.out.extend_from_slice(&(value.len() as i32).to_be_bytes());
        self.out.extend_from_slice(value);
    }

    pub fn text(&mut self, value: Option<&str>) {
        match value {
            Some(text) => self.bytes(text.as_bytes()),
            None => self.null(),
        }
    }

    pub fn float8(&mut self, value: f64) {
        self.bytes(&value.to_bits().to_be_bytes());
    }

    /// A tsvector field: its length is written once its binary form is.
    pub fn tsvector(&mut self, value: Tsvector<'_>) {
        let at = self.out.len();
        self.out.extend_from_slice(&0i32.to_be_bytes());
        value.encode(&mut self.out);
        let length = (self.out.len() - at - 4) as i32;
        self.out[at..at + 4].copy_from_slice(&length.to_be_bytes());
    }

    /// The stream, with its trailer.
    pub fn finish(mut self) -> Vec<u8> {
        self.out.extend_from_slice(&(-1i16).to_be_bytes());
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| (*w).to_owned()).collect()
    }

    fn positions_of(v: &Tsvector<'_>, lexeme: &str) -> Vec<u16> {
        distinct_positions(v.lexemes[lexeme.as_bytes()].clone())
    }

    #[test]
    fn lexemes_are_merged_and_sorted_as_postgresql_sorts_them() {
        let (title, body, facets) = (strings(&["สิทธิ", "ชน"]), strings(&["ชน", "ab", "a"]), strings(&["kind:activity"]));
        let v = Tsvector::of(&title, &body, &facets);
        let order: Vec<&[u8]> = v.lexemes.keys().copied().collect();
        assert_eq!(order, [&b"a"[..], b"ab", b"kind:activity", "ชน".as_bytes(), "สิทธิ".as_bytes()]);
        assert_eq!(positions_of(&v, "ชน"), [2 | WEIGHT_A, 3], "a title word keeps weight A, the body's repeat none");
        assert!(positions_of(&v, "kind:activity").is_empty());
    }

    #[test]
    fn positions_past_the_highest_share_it_once_and_at_most_256_are_kept() {
        let body: Vec<String> = (0..20_000).map(|i| if i % 2 == 0 { "คำ".to_owned() } else { format!("w{i}") }).collect();
        let v = Tsvector::of(&[], &body, &[]);
        let kept = positions_of(&v, "คำ");
        assert_eq!(kept.len(), 256);
        assert!(kept.windows(2).all(|w| w[0] < w[1]));
        let late: Vec<String> = std::iter::repeat_n("x".to_owned(), 16_400).collect();
        let v = Tsvector::of(&[], &late, &[]);
        assert_eq!(positions_of(&v, "x").len(), 256);
        let tail = strings(&["y"; 3]);
        let many: Vec<String> = std::iter::repeat_n("z".to_owned(), 16_390).chain(tail).collect();
        let v = Tsvector::of(&[], &many, &[]);
        assert_eq!(positions_of(&v, "y"), [MAX_POSITION], "terms past the highest position share it");
    }

    /// Documents shaped like the index's: segmented Thai, English, repeats across title and body,
    /// quotes and backslashes, facets, an empty title, and bodies long enough to pass PostgreSQL's
    /// limits of 256 positions and position 16,383.
    fn documents() -> Vec<(Vec<String>, Vec<String>, Vec<String>)> {
        let terms = |text: &str| phakhi_search::terms(text);
        let long: Vec<String> = (0..17_000).map(|i| ["คำ", "ซ้ำ", "word", "o'brien"][i % 4].to_owned()).chain(terms("ท้าย end")).collect();
        vec![
            (terms("สิทธิมนุษยชน ขอนแก่น"), terms("อบรมสิทธิมนุษยชนสำหรับเยาวชน learning cities"), strings(&["kind:activity", "province:40"])),
            (terms("SMART GENDER city"), terms("gender equality city of learning"), strings(&["kind:programme"])),
            (strings(&["a\\b", "it's", "a"]), strings(&["a", "b", "a\\b"]), vec![]),
            (vec![], terms("เทศบาลตำบล"), strings(&["sector:local_government"])),
            (terms("ชื่อ"), long, vec![]),
        ]
    }

    #[tokio::test]
    async fn postgresql_reads_the_binary_form_as_it_reads_the_text_form() {
        use sqlx::Connection;
        let url = std::env::var("PHAKHI_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
        let mut conn = match sqlx::PgConnection::connect(&url).await {
            Ok(conn) => conn,
            Err(e) => {
                assert!(std::env::var("PHAKHI_REQUIRE_POSTGRES").as_deref() != Ok("1"), "PostgreSQL is required but {url} failed: {e}");
                eprintln!("notice: PostgreSQL at {url} did not answer ({e}); the binary tsvector check is skipped");
                return;
            }
        };
        sqlx::query("CREATE TEMPORARY TABLE binary_tsvectors (n INT, v TSVECTOR)").execute(&mut conn).await.unwrap();
        let documents = documents();
        let mut copy = BinaryCopy::new(1_024);
        for (n, (title, body, facets)) in documents.iter().enumerate() {
            copy.row(2);
            copy.bytes(&(n as i32).to_be_bytes());
            copy.tsvector(Tsvector::of(title, body, facets));
        }
        let mut stream = conn.copy_in_raw("COPY binary_tsvectors (n, v) FROM STDIN (FORMAT binary)").await.unwrap();
        stream.send(copy.finish()).await.unwrap();
        assert_eq!(stream.finish().await.unwrap(), documents.len() as u64);
        for (n, (title, body, facets)) in documents.iter().enumerate() {
            let (copied, parsed): (String, String) =
                sqlx::query_as("SELECT CAST(v AS TEXT), CAST(CAST($1 AS TSVECTOR) AS TEXT) FROM binary_tsvectors WHERE n = $2")
                    .bind(tsvector_text(title, body, facets))
                    .bind(n as i32)
                    .fetch_one(&mut conn)
                    .await
                    .unwrap();
            assert_eq!(copied, parsed, "document {n}");
        }
    }

    #[test]
    fn a_stream_has_the_header_fields_and_trailer_postgresql_expects() {
        let mut copy = BinaryCopy::new(64);
        copy.row(3);
        copy.text(Some("ก"));
        copy.null();
        copy.float8(1.5);
        let bytes = copy.finish();
        assert_eq!(&bytes[..11], b"PGCOPY\n\xff\r\n\0");
        assert_eq!(&bytes[19..21], &3i16.to_be_bytes());
        assert_eq!(&bytes[21..25], &3i32.to_be_bytes());
        assert_eq!(&bytes[25..28], "ก".as_bytes());
        assert_eq!(&bytes[28..32], &(-1i32).to_be_bytes());
        assert_eq!(&bytes[32..36], &8i32.to_be_bytes());
        assert_eq!(&bytes[36..44], &1.5f64.to_bits().to_be_bytes());
        assert_eq!(&bytes[44..], &(-1i16).to_be_bytes());
    }
}
