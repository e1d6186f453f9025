//! Pages for people, served as HTML next to the API: the teaching guide at `/learn` (the
//! Markdown of `docs/teaching/`, rendered on the server) and the units playground at
//! `/learn/units`. No JavaScript and nothing from another host: a form and a page.

mod learn;

pub use learn::{CHAPTERS, Chapter, configure, render_markdown};
