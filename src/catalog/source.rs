//! Sources: where every number comes from.

use serde::{Deserialize, Serialize};

/// How far a source can be trusted for the figure it supports.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    PartialOrd,
    Ord,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Read in the cited source itself.
    Verified,
    /// Found only in a secondary source (a transcription, third-party code, a summary).
    Secondary,
    /// Recalled from the primary document but not confirmed in it.
    Unconfirmed,
    /// Arithmetic on cited figures; the calculation is stated in the note.
    Derived,
    /// tanso's own assumption, with its reason in the note.
    Assumption,
}

/// A structured citation. Sources are defined once, by id, in any catalog file's
/// `[sources.<id>]` table, and referred to by id everywhere else.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The id other entries use to cite this source, e.g. `dobos-2014` (the table key).
    #[serde(default)]
    pub id: String,
    /// Title of the document, page or dataset.
    pub title: String,
    /// Who published it.
    pub publisher: String,
    /// Year of publication (or of the version used).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    /// Where to find it online.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Where to find it offline (report number, file in the project, table).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// How far it can be trusted.
    pub confidence: Confidence,
    /// What exactly it supports, or the reason for an assumption.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Licence of the data, where it matters for redistribution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence: Option<String>,
}
