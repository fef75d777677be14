//! Every item of a draft, one way: for citing ids, for telling which items rest on
//! nothing, and for keeping, editing or dropping them.

use crate::turn::SpecDraft;

/// Where an item sits in a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ItemPath {
    Problem,
    Goal(usize),
    NonGoal(usize),
    /// A use case's name, actor, preconditions and postconditions.
    UseCase(usize),
    Step(usize, usize),
    ErrorScenario(usize, usize),
    Field(usize, usize),
    Contract(usize),
    ErrorRow(usize),
    Latency,
    Throughput,
    Availability,
    Retention,
    OtherNfr(usize),
    Dependency(usize),
    TestUnit,
    TestIntegration,
    EdgeCase(usize),
    OpenQuestion(usize),
}

/// One item, as the person reads it in a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftItem {
    pub path: ItemPath,
    /// Where it is: "Goal", "UC-2 step 1", "Link.code", "Error RATE_LIMITED".
    pub label: String,
    pub text: String,
    pub rests_on: Vec<String>,
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// Every item of a draft that says something, in the spec's order.
pub fn items(d: &SpecDraft) -> Vec<DraftItem> {
    let mut out = Vec::new();
    let mut push = |path: ItemPath, label: String, text: String, rests_on: &[String]| {
        if !blank(&text) {
            out.push(DraftItem {
                path,
                label,
                text,
                rests_on: rests_on.to_vec(),
            });
        }
    };
    let o = &d.overview;
    push(
        ItemPath::Problem,
        "Problem statement".into(),
        o.problem_statement.text.clone(),
        &o.problem_statement.rests_on,
    );
    for (i, g) in o.goals.iter().enumerate() {
        push(
            ItemPath::Goal(i),
            "Goal".into(),
            g.text.clone(),
            &g.rests_on,
        );
    }
    for (i, g) in o.non_goals.iter().enumerate() {
        push(
            ItemPath::NonGoal(i),
            "Non-goal".into(),
            g.text.clone(),
            &g.rests_on,
        );
    }
    for (u, uc) in d.use_cases.iter().enumerate() {
        let n = u + 1;
        let mut text = uc.name.trim().to_string();
        if !blank(&uc.actor) {
            text.push_str(&format!(" (actor: {})", uc.actor.trim()));
        }
        push(ItemPath::UseCase(u), format!("UC-{n}"), text, &uc.rests_on);
        for (s, step) in uc.flow.iter().enumerate() {
            push(
                ItemPath::Step(u, s),
                format!("UC-{n} step {}", s + 1),
                step.text.clone(),
                &step.rests_on,
            );
        }
        for (e, err) in uc.error_scenarios.iter().enumerate() {
            push(
                ItemPath::ErrorScenario(u, e),
                format!("UC-{n} error scenario"),
                err.text.clone(),
                &err.rests_on,
            );
        }
    }
    for (m, model) in d.data_models.iter().enumerate() {
        for (f, field) in model.fields.iter().enumerate() {
            let mut text: Vec<&str> = Vec::new();
            for part in [&field.ty, &field.constraints, &field.description] {
                if !blank(part) {
                    text.push(part.trim());
                }
            }
            let text = if text.is_empty() {
                field.name.trim().to_string()
            } else {
                text.join(", ")
            };
            push(
                ItemPath::Field(m, f),
                format!("{}.{}", model.entity.trim(), field.name.trim()),
                text,
                &field.rests_on,
            );
        }
    }
    for (i, c) in d.api_contracts.iter().enumerate() {
        let mut text = c.interface.trim().to_string();
        if !blank(&c.input) || !blank(&c.output) {
            text.push_str(&format!(": {} -> {}", c.input.trim(), c.output.trim()));
        }
        let text = if blank(&text) {
            c.operation.clone()
        } else {
            text
        };
        push(
            ItemPath::Contract(i),
            format!("Operation {}", c.operation.trim()),
            text,
            &c.rests_on,
        );
    }
    for (i, e) in d.error_handling.iter().enumerate() {
        let mut text = e.condition.trim().to_string();
        if !blank(&e.http_status) {
            text.push_str(&format!(" ({})", e.http_status.trim()));
        }
        let text = if blank(&e.condition) {
            e.code.clone()
        } else {
            text
        };
        push(
            ItemPath::ErrorRow(i),
            format!("Error {}", e.code.trim()),
            text,
            &e.rests_on,
        );
    }
    let nfr = &d.non_functional;
    for (path, label, item) in [
        (ItemPath::Latency, "Latency", &nfr.latency),
        (ItemPath::Throughput, "Throughput", &nfr.throughput),
        (ItemPath::Availability, "Availability", &nfr.availability),
        (ItemPath::Retention, "Data retention", &nfr.data_retention),
    ] {
        push(path, label.into(), item.text.clone(), &item.rests_on);
    }
    for (i, o) in nfr.other.iter().enumerate() {
        push(
            ItemPath::OtherNfr(i),
            o.name.trim().to_string(),
            o.value.clone(),
            &o.rests_on,
        );
    }
    for (i, dep) in d.dependencies.iter().enumerate() {
        if blank(&dep.name) {
            continue;
        }
        let text = if blank(&dep.purpose) {
            dep.name.clone()
        } else {
            dep.purpose.clone()
        };
        push(
            ItemPath::Dependency(i),
            format!("Dependency {}", dep.name.trim()),
            text,
            &dep.rests_on,
        );
    }
    let t = &d.testing;
    push(
        ItemPath::TestUnit,
        "Unit tests".into(),
        t.unit.text.clone(),
        &t.unit.rests_on,
    );
    push(
        ItemPath::TestIntegration,
        "Integration tests".into(),
        t.integration.text.clone(),
        &t.integration.rests_on,
    );
    for (i, e) in t.edge_cases.iter().enumerate() {
        push(
            ItemPath::EdgeCase(i),
            "Edge case".into(),
            e.text.clone(),
            &e.rests_on,
        );
    }
    for (i, q) in d.open_questions.iter().enumerate() {
        push(
            ItemPath::OpenQuestion(i),
            "Open question".into(),
            q.text.clone(),
            &q.rests_on,
        );
    }
    out
}

/// The ids an item rests on, to change them.
pub fn rests_on_mut(d: &mut SpecDraft, path: ItemPath) -> Option<&mut Vec<String>> {
    Some(match path {
        ItemPath::Problem => &mut d.overview.problem_statement.rests_on,
        ItemPath::Goal(i) => &mut d.overview.goals.get_mut(i)?.rests_on,
        ItemPath::NonGoal(i) => &mut d.overview.non_goals.get_mut(i)?.rests_on,
        ItemPath::UseCase(u) => &mut d.use_cases.get_mut(u)?.rests_on,
        ItemPath::Step(u, s) => &mut d.use_cases.get_mut(u)?.flow.get_mut(s)?.rests_on,
        ItemPath::ErrorScenario(u, e) => {
            &mut d.use_cases.get_mut(u)?.error_scenarios.get_mut(e)?.rests_on
        }
        ItemPath::Field(m, f) => &mut d.data_models.get_mut(m)?.fields.get_mut(f)?.rests_on,
        ItemPath::Contract(i) => &mut d.api_contracts.get_mut(i)?.rests_on,
        ItemPath::ErrorRow(i) => &mut d.error_handling.get_mut(i)?.rests_on,
        ItemPath::Latency => &mut d.non_functional.latency.rests_on,
        ItemPath::Throughput => &mut d.non_functional.throughput.rests_on,
        ItemPath::Availability => &mut d.non_functional.availability.rests_on,
        ItemPath::Retention => &mut d.non_functional.data_retention.rests_on,
        ItemPath::OtherNfr(i) => &mut d.non_functional.other.get_mut(i)?.rests_on,
        ItemPath::Dependency(i) => &mut d.dependencies.get_mut(i)?.rests_on,
        ItemPath::TestUnit => &mut d.testing.unit.rests_on,
        ItemPath::TestIntegration => &mut d.testing.integration.rests_on,
        ItemPath::EdgeCase(i) => &mut d.testing.edge_cases.get_mut(i)?.rests_on,
        ItemPath::OpenQuestion(i) => &mut d.open_questions.get_mut(i)?.rests_on,
    })
}

/// What `edit N: words` replaces, for the help text: the item's text, a use case's name,
/// a field's type (and constraints after a comma), an operation's interface, an error's
/// condition, a dependency's purpose.
pub const EDIT_RULES: &str = "An edit replaces the item's text; for a use case its name, for a field its type (and its constraints after a comma), for an operation its interface, for an error its condition, for a dependency its purpose.";

/// Replaces an item's wording with the user's (see [`EDIT_RULES`]).
pub fn set_text(d: &mut SpecDraft, path: ItemPath, text: &str) {
    let text = text.trim().to_string();
    match path {
        ItemPath::Problem => d.overview.problem_statement.text = text,
        ItemPath::Goal(i) => {
            if let Some(g) = d.overview.goals.get_mut(i) {
                g.text = text;
            }
        }
        ItemPath::NonGoal(i) => {
            if let Some(g) = d.overview.non_goals.get_mut(i) {
                g.text = text;
            }
        }
        ItemPath::UseCase(u) => {
            if let Some(uc) = d.use_cases.get_mut(u) {
                uc.name = text;
            }
        }
        ItemPath::Step(u, s) => {
            if let Some(step) = d.use_cases.get_mut(u).and_then(|uc| uc.flow.get_mut(s)) {
                step.text = text;
            }
        }
        ItemPath::ErrorScenario(u, e) => {
            if let Some(err) = d
                .use_cases
                .get_mut(u)
                .and_then(|uc| uc.error_scenarios.get_mut(e))
            {
                err.text = text;
            }
        }
        ItemPath::Field(m, f) => {
            if let Some(field) = d.data_models.get_mut(m).and_then(|x| x.fields.get_mut(f)) {
                match text.split_once(',') {
                    Some((ty, constraints)) => {
                        field.ty = ty.trim().to_string();
                        field.constraints = constraints.trim().to_string();
                    }
                    None => field.ty = text,
                }
            }
        }
        ItemPath::Contract(i) => {
            if let Some(c) = d.api_contracts.get_mut(i) {
                c.interface = text;
            }
        }
        ItemPath::ErrorRow(i) => {
            if let Some(e) = d.error_handling.get_mut(i) {
                e.condition = text;
            }
        }
        ItemPath::Latency => d.non_functional.latency.text = text,
        ItemPath::Throughput => d.non_functional.throughput.text = text,
        ItemPath::Availability => d.non_functional.availability.text = text,
        ItemPath::Retention => d.non_functional.data_retention.text = text,
        ItemPath::OtherNfr(i) => {
            if let Some(o) = d.non_functional.other.get_mut(i) {
                o.value = text;
            }
        }
        ItemPath::Dependency(i) => {
            if let Some(x) = d.dependencies.get_mut(i) {
                x.purpose = text;
            }
        }
        ItemPath::TestUnit => d.testing.unit.text = text,
        ItemPath::TestIntegration => d.testing.integration.text = text,
        ItemPath::EdgeCase(i) => {
            if let Some(e) = d.testing.edge_cases.get_mut(i) {
                e.text = text;
            }
        }
        ItemPath::OpenQuestion(i) => {
            if let Some(q) = d.open_questions.get_mut(i) {
                q.text = text;
            }
        }
    }
}

/// Removes items; a single value (the problem statement, an NFR, a test strategy line)
/// is emptied instead. Paths are removed last-first, so indexes stay valid.
pub fn remove(d: &mut SpecDraft, paths: &[ItemPath]) {
    let mut paths = paths.to_vec();
    paths.sort();
    paths.dedup();
    for path in paths.into_iter().rev() {
        fn take<T>(v: &mut Vec<T>, i: usize) {
            if i < v.len() {
                v.remove(i);
            }
        }
        match path {
            ItemPath::Problem => d.overview.problem_statement = Default::default(),
            ItemPath::Goal(i) => take(&mut d.overview.goals, i),
            ItemPath::NonGoal(i) => take(&mut d.overview.non_goals, i),
            ItemPath::UseCase(u) => take(&mut d.use_cases, u),
            ItemPath::Step(u, s) => {
                if let Some(uc) = d.use_cases.get_mut(u) {
                    take(&mut uc.flow, s);
                }
            }
            ItemPath::ErrorScenario(u, e) => {
                if let Some(uc) = d.use_cases.get_mut(u) {
                    take(&mut uc.error_scenarios, e);
                }
            }
            ItemPath::Field(m, f) => {
                if let Some(model) = d.data_models.get_mut(m) {
                    take(&mut model.fields, f);
                    if model.fields.is_empty() {
                        d.data_models.remove(m);
                    }
                }
            }
            ItemPath::Contract(i) => take(&mut d.api_contracts, i),
            ItemPath::ErrorRow(i) => take(&mut d.error_handling, i),
            ItemPath::Latency => d.non_functional.latency = Default::default(),
            ItemPath::Throughput => d.non_functional.throughput = Default::default(),
            ItemPath::Availability => d.non_functional.availability = Default::default(),
            ItemPath::Retention => d.non_functional.data_retention = Default::default(),
            ItemPath::OtherNfr(i) => take(&mut d.non_functional.other, i),
            ItemPath::Dependency(i) => take(&mut d.dependencies, i),
            ItemPath::TestUnit => d.testing.unit = Default::default(),
            ItemPath::TestIntegration => d.testing.integration = Default::default(),
            ItemPath::EdgeCase(i) => take(&mut d.testing.edge_cases, i),
            ItemPath::OpenQuestion(i) => take(&mut d.open_questions, i),
        }
    }
}

/// Every id cited anywhere in a draft, with where.
pub fn citations(d: &SpecDraft) -> Vec<(ItemPath, String)> {
    let mut out = Vec::new();
    for item in items(d) {
        for id in item.rests_on {
            out.push((item.path, id));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::turn::{DataModel, Field, Item, UseCase};
    use pretty_assertions::assert_eq;

    fn draft() -> SpecDraft {
        let mut d = SpecDraft::default();
        d.overview.problem_statement = Item::new("Links are long", vec!["F1".into()]);
        d.overview.goals = vec![
            Item::new("Short links", vec!["F2".into()]),
            Item::bare("SSO"),
        ];
        d.use_cases = vec![UseCase {
            name: "Create".into(),
            actor: "Marketer".into(),
            flow: vec![Item::new("Paste a URL", vec!["F3".into()])],
            rests_on: vec!["F3".into()],
            ..Default::default()
        }];
        d.data_models = vec![DataModel {
            entity: "Link".into(),
            fields: vec![Field {
                name: "id".into(),
                ty: "UUIDv7".into(),
                constraints: "PK".into(),
                ..Default::default()
            }],
        }];
        d
    }

    #[test]
    fn items_are_listed_with_labels_and_blank_ones_are_not() {
        let labels: Vec<(String, String)> = items(&draft())
            .into_iter()
            .map(|i| (i.label, i.text))
            .collect();
        assert_eq!(
            labels,
            vec![
                ("Problem statement".into(), "Links are long".into()),
                ("Goal".into(), "Short links".into()),
                ("Goal".into(), "SSO".into()),
                ("UC-1".into(), "Create (actor: Marketer)".into()),
                ("UC-1 step 1".into(), "Paste a URL".into()),
                ("Link.id".into(), "UUIDv7, PK".into()),
            ]
        );
    }

    #[test]
    fn items_can_be_edited_and_removed() {
        let mut d = draft();
        set_text(&mut d, ItemPath::Field(0, 0), "ULID, primary key");
        assert_eq!(d.data_models[0].fields[0].ty, "ULID");
        assert_eq!(d.data_models[0].fields[0].constraints, "primary key");
        remove(&mut d, &[ItemPath::Goal(1), ItemPath::Field(0, 0)]);
        assert_eq!(d.overview.goals.len(), 1);
        assert!(
            d.data_models.is_empty(),
            "an entity with no fields left goes"
        );
        *rests_on_mut(&mut d, ItemPath::Goal(0)).unwrap() = vec!["C1".into()];
        assert_eq!(d.overview.goals[0].rests_on, vec!["C1"]);
    }
}
