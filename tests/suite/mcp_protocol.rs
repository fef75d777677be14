//! Protocol details of `specwright mcp` with rmcp's own client: the server's identity,
//! the tool list with input and output schemas, the prompt, error shapes, on both
//! protocol generations (the initialize handshake and server/discover).

use rmcp::model::{CallToolRequestParams, GetPromptRequestParams, ProtocolVersion};
use rmcp::service::{RunningService, ServiceError};
use rmcp::transport::{ConfigureCommandExt, TokioChildProcess};
use rmcp::{ClientLifecycleMode, ClientServiceExt, RoleClient, ServiceExt, object};
use serde_json::json;
use tokio::process::Command;

use crate::common::Project;

fn server(p: &Project) -> TokioChildProcess {
    let root = p.root().to_path_buf();
    TokioChildProcess::new(
        Command::new(env!("CARGO_BIN_EXE_specwright")).configure(|c| {
            c.arg("mcp")
                .arg("--root")
                .arg(&root)
                .current_dir(&root)
                .env_clear()
                .env("PATH", std::env::var("PATH").unwrap_or_default())
                .env("HOME", &root)
                .env("XDG_CONFIG_HOME", root.join(".config-home"))
                .env("NO_COLOR", "1");
        }),
    )
    .unwrap()
}

async fn exercise<S: rmcp::service::Service<RoleClient>>(client: &RunningService<RoleClient, S>) {
    let tools = client.list_all_tools().await.unwrap();
    let mut names: Vec<String> = tools.iter().map(|t| t.name.to_string()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "spec_lint",
            "spec_reply",
            "spec_resume",
            "spec_sessions",
            "spec_start",
            "spec_status",
            "spec_turn"
        ]
    );
    for tool in &tools {
        let output = tool
            .output_schema
            .as_ref()
            .unwrap_or_else(|| panic!("{} has no output schema", tool.name));
        assert_eq!(output["type"], "object", "{}", tool.name);
        assert_eq!(tool.input_schema["type"], "object", "{}", tool.name);
        assert!(
            tool.description.as_deref().is_some_and(|d| d.len() > 40),
            "{}",
            tool.name
        );
        let read_only = tool
            .annotations
            .as_ref()
            .and_then(|a| a.read_only_hint)
            .unwrap_or(false);
        assert_eq!(
            read_only,
            ["spec_lint", "spec_sessions", "spec_status"].contains(&tool.name.as_ref()),
            "{}",
            tool.name
        );
    }
    let by_name = |n: &str| tools.iter().find(|t| t.name == n).unwrap();
    let reply = by_name("spec_reply");
    assert_eq!(
        reply.input_schema["required"],
        json!(["session_id", "text"])
    );
    let start = by_name("spec_start");
    assert_eq!(start.input_schema["required"], json!(["topic"]));
    for property in [
        "topic",
        "interviewer",
        "max_questions",
        "accept_recommendations",
    ] {
        assert!(
            start.input_schema["properties"][property].is_object(),
            "{property}"
        );
    }
    let step = start.output_schema.as_ref().unwrap();
    for field in [
        "session_id",
        "status",
        "turn_request",
        "questions",
        "decision",
    ] {
        assert!(step["properties"][field].is_object(), "{field}");
    }

    let prompts = client.list_all_prompts().await.unwrap();
    assert_eq!(prompts.len(), 1);
    assert_eq!(prompts[0].name, "spec");
    let arguments = prompts[0].arguments.as_ref().unwrap();
    assert_eq!(arguments[0].name, "topic");
    let prompt = client
        .get_prompt(
            GetPromptRequestParams::new("spec").with_arguments(object!({"topic": "billing"})),
        )
        .await
        .unwrap();
    assert_eq!(prompt.messages.len(), 1);
    let text = serde_json::to_value(&prompt.messages[0]).unwrap()["content"]["text"]
        .as_str()
        .unwrap()
        .to_string();
    // No LLM is configured here, so the host's model interviews.
    assert!(text.contains("interviewer: \"host\""), "{text}");
    assert!(text.contains("looks cut short"), "{text}");

    // A bad call is an error result (isError) of one sentence, not a protocol error.
    let bad = client
        .call_tool(
            CallToolRequestParams::new("spec_reply")
                .with_arguments(object!({"session_id": "x", "text": 3})),
        )
        .await
        .unwrap();
    assert_eq!(bad.is_error, Some(true));
    assert!(bad.structured_content.is_none());
    let sentence = bad.content[0].as_text().unwrap().text.clone();
    assert_eq!(
        sentence,
        "spec_reply: `text` must be a string (the person's reply; empty text takes the recommendation), not a number."
    );
    // An unknown tool is one.
    match client
        .call_tool(CallToolRequestParams::new("spec_unknown"))
        .await
    {
        Err(ServiceError::McpError(e)) => assert_eq!(e.code.0, -32602),
        other => panic!("expected a protocol error, got {other:?}"),
    }

    // A result carries markdown and structured content that agree.
    let started = client
        .call_tool(
            CallToolRequestParams::new("spec_start")
                .with_arguments(object!({"topic": "Feature flags"})),
        )
        .await
        .unwrap();
    assert_eq!(started.is_error, Some(false));
    let structured = started.structured_content.unwrap();
    assert_eq!(structured["status"], "waiting_for_reply");
    let first = structured["questions"]["questions"][0]["text"]
        .as_str()
        .unwrap();
    assert!(started.content[0].as_text().unwrap().text.contains(first));
}

#[tokio::test]
async fn the_tools_prompt_and_errors_on_the_initialize_handshake() {
    let p = Project::new();
    let client = ().serve(server(&p)).await.unwrap();
    let info = client.peer_info().unwrap();
    assert_eq!(info.server_info.as_ref().unwrap().name, "specwright");
    assert_eq!(
        info.server_info.as_ref().unwrap().version,
        env!("CARGO_PKG_VERSION")
    );
    assert!(info.capabilities.tools.is_some());
    assert!(info.capabilities.prompts.is_some());
    assert!(info.instructions.as_deref().unwrap().contains("spec_start"));
    exercise(&client).await;
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn the_tools_prompt_and_errors_on_the_2026_protocol() {
    let p = Project::new();
    let client = ()
        .serve_with_lifecycle(
            server(&p),
            ClientLifecycleMode::Discover {
                preferred_versions: vec![ProtocolVersion::V_2026_07_28],
            },
        )
        .await
        .unwrap();
    exercise(&client).await;
    client.cancel().await.unwrap();
}

/// The Claude Code files start the server as documented and allow every tool it lists.
#[tokio::test]
async fn the_claude_code_integration_starts_the_server_and_allows_every_tool() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/integrations/claude-code");
    let config: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{dir}/.mcp.json")).unwrap())
            .unwrap();
    let entry = &config["mcpServers"]["specwright"];
    assert_eq!(entry["type"], "stdio");
    assert_eq!(entry["command"], "specwright");
    assert_eq!(entry["args"], json!(["mcp"]));
    let command = std::fs::read_to_string(format!("{dir}/commands/spec.md")).unwrap();
    assert!(command.starts_with("---\n"), "frontmatter first");
    assert!(command.contains("$ARGUMENTS"));
    let allowed: Vec<&str> = command
        .lines()
        .find_map(|l| l.strip_prefix("allowed-tools:"))
        .unwrap()
        .split(',')
        .map(str::trim)
        .collect();
    let p = Project::new();
    let client = ().serve(server(&p)).await.unwrap();
    let tools = client.list_all_tools().await.unwrap();
    for tool in &tools {
        let name = format!("mcp__specwright__{}", tool.name);
        assert!(
            allowed.contains(&name.as_str()),
            "{name} is not allowed in spec.md"
        );
    }
    assert_eq!(allowed.len(), tools.len(), "{allowed:?}");
    client.cancel().await.unwrap();
}

#[test]
fn mcp_with_a_root_that_is_not_a_folder_says_so_in_one_line() {
    let p = Project::new();
    let missing = p.path("missing");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_specwright"))
        .args(["mcp", "--root"])
        .arg(&missing)
        .env_clear()
        .env("HOME", p.root())
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.trim_end(),
        format!(
            "error: the project root {} is not a folder",
            missing.display()
        )
    );
    assert!(out.stdout.is_empty(), "stdout is the protocol");
}
