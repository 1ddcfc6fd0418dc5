//! The rules of `api.md` §2: examples for each, and properties over generated input.

use faas_api::validation::{
    channel_problem, is_uuid, next_revision_name, path_problem, validate_config,
    validate_create_package, validate_create_revision, validate_update_package, Limits,
};
use faas_api::{
    CreatePackage, CreateRevision, ErrorCode, FunctionConfig, FunctionInput, FunctionType,
    TriggerConfig, UpdatePackage,
};
use proptest::prelude::*;

fn before_publish(name: &str, channel: &str) -> FunctionInput {
    FunctionInput {
        name: name.into(),
        function_type: FunctionType::BeforePublish,
        code: "export default (request) => request.ok();".into(),
        config: FunctionConfig {
            input_channel: Some(channel.into()),
            ..FunctionConfig::default()
        },
        ..FunctionInput::default()
    }
}

fn fields(problems: &[faas_api::Problem]) -> Vec<&str> {
    problems.iter().map(|p| p.field.as_str()).collect()
}

#[test]
fn channel_names_follow_the_documented_format() {
    for ok in [
        "chat",
        "chat.*",
        "a.b.*",
        "a.b.c",
        "room-1_x.y",
        &"x".repeat(92),
    ] {
        assert_eq!(channel_problem(ok), None, "{ok} should be accepted");
    }
    for bad in [
        "",
        "*",
        "a.*.b",
        "a.b.c.*",
        "chat*",
        ".*",
        "a..*",
        "has space",
        "a,b",
        "a/b",
        "a\\b",
        "a\"b",
        "a.*.*",
        &"x".repeat(93),
    ] {
        assert!(channel_problem(bad).is_some(), "{bad:?} should be refused");
    }
}

#[test]
fn request_paths_and_intervals() {
    assert_eq!(path_problem("orders/v1/create_new-1"), None);
    assert!(path_problem("").is_some());
    assert!(path_problem("a b").is_some());
    assert!(path_problem("a?b").is_some());
    assert!(path_problem(&"p".repeat(129)).is_some());

    let interval = |s| FunctionConfig {
        interval_seconds: Some(s),
        ..FunctionConfig::default()
    };
    assert!(validate_config("c", FunctionType::OnInterval, &interval(1)).is_ok());
    assert!(validate_config("c", FunctionType::OnInterval, &interval(3600)).is_ok());
    assert!(validate_config("c", FunctionType::OnInterval, &interval(0)).is_err());
    assert!(validate_config("c", FunctionType::OnInterval, &interval(3601)).is_err());
}

#[test]
fn each_type_requires_its_own_config_fields_and_no_others() {
    let empty = FunctionConfig::default();
    let required = [
        (FunctionType::BeforePublish, "c.inputChannel"),
        (FunctionType::AfterPresence, "c.inputChannel"),
        (FunctionType::OnRequest, "c.path"),
        (FunctionType::OnInterval, "c.intervalSeconds"),
    ];
    for (ty, field) in required {
        let problems = validate_config("c", ty, &empty).unwrap_err();
        assert_eq!(fields(&problems), [field], "{ty:?}");
    }
    let stray = FunctionConfig {
        input_channel: Some("chat".into()),
        output_channel: Some("out".into()),
        ..FunctionConfig::default()
    };
    let problems = validate_config("c", FunctionType::AfterPublish, &stray).unwrap_err();
    assert_eq!(fields(&problems), ["c.outputChannel"]);

    let mismatched = FunctionConfig {
        function_type: Some(FunctionType::OnRequest),
        input_channel: Some("chat".into()),
        ..FunctionConfig::default()
    };
    let problems = validate_config("c", FunctionType::BeforeSignal, &mismatched).unwrap_err();
    assert_eq!(fields(&problems), ["c.type"]);
}

#[test]
fn a_valid_config_keeps_what_its_type_takes() {
    let config = FunctionConfig {
        input_channel: Some("chat.*".into()),
        output_channel: Some(String::new()),
        ..FunctionConfig::default()
    };
    let valid = validate_config("c", FunctionType::BeforePublish, &config).unwrap();
    assert_eq!(
        valid,
        TriggerConfig::Channel {
            input_channel: "chat.*".into(),
            output_channel: None
        }
    );
    let wire = valid.to_wire(FunctionType::BeforePublish);
    assert_eq!(wire.function_type, Some(FunctionType::BeforePublish));
    assert_eq!(wire.output_channel, None);
}

#[test]
fn a_package_reports_every_problem_at_once() {
    let body = CreatePackage {
        name: "   ".into(),
        description: Some("d".repeat(1001)),
        tags: Some(vec!["ok".into(), "Not OK".into(), "ok".into()]),
        functions: vec![
            before_publish("Filter", "chat.*"),
            before_publish("filter", "a.*.b"),
            FunctionInput {
                code: String::new(),
                ..before_publish("Empty", "c")
            },
        ],
        ..CreatePackage::default()
    };
    let problems = validate_create_package(&body, &Limits::default()).unwrap_err();
    assert_eq!(
        fields(&problems),
        [
            "name",
            "description",
            "tags[1]",
            "tags[2]",
            "functions[1].name",
            "functions[1].config.inputChannel",
            "functions[2].code",
        ]
    );
    assert!(problems.iter().all(|p| p.code == ErrorCode::Validation));
    assert!(problems[0].describe().starts_with("name: "));
}

#[test]
fn function_names_differ_whatever_their_ascii_case_as_package_names_do() {
    let revision = |names: &[&str]| CreateRevision {
        package_id: "p".into(),
        functions: names.iter().map(|n| before_publish(n, "chat")).collect(),
        ..CreateRevision::default()
    };
    let limits = Limits::default();
    let problems =
        validate_create_revision(&revision(&["Filter", " FILTER "]), &limits).unwrap_err();
    assert_eq!(fields(&problems), ["functions[1].name"]);
    assert!(problems[0].message.contains("already named 'FILTER'"));
    // Letters beyond ASCII are compared as they are, as SQLite's NOCASE compares the names
    // of packages and revisions.
    assert!(validate_create_revision(&revision(&["Ärger", "ärger"]), &limits).is_ok());
}

#[test]
fn a_valid_package_is_normalised() {
    let body = CreatePackage {
        name: "  Chat moderation ".into(),
        tags: Some(vec!["chat".into()]),
        functions: vec![before_publish(" Filter ", "chat.*")],
        ..CreatePackage::default()
    };
    let valid = validate_create_package(&body, &Limits::default()).unwrap();
    assert_eq!(valid.name, "Chat moderation");
    assert_eq!(valid.functions[0].name, "Filter");
    assert_eq!(valid.functions[0].sort_order, 0);
    assert!(!valid.api_managed);
}

#[test]
fn function_count_limits() {
    let limits = Limits::default();
    let none = CreateRevision {
        package_id: "p".into(),
        functions: vec![],
        ..CreateRevision::default()
    };
    let problems = validate_create_revision(&none, &limits).unwrap_err();
    assert_eq!(problems[0].code, ErrorCode::Validation);

    let many = CreateRevision {
        functions: (0..21)
            .map(|i| before_publish(&format!("f{i}"), "chat"))
            .collect(),
        ..none
    };
    let problems = validate_create_revision(&many, &limits).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].code, ErrorCode::TooManyFunctions);
    assert_eq!(problems[0].field, "functions");
}

#[test]
fn code_size_is_limited_in_bytes() {
    let limits = Limits::default();
    let mut function = before_publish("f", "chat");
    function.code = "é".repeat(limits.code_max_bytes / 2 + 1);
    let body = CreateRevision {
        package_id: "p".into(),
        functions: vec![function],
        ..CreateRevision::default()
    };
    let problems = validate_create_revision(&body, &limits).unwrap_err();
    assert_eq!(fields(&problems), ["functions[0].code"]);
}

#[test]
fn updates_check_only_what_is_sent() {
    let limits = Limits::default();
    assert!(validate_update_package(&UpdatePackage::default(), &limits).is_ok());
    let bad = UpdatePackage {
        name: Some(String::new()),
        tags: Some(vec!["UPPER".into()]),
        ..UpdatePackage::default()
    };
    let problems = validate_update_package(&bad, &limits).unwrap_err();
    assert_eq!(fields(&problems), ["name", "tags[0]"]);
}

#[test]
fn ids_and_revision_names() {
    assert!(is_uuid("550e8400-e29b-41d4-a716-446655440000"));
    assert!(!is_uuid("550e8400e29b41d4a716446655440000"));
    assert!(!is_uuid("zz0e8400-e29b-41d4-a716-446655440000"));
    assert_eq!(next_revision_name(&[]), "v1");
    assert_eq!(next_revision_name(&["v1", "v2"]), "v3");
    assert_eq!(next_revision_name(&["v7", "beta"]), "v8");
    assert_eq!(next_revision_name(&["init", "beta"]), "v3");
}

proptest! {
    #[test]
    fn channels_of_allowed_characters_are_accepted(name in "[A-Za-z0-9_.:;=@!#$%^&()\\[\\]{}<>|~+-]{1,92}") {
        prop_assert_eq!(channel_problem(&name), None);
    }

    #[test]
    fn channels_with_a_forbidden_character_are_refused(
        head in "[a-z]{0,40}",
        bad in prop::sample::select(vec![' ', '\t', ',', '/', '\\', '"', '\n']),
        tail in "[a-z]{0,40}",
    ) {
        let name = format!("{head}{bad}{tail}");
        prop_assert!(channel_problem(&name).is_some());
    }

    #[test]
    fn wildcards_follow_one_or_two_segments(segments in prop::collection::vec("[a-z0-9]{1,10}", 1..5)) {
        let name = format!("{}.*", segments.join("."));
        prop_assert_eq!(channel_problem(&name).is_none(), segments.len() <= 2);
    }

    #[test]
    fn a_wildcard_anywhere_but_last_is_refused(a in "[a-z]{1,8}", b in "[a-z]{1,8}") {
        let mid = format!("{a}.*.{b}");
        let glued = format!("{a}*");
        prop_assert!(channel_problem(&mid).is_some());
        prop_assert!(channel_problem(&glued).is_some());
    }

    #[test]
    fn validation_never_panics_and_names_real_fields(
        name in ".{0,120}",
        tags in prop::collection::vec(".{0,60}", 0..25),
        channel in ".{0,100}",
        ty in prop::sample::select(FunctionType::ALL.to_vec()),
        interval in prop::option::of(0u32..5000),
        path in prop::option::of(".{0,140}"),
    ) {
        let function = FunctionInput {
            name: name.clone(),
            function_type: ty,
            code: "x".into(),
            config: FunctionConfig {
                input_channel: Some(channel),
                interval_seconds: interval,
                path,
                ..FunctionConfig::default()
            },
            ..FunctionInput::default()
        };
        let body = CreatePackage { name, tags: Some(tags), functions: vec![function], ..CreatePackage::default() };
        if let Err(problems) = validate_create_package(&body, &Limits::default()) {
            prop_assert!(!problems.is_empty());
            for p in problems {
                prop_assert!(
                    ["name", "description", "tags", "functions"].iter().any(|f| p.field.starts_with(f)),
                    "unexpected field {}", p.field
                );
            }
        }
    }
}

#[test]
fn an_id_list_is_uuids_once_each_and_at_most_a_hundred() {
    use faas_api::validation::{parse_id_list, MAX_IDS_PER_READ};
    let a = "0b9f5a52-6a8e-4c61-9d6e-0f1a2b3c4d5e";
    let b = "1C2D3E4F-5A6B-4C7D-8E9F-0A1B2C3D4E5F";
    assert_eq!(
        parse_id_list(&format!("{a},{b},,{a}")),
        Ok(vec![a.to_owned(), b.to_ascii_lowercase()])
    );
    assert!(parse_id_list("").unwrap_err().contains("one or more"));
    assert!(parse_id_list(&format!("{a},nope"))
        .unwrap_err()
        .contains("'nope' is not a revision id"));
    let many: Vec<String> = (0..=MAX_IDS_PER_READ)
        .map(|n| format!("00000000-0000-4000-8000-{n:012}"))
        .collect();
    assert_eq!(
        parse_id_list(&many[..MAX_IDS_PER_READ].join(",")).map(|v| v.len()),
        Ok(MAX_IDS_PER_READ)
    );
    assert!(parse_id_list(&many.join(","))
        .unwrap_err()
        .contains("at most 100"));
}
