//! Prints how phakhi searches for each argument: the FTS5 expression and the PostgreSQL tsquery.
//! For diagnosing a query that finds too much or too little:
//! `cargo run --release -p phakhi-search --example terms -- "สิทธิมนุษยชน" "learning city"`.

fn main() {
    for text in std::env::args().skip(1) {
        let query = phakhi_search::Query::parse(&text, false);
        println!("{text}\t{}\t{}", query.fts5(), query.tsquery());
    }
}
