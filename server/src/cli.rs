//! The `quorum` command line: `serve`, `import`, `export`, `check`, `user`, `token`.
//!
//! Exit codes: 0 when everything worked, 1 when the command ran but something failed (a file that
//! did not import, a database that cannot be opened), 2 for usage errors. Failures print one line
//! on stderr naming the file or setting at fault.

use crate::export;
use crate::import::{self, Summary};
use crate::store::Store;
use crate::web::{self, AppState, SiteConfig};
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/quorum.db";

#[derive(Debug, Parser)]
#[command(name = "quorum", version, about = "Working-group minutes and ballots, read from Hugo posts.")]
pub struct Cli {
    /// Database to use: sqlite://PATH (created if missing) or postgres://USER@HOST/DB.
    #[arg(long, global = true, env = "QUORUM_DATABASE_URL", default_value = DEFAULT_DATABASE_URL, hide_env_values = true)]
    pub database_url: String,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web app, importing the content directory first.
    Serve(ServeArgs),
    /// Import one or more Hugo content directories (or single files) into the database.
    Import {
        /// Directories to import, e.g. ./content or ../site/content.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// No progress bar (it is also hidden when stderr is not a terminal).
        #[arg(long)]
        quiet: bool,
        /// The user the audit log names for this import (default: "import").
        #[arg(long = "as", value_name = "EMAIL")]
        as_user: Option<String>,
        /// Read every file again, even those whose size and modification time are unchanged
        /// (a file edited without changing either is otherwise taken as unchanged).
        #[arg(long)]
        force: bool,
    },
    /// Manage users: add, passwd, list, disable, enable.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API tokens: create (shown once, stored hashed), revoke, list.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Write everything in the database: as JSON (docs/export.md), or back as Hugo posts.
    #[command(group(clap::ArgGroup::new("format").required(true).args(["json", "hugo"])))]
    Export {
        /// Write JSON to standard output (or --output).
        #[arg(long)]
        json: bool,
        /// Write every post as Hugo markdown with front matter under this directory.
        #[arg(long, value_name = "DIR")]
        hugo: Option<PathBuf>,
        /// With --json: write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Compute ballot status as of this instant (RFC 3339) instead of now, for reproducible exports.
        #[arg(long, value_name = "INSTANT")]
        as_of: Option<String>,
    },
    /// Check posts for problems without writing anything.
    Check {
        /// Files or directories to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Instead of a line per file, report on the whole tree: results, votes, counts and
        /// "MET" lines of ballot posts, where each ballot's status comes from, what the minutes
        /// yield, and every warning by kind with its files.
        #[arg(long)]
        report: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user; the password is read from a prompt (or one line of standard input), never
    /// from the command line.
    Add {
        email: String,
        #[arg(long)]
        name: String,
        /// The member organisation the user belongs to.
        #[arg(long)]
        org: Option<String>,
        /// admin (everything), chair (changes in their groups) or member.
        #[arg(long, value_parser = ["admin", "chair", "member"])]
        role: String,
        /// The groups a chair chairs, comma-separated: scwg,cscwg,smcwg,netsec,forum.
        #[arg(long, value_delimiter = ',')]
        wg: Vec<String>,
    },
    /// Set a user's password (read from a prompt or standard input).
    Passwd { email: String },
    /// List users.
    List,
    /// Disable a user: their sessions and tokens stop working at once.
    Disable { email: String },
    /// Enable a disabled user again.
    Enable { email: String },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create an API token for a user; it is printed once and stored only as a hash.
    Create {
        email: String,
        /// A name to tell the user's tokens apart ("ci", "laptop").
        #[arg(long, default_value = "api")]
        name: String,
    },
    /// Revoke a user's API token by id or name (all of the user's API tokens with --all).
    Revoke {
        email: String,
        /// The token's id (from `quorum token list`) or name.
        token: Option<String>,
        #[arg(long, conflicts_with = "token")]
        all: bool,
    },
    /// List tokens (of one user, or everyone's).
    List { email: Option<String> },
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "QUORUM_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: String,
    /// Content directory imported at start-up (skipped with a warning if it does not exist).
    #[arg(long, env = "QUORUM_CONTENT_DIR", default_value = "content")]
    pub content_dir: PathBuf,
    /// Do not import the content directory at start-up.
    #[arg(long)]
    pub no_import: bool,
    /// Where the built browser bundle lives (pkg/quorum.js, pkg/quorum.wasm).
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,
    /// Public base URL used in feeds and calendars (defaults to http://ADDR).
    #[arg(long, env = "QUORUM_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Comma-separated keys accepted by /api/getBallots in X-API-KEY; unset leaves it open.
    #[arg(long, env = "QUORUM_API_KEYS", hide_env_values = true)]
    pub api_keys: Option<String>,
    /// Comma-separated groups (scwg, cscwg, smcwg, netsec, forum) whose members record their own
    /// organisation's votes on ballots run in Quorum; elsewhere only chairs record votes.
    #[arg(long, env = "QUORUM_MEMBER_VOTES", value_delimiter = ',')]
    pub member_votes: Vec<String>,
}

/// A failure that ends the command: its one-line message.
#[derive(Debug)]
pub struct Failure(pub String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string())
    }
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing(matches!(cli.command, Command::Serve(_)));
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(Failure(message)) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn init_tracing(serving: bool) {
    use tracing_subscriber::EnvFilter;
    let default = if serving { "info,sqlx=warn" } else { "warn" };
    let filter = EnvFilter::try_from_env("QUORUM_LOG").unwrap_or_else(|_| EnvFilter::new(default));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}

pub async fn run(cli: Cli) -> Result<ExitCode, Failure> {
    match cli.command {
        Command::Check { files, report: false } => Ok(check(&files)),
        Command::Check { files, report: true } => Ok(check_report(&files)),
        Command::Serve(args) => serve(&cli.database_url, args).await,
        Command::User(command) => {
            let store = open_store(&cli.database_url).await?;
            let result = user_command(&store, command).await;
            store.close().await;
            result
        }
        Command::Token(command) => {
            let store = open_store(&cli.database_url).await?;
            let result = token_command(&store, command).await;
            store.close().await;
            result
        }
        Command::Import { dirs, quiet, as_user, force } => {
            let store = open_store(&cli.database_url).await?;
            if force {
                store.forget_file_stamps().await?;
            }
            let actor = match as_user {
                Some(email) => match store.user(&email).await? {
                    Some(a) => format!("user:{}", a.email),
                    None => return Err(Failure(format!("--as: no user has the email {email}"))),
                },
                None => import::IMPORT_ACTOR.to_string(),
            };
            let summary = import_as(&store, &dirs, !quiet, &actor).await?;
            store.close().await;
            Ok(report_import(&summary, true))
        }
        Command::Export { hugo: Some(dir), .. } => {
            let store = open_store(&cli.database_url).await?;
            let n = export::export_hugo(&store, &dir).await?;
            println!("{n} posts written to {}", dir.display());
            store.close().await;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export { json: _, hugo: None, output, as_of } => {
            let now = match as_of {
                Some(text) => chrono::DateTime::parse_from_rfc3339(&text).map_err(|_| {
                    Failure(format!("--as-of: \"{text}\" is not an RFC 3339 instant such as 2026-11-26T12:00:00Z"))
                })?,
                None => chrono::Utc::now().fixed_offset(),
            };
            let store = open_store(&cli.database_url).await?;
            let doc = export::export(&store, now).await?;
            let text = serde_json::to_string_pretty(&doc)? + "\n";
            match output {
                Some(path) => std::fs::write(&path, text)
                    .map_err(|e| Failure(format!("{}: cannot write: {e}", path.display())))?,
                None => print!("{text}"),
            }
            store.close().await;
            Ok(ExitCode::SUCCESS)
        }
    }
}

async fn open_store(url: &str) -> Result<Store, Failure> {
    Store::open(url).await.map_err(|e| Failure(format!("database (--database-url / QUORUM_DATABASE_URL): {e}")))
}

/// Imports each directory in turn; one bad directory does not stop the others.
pub async fn import(store: &Store, dirs: &[PathBuf], show_progress: bool) -> Result<Summary, Failure> {
    import_as(store, dirs, show_progress, import::IMPORT_ACTOR).await
}

/// [`import`], naming `actor` in the audit log.
pub async fn import_as(store: &Store, dirs: &[PathBuf], show_progress: bool, actor: &str) -> Result<Summary, Failure> {
    let mut total = Summary::default();
    let now = chrono::Utc::now();
    for dir in dirs {
        let bar = ProgressBar::new(0);
        if !show_progress {
            bar.set_draw_target(ProgressDrawTarget::hidden());
        }
        bar.set_style(
            ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} files")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_prefix(format!("importing {}", dir.display()));
        let mut progress = |done: usize, len: usize| {
            bar.set_length(len as u64);
            bar.set_position(done as u64);
        };
        let summary = import::import_dir_as(store, dir, now, actor, &mut progress).await?;
        bar.finish_and_clear();
        total.merge(summary);
    }
    Ok(total)
}

fn report_import(summary: &Summary, to_stdout: bool) -> ExitCode {
    for (path, warning) in &summary.warnings {
        eprintln!("warning: {path}: {warning}");
    }
    for e in &summary.errors {
        eprintln!("error: {e}");
    }
    let line = format!("{} files: {}", summary.files, summary.line());
    if to_stdout {
        println!("{line}");
    } else {
        tracing::info!("{line}");
    }
    if summary.failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// `quorum check --report`: the corpus self-check (see `ingest::report`).
fn check_report(files: &[PathBuf]) -> ExitCode {
    let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let mut posts = Vec::new();
    let mut failed = Vec::new();
    for (shown, result) in import::check_paths(&paths) {
        match result {
            Ok(post) => posts.push((shown, post)),
            Err(e) => failed.push(e),
        }
    }
    let report = crate::ingest::report::corpus_report(&posts, &failed, chrono::Utc::now().fixed_offset());
    print!("{report}");
    if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn check(files: &[PathBuf]) -> ExitCode {
    let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let results = import::check_paths(&paths);
    let mut failed = 0;
    for (shown, result) in &results {
        match result {
            Ok(post) => {
                println!("ok: {shown} ({}: \"{}\")", post.kind.as_str(), post.title);
                for w in &post.warnings {
                    println!("warning: {shown}: {w}");
                }
            }
            Err(e) => {
                failed += 1;
                eprintln!("error: {e}");
            }
        }
    }
    println!("{} checked, {} with errors", results.len(), failed);
    if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

async fn serve(database_url: &str, args: ServeArgs) -> Result<ExitCode, Failure> {
    let addr: SocketAddr = args.addr.parse().map_err(|_| {
        Failure(format!("--addr / QUORUM_ADDR: \"{}\" is not an address such as 127.0.0.1:3000", args.addr))
    })?;
    let store = open_store(database_url).await?;
    // The start-up import runs beside the server: readers see what the database held until each
    // file's own transaction lands (never half a file), and /healthz says when it is done.
    if args.no_import {
        tracing::info!("start-up import skipped (--no-import)");
    } else if args.content_dir.is_dir() {
        web::health::set_startup_import(web::health::StartupImport::Running);
        let (store, dir) = (store.clone(), args.content_dir.clone());
        tokio::spawn(async move {
            match import(&store, std::slice::from_ref(&dir), false).await {
                Ok(summary) => {
                    report_import(&summary, false);
                    web::health::set_startup_import(web::health::StartupImport::Done);
                }
                Err(e) => {
                    tracing::error!("start-up import of {} stopped: {}", dir.display(), e.0);
                    web::health::set_startup_import(web::health::StartupImport::Failed);
                }
            }
        });
    } else {
        tracing::warn!(
            "content directory {} does not exist (--content-dir / QUORUM_CONTENT_DIR); serving what the database holds",
            args.content_dir.display()
        );
    }
    let public_url = args.public_url.clone().unwrap_or_else(|| format!("http://{addr}"));
    let mut site = SiteConfig::new(&args.site_root, addr, public_url);
    site.api_keys = args
        .api_keys
        .as_deref()
        .map(|keys| keys.split(',').map(|k| k.trim().to_string()).filter(|k| !k.is_empty()).collect::<Vec<_>>())
        .filter(|keys| !keys.is_empty());
    for name in args.member_votes.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        let wg = name
            .parse::<app::domain::WorkingGroup>()
            .ok()
            .filter(|wg| app::domain::WorkingGroup::KNOWN.contains(wg))
            .ok_or_else(|| {
                Failure(format!(
                    "--member-votes / QUORUM_MEMBER_VOTES: \"{name}\" is not a working group (scwg, cscwg, smcwg, netsec, forum)"
                ))
            })?;
        site.member_votes.push(wg);
    }
    if !site.hydrate {
        tracing::warn!(
            "browser bundle not found in {}/pkg: pages are served without hydration (build it with scripts/build)",
            args.site_root
        );
    }
    let sessions = store.sessions().await?;
    tokio::spawn(sessions.clone().delete_expired_every(std::time::Duration::from_secs(600)));
    if store.user_count().await? == 0 {
        tracing::info!(
            "no users yet: create the first administrator with `quorum user add you@example.org --name \"Your Name\" --role admin`"
        );
    }
    let content_dir = args.content_dir.is_dir().then(|| args.content_dir.clone());
    let state =
        AppState { store: store.clone(), site: Arc::new(site), clock: web::system_clock(), sessions, content_dir };
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| Failure(format!("--addr / QUORUM_ADDR: cannot listen on {addr}: {e}")))?;
    tracing::info!("Quorum is serving on http://{addr} ({} database)", store.engine().name());
    // Connection addresses feed the per-address login throttle.
    axum::serve(listener, web::router(state).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

/// The audit log's name for changes made at the command line.
const CLI_ACTOR: &str = "cli";

/// A password from the terminal (asked twice), or one line of standard input when it is not a
/// terminal (for scripts: `echo "$PW" | quorum user add …`). Never from the command line, where
/// other users of the machine could read it.
fn read_password(prompt: &str) -> Result<String, Failure> {
    use std::io::IsTerminal;
    let password = if std::io::stdin().is_terminal() {
        let first =
            rpassword::prompt_password(prompt).map_err(|e| Failure(format!("cannot read the password: {e}")))?;
        let again =
            rpassword::prompt_password("Again: ").map_err(|e| Failure(format!("cannot read the password: {e}")))?;
        if first != again {
            return Err(Failure("the two passwords differ; nothing was changed".into()));
        }
        first
    } else {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).map_err(|e| Failure(format!("cannot read the password: {e}")))?;
        line.trim_end_matches(['\n', '\r']).to_string()
    };
    if password.chars().count() < 10 {
        return Err(Failure("the password must have at least 10 characters; nothing was changed".into()));
    }
    Ok(password)
}

async fn user_command(store: &Store, command: UserCommand) -> Result<ExitCode, Failure> {
    use app::domain::access::Role;
    let now = chrono::Utc::now().fixed_offset();
    match command {
        UserCommand::Add { email, name, org, role, wg } => {
            let role = Role::parse(&role)
                .ok_or_else(|| Failure(format!("--role: \"{role}\" is not admin, chair or member")))?;
            let mut wgs = Vec::new();
            for w in &wg {
                let parsed: app::domain::WorkingGroup = w.parse().map_err(|_| {
                    Failure(format!("--wg: \"{w}\" is not a working group (scwg, cscwg, smcwg, netsec, forum)"))
                })?;
                wgs.push(parsed);
            }
            if role == Role::Chair && wgs.is_empty() {
                return Err(Failure("--wg: a chair needs the groups they chair, e.g. --wg scwg".into()));
            }
            if !email.contains('@') || email.trim().contains(char::is_whitespace) {
                return Err(Failure(format!("\"{email}\" is not an email address")));
            }
            let password = read_password(&format!("Password for {email}: "))?;
            let hash = web::auth::hash_password(&password).map_err(Failure)?;
            let user = crate::store::NewUser { email, name, org, role, wgs, password_hash: hash };
            let created = store.create_user(&user, now, CLI_ACTOR).await?;
            println!("added {} <{}> as {}", created.name, created.email, created.role);
        }
        UserCommand::Passwd { email } => {
            if store.user(&email).await?.is_none() {
                return Err(Failure(format!("no user has the email {email}")));
            }
            let password = read_password(&format!("New password for {email}: "))?;
            let hash = web::auth::hash_password(&password).map_err(Failure)?;
            store.set_password(&email, &hash, now, CLI_ACTOR).await?;
            println!("password of {email} changed");
        }
        UserCommand::List => {
            for u in store.users().await? {
                let wgs = u.wgs.iter().map(|w| w.slug()).collect::<Vec<_>>().join(",");
                println!(
                    "{}\t{}\t{}\t{}{}\t{}",
                    u.email,
                    u.name,
                    u.org.as_deref().unwrap_or("-"),
                    u.role,
                    if wgs.is_empty() { String::new() } else { format!(" ({wgs})") },
                    if u.disabled { "disabled" } else { "active" }
                );
            }
        }
        UserCommand::Disable { email } => {
            store.set_disabled(&email, true, now, CLI_ACTOR).await?;
            println!("{email} disabled: their sessions and tokens no longer work");
        }
        UserCommand::Enable { email } => {
            store.set_disabled(&email, false, now, CLI_ACTOR).await?;
            println!("{email} enabled");
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn token_command(store: &Store, command: TokenCommand) -> Result<ExitCode, Failure> {
    use crate::store::TokenKind;
    let now = chrono::Utc::now().fixed_offset();
    match command {
        TokenCommand::Create { email, name } => {
            let token = web::auth::new_secret();
            let id = store
                .create_token(&email, &name, TokenKind::Api, &web::auth::token_hash(&token), now, CLI_ACTOR)
                .await?;
            eprintln!("API token {id} (\"{name}\") for {email}; it is shown only now, so keep it safe:");
            println!("{token}");
        }
        TokenCommand::Revoke { email, token, all } => {
            if token.is_none() && !all {
                return Err(Failure("name the token to revoke (its id or name), or give --all".into()));
            }
            let n = store.revoke_tokens(&email, token.as_deref(), TokenKind::Api, now, CLI_ACTOR).await?;
            if n == 0 {
                return Err(Failure(format!("{email} has no live API token {}", token.as_deref().unwrap_or(""))));
            }
            println!("{n} token(s) of {email} revoked");
        }
        TokenCommand::List { email } => {
            for t in store.tokens(email.as_deref()).await? {
                println!(
                    "{}\t{}\t{}\t{}\tcreated {}\t{}",
                    t.id,
                    t.email,
                    t.kind,
                    t.name,
                    t.created_at,
                    match (&t.revoked_at, &t.last_used_at) {
                        (Some(r), _) => format!("revoked {r}"),
                        (None, Some(u)) => format!("last used {u}"),
                        (None, None) => "never used".into(),
                    }
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn export_requires_a_format_flag() {
        assert!(Cli::try_parse_from(["quorum", "export"]).is_err());
        assert!(Cli::try_parse_from(["quorum", "export", "--json"]).is_ok());
        assert!(Cli::try_parse_from(["quorum", "export", "--hugo", "out"]).is_ok());
        assert!(Cli::try_parse_from(["quorum", "export", "--json", "--hugo", "out"]).is_err());
    }

    #[test]
    fn import_and_check_need_at_least_one_path() {
        assert!(Cli::try_parse_from(["quorum", "import"]).is_err());
        assert!(Cli::try_parse_from(["quorum", "check"]).is_err());
    }
}
