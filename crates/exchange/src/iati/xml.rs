//! A thin layer over quick-xml's writer: elements with attributes and escaped text, and the bilingual
//! `<narrative xml:lang="…">` pairs IATI puts inside every text element.

use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

/// An XML document being written, indented by two spaces.
pub(crate) struct Xml {
    writer: Writer<Vec<u8>>,
}

impl std::fmt::Debug for Xml {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Xml").finish_non_exhaustive()
    }
}

/// Text in Thai and, where it exists, in English.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bilingual<'a> {
    pub th: &'a str,
    pub en: Option<&'a str>,
}

impl<'a> Bilingual<'a> {
    pub fn new(th: &'a str, en: Option<&'a str>) -> Self {
        Self { th, en: en.filter(|e| !e.trim().is_empty()) }
    }
}

fn start<'a>(name: &'a str, attributes: &[(&'a str, &'a str)]) -> BytesStart<'a> {
    // Attribute values are escaped by quick-xml (`&`, `<`, `"` …).
    BytesStart::new(name).with_attributes(attributes.iter().copied())
}

impl Xml {
    /// A document starting with its XML declaration (UTF-8: Thai is written as is).
    pub fn new() -> io::Result<Self> {
        let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
        writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        Ok(Self { writer })
    }

    pub fn open(&mut self, name: &str, attributes: &[(&str, &str)]) -> io::Result<()> {
        self.writer.write_event(Event::Start(start(name, attributes)))
    }

    pub fn close(&mut self, name: &str) -> io::Result<()> {
        self.writer.write_event(Event::End(BytesEnd::new(name)))
    }

    /// `<name …/>`.
    pub fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) -> io::Result<()> {
        self.writer.write_event(Event::Empty(start(name, attributes)))
    }

    /// `<name …>text</name>`, the text escaped.
    pub fn text(&mut self, name: &str, attributes: &[(&str, &str)], text: &str) -> io::Result<()> {
        self.open(name, attributes)?;
        self.writer.write_event(Event::Text(BytesText::new(text)))?;
        self.close(name)
    }

    /// The narratives of a text: Thai first, then English when there is English.
    pub fn narratives(&mut self, text: Bilingual<'_>) -> io::Result<()> {
        self.text("narrative", &[("xml:lang", "th")], text.th)?;
        if let Some(en) = text.en {
            self.text("narrative", &[("xml:lang", "en")], en)?;
        }
        Ok(())
    }

    /// `<name …><narrative …/>…</name>`.
    pub fn described(&mut self, name: &str, attributes: &[(&str, &str)], text: Bilingual<'_>) -> io::Result<()> {
        self.open(name, attributes)?;
        self.narratives(text)?;
        self.close(name)
    }

    pub fn finish(mut self) -> io::Result<Vec<u8>> {
        use io::Write;
        self.writer.get_mut().write_all(b"\n")?;
        Ok(self.writer.into_inner())
    }
}
