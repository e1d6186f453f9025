//! The project picker's data, read from the catalog: documented projects grouped by city and
//! type with a one-line description, and the models a new project can start from. Nothing
//! here names a project or a model.

use crate::catalog::{Catalog, ModelSpec, Seed};

/// A documented project as the picker lists it.
pub struct Entry<'c> {
    pub seed: &'c Seed,
    /// Its type: the model's short name.
    pub kind: String,
    /// The first sentence of its summary, cut to one line.
    pub line: String,
}

/// The projects of one city.
pub struct CityGroup<'c> {
    /// The city or region, e.g. "Ho Chi Minh City".
    pub city: String,
    /// The country as the seed writes it.
    pub country: String,
    /// Sorted by type, then name.
    pub projects: Vec<Entry<'c>>,
}

/// Longest one-line description, in characters.
const LINE: usize = 160;

/// Every documented project, grouped by city (sorted by country, then city).
pub fn groups(catalog: &Catalog) -> Vec<CityGroup<'_>> {
    let mut groups: Vec<CityGroup<'_>> = Vec::new();
    for seed in &catalog.seeds {
        let (city, country) = city_of(&seed.location.place);
        let kind = catalog
            .model(&seed.model)
            .map(|m| short_name(&m.name))
            .unwrap_or_else(|| seed.model.clone());
        let entry = Entry {
            seed,
            kind,
            line: one_line(&seed.summary, LINE),
        };
        match groups
            .iter_mut()
            .find(|g| g.city == city && g.country == country)
        {
            Some(g) => g.projects.push(entry),
            None => groups.push(CityGroup {
                city,
                country,
                projects: vec![entry],
            }),
        }
    }
    for g in &mut groups {
        g.projects
            .sort_by(|a, b| (&a.kind, &a.seed.name).cmp(&(&b.kind, &b.seed.name)));
    }
    groups.sort_by(|a, b| (&a.country, &a.city).cmp(&(&b.country, &b.city)));
    groups
}

/// The models a new project can start from, in registry order.
pub fn models(catalog: &Catalog) -> Vec<&ModelSpec> {
    crate::models::registry::ids()
        .into_iter()
        .filter_map(|id| catalog.model(id))
        .collect()
}

/// The city (or region) and the country of a place written from the most to the least
/// specific, e.g. "People's Hospital 115, District 10, Ho Chi Minh City, Viet Nam": the
/// country is the last part, the city the part before it. Seeds have no structured city, so
/// it is read from the place; a lone "A hotel in Ho Chi Minh City" part gives the words
/// after "in". Parenthetical remarks are dropped.
pub fn city_of(place: &str) -> (String, String) {
    let plain = strip_parentheses(place);
    let parts: Vec<&str> = plain
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    match parts.as_slice() {
        [] => (String::new(), String::new()),
        [one] => (one.to_string(), String::new()),
        [.., city, country] => {
            let city = city.rsplit_once(" in ").map_or(*city, |(_, c)| c);
            (city.to_string(), country.to_string())
        }
    }
}

fn strip_parentheses(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" ,", ",")
}

/// A name without its parenthetical detail: "Grid-connected solar PV (PVWatts v8 hourly
/// chain) displacing grid electricity" → "Grid-connected solar PV displacing grid
/// electricity".
pub fn short_name(name: &str) -> String {
    strip_parentheses(name)
}

/// The first sentence of `text`, cut at a word to at most `max` characters with an ellipsis.
pub fn one_line(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let end = first_sentence_end(&text);
    cut(&text[..end], max)
}

/// Where the first sentence of `text` ends (its length when it has one sentence).
fn first_sentence_end(text: &str) -> usize {
    // A sentence ends at ". " followed by a capital letter (not "e.g. the", not "2.4 MW").
    let mut end = text.len();
    let bytes = text.as_bytes();
    for (i, _) in text.match_indices(". ") {
        if bytes.get(i + 2).is_some_and(u8::is_ascii_uppercase) {
            end = i + 1;
            break;
        }
    }
    end
}

/// `text` cut at a word to at most `max` characters, with an ellipsis when cut.
pub fn cut(text: &str, max: usize) -> String {
    let sentence = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if sentence.chars().count() <= max {
        return sentence.to_string();
    }
    let mut cut = String::new();
    for word in sentence.split(' ') {
        if cut.chars().count() + word.chars().count() + 1 > max - 1 {
            break;
        }
        if !cut.is_empty() {
            cut.push(' ');
        }
        cut.push_str(word);
    }
    format!("{}…", cut.trim_end_matches([',', ';', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn city_is_the_part_before_the_country() {
        assert_eq!(
            city_of("People's Hospital 115, District 10, Ho Chi Minh City, Viet Nam"),
            ("Ho Chi Minh City".into(), "Viet Nam".into())
        );
        assert_eq!(
            city_of("A hotel in Ho Chi Minh City, Viet Nam (not named)"),
            ("Ho Chi Minh City".into(), "Viet Nam".into())
        );
        assert_eq!(
            city_of("Renca, Santiago Metropolitan Region, Chile"),
            ("Santiago Metropolitan Region".into(), "Chile".into())
        );
        assert_eq!(city_of("Somewhere"), ("Somewhere".into(), String::new()));
        assert_eq!(
            short_name("Plant, Badung (Bali), with a firm"),
            "Plant, Badung, with a firm"
        );
    }

    #[test]
    fn one_line_is_the_first_sentence_cut_at_a_word() {
        assert_eq!(one_line("A plant. It runs.", 100), "A plant.");
        assert_eq!(
            one_line("It makes 2.4 MW, e.g. on roofs. Then more.", 100),
            "It makes 2.4 MW, e.g. on roofs."
        );
        let long = one_line("alpha beta gamma delta epsilon", 17);
        assert_eq!(long, "alpha beta gamma…");
        assert!(long.chars().count() <= 17);
    }

    #[test]
    fn every_seed_is_listed_once_under_a_named_city() {
        let c = Catalog::embedded().unwrap();
        let g = groups(&c);
        let listed: usize = g.iter().map(|g| g.projects.len()).sum();
        assert_eq!(listed, c.seeds.len());
        for group in &g {
            assert!(!group.city.is_empty() && !group.country.is_empty());
            for p in &group.projects {
                assert!(!p.line.is_empty() && p.line.chars().count() <= LINE);
                assert!(!p.kind.is_empty());
            }
        }
        assert_eq!(models(&c).len(), crate::models::registry::MODELS.len());
    }
}
