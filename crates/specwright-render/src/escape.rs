//! Markdown escaping (being written).
