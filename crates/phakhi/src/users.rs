//! Accounts from the command line: adding people with their roles, one-time password links, API
//! tokens, and exporting the audit log. No mail server is needed: links and tokens are printed for
//! the administrator to pass on, once.

use std::io::{IsTerminal, Read};
use std::path::Path;

use anyhow::{Context, bail};
use chrono::{Duration, Utc};
use phakhi_domain::access::{Grant, Role, Scope};
use phakhi_domain::{NetworkId, OrganizationId, Vocabulary};
use phakhi_store::accounts::{AuditFilter, NewUser, User};
use phakhi_store::{NetworkFilter, Page, Store};
use phakhi_web::auth::{password, secret};

/// How long a password link stays usable.
const RESET_HOURS: i64 = 72;

/// A role over its scope, from the command line's words.
pub fn grant(role: &str, organization: Option<&str>, network: Option<&str>) -> anyhow::Result<Grant> {
    let role = Role::from_code(role).with_context(|| format!("unknown role {role}: use admin, coordinator, editor or viewer"))?;
    let scope = match (organization, network) {
        (Some(o), None) => Scope::Organization(OrganizationId(o.parse().context("--organization is an organisation's id")?)),
        (None, Some(n)) => Scope::Network(NetworkId(n.parse().context("--network is a network's id")?)),
        (None, None) => Scope::Platform,
        (Some(_), Some(_)) => bail!("a role is held over an organisation or a network, not both"),
    };
    let grant = Grant { role, scope };
    if !grant.is_well_formed() {
        bail!(
            "an admin holds the role over the whole platform, a coordinator over a --network, an editor over an --organization, a viewer over either"
        );
    }
    Ok(grant)
}

/// The password piped on standard input, if any (never from an argument, which `ps` would show).
fn password_from_stdin() -> anyhow::Result<Option<String>> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Ok(None);
    }
    let mut text = String::new();
    stdin.lock().read_to_string(&mut text).context("reading the password from standard input")?;
    let password = text.trim_end_matches(['\n', '\r']).to_owned();
    Ok((!password.is_empty()).then_some(password))
}

pub async fn add(store: &dyn Store, email: &str, name: Option<&str>, grant: Grant) -> anyhow::Result<()> {
    let password_hash = match password_from_stdin()? {
        Some(p) => Some(password::hash(&p).context("the password from standard input")?),
        None => None,
    };
    let has_password = password_hash.is_some();
    let user = store
        .create_user(NewUser { email: email.into(), display_name: name.unwrap_or(email).into(), password_hash, grants: vec![grant] })
        .await
        .context("adding the account")?;
    eprintln!("added {} ({})", user.email, describe(&user));
    if !has_password {
        print_reset_link(store, &user).await?;
    }
    Ok(())
}

fn describe(user: &User) -> String {
    user.grants
        .iter()
        .map(|g| match g.scope {
            Scope::Platform => g.role.code().to_owned(),
            Scope::Network(n) => format!("{} of network {}", g.role.code(), n.0),
            Scope::Organization(o) => format!("{} of organisation {}", g.role.code(), o.0),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub async fn list(store: &dyn Store) -> anyhow::Result<()> {
    for user in store.list_users().await.context("listing accounts")? {
        println!("{}\t{}\t{}\t{}", user.id, user.email, user.status, describe(&user));
    }
    Ok(())
}

async fn find(store: &dyn Store, email: &str) -> anyhow::Result<User> {
    Ok(store.credentials(email).await.context("finding the account")?.with_context(|| format!("no account has the email {email}"))?.user)
}

/// Prints a one-time link that sets a new password (valid for three days).
pub async fn reset(store: &dyn Store, email: &str) -> anyhow::Result<()> {
    let user = find(store, email).await?;
    print_reset_link(store, &user).await
}

async fn print_reset_link(store: &dyn Store, user: &User) -> anyhow::Result<()> {
    let token = secret::new("pr_");
    store
        .create_password_reset(user.id, &secret::hash(&token), Utc::now() + Duration::hours(RESET_HOURS))
        .await
        .context("creating the link")?;
    println!("/th/reset-password?token={token}");
    eprintln!("give {} this path on your phakhi's address, once; it sets a password and works for {RESET_HOURS} hours", user.email);
    Ok(())
}

/// Creates an API token for the account and prints it: it is shown this once, and stored hashed.
pub async fn create_token(store: &dyn Store, email: &str, name: &str) -> anyhow::Result<()> {
    let user = find(store, email).await?;
    let token = secret::new("pk_");
    let created = store.create_api_token(user.id, name, &secret::hash(&token)).await.context("creating the token")?;
    println!("{token}");
    eprintln!("token {} for {} (send it as Authorization: Bearer …; it is not shown again)", created.id, user.email);
    Ok(())
}

pub async fn revoke_token(store: &dyn Store, id: &str) -> anyhow::Result<()> {
    store.revoke_api_token(id.parse().context("a token id is a UUID")?).await.context("revoking the token")?;
    eprintln!("token {id} revoked");
    Ok(())
}

/// Writes the whole audit log, oldest first, as JSON lines.
pub async fn export_audit(store: &dyn Store, out: &Path) -> anyhow::Result<()> {
    use std::io::Write;
    let mut entries = Vec::new();
    let mut offset = 0;
    loop {
        let page = Page { limit: 1000, offset, sort: None };
        let listing = store.list_audit(&AuditFilter::default(), &page).await.context("reading the audit log")?;
        let n = listing.items.len() as u64;
        entries.extend(listing.items);
        offset += n;
        if n == 0 || offset >= listing.total {
            break;
        }
    }
    entries.reverse();
    let mut file = std::io::BufWriter::new(std::fs::File::create(out).with_context(|| format!("creating {}", out.display()))?);
    for e in &entries {
        serde_json::to_writer(&mut file, e).context("writing the audit log")?;
        writeln!(file).context("writing the audit log")?;
    }
    file.flush().context("writing the audit log")?;
    eprintln!("{} audit entries written to {}", entries.len(), out.display());
    Ok(())
}

/// Accounts for trying the demonstration: an admin and a coordinator of every demo network, with
/// passwords made up for this run and printed once (a demo never has a known default password).
pub async fn demo_accounts(store: &dyn Store) -> anyhow::Result<Vec<(String, String, &'static str)>> {
    let networks = store.list_networks(&NetworkFilter::default(), &Page::default()).await?;
    let mut accounts = Vec::new();
    for (email, role, grants) in [
        ("admin@demo.phakhi.invalid", "admin", vec![Grant { role: Role::Admin, scope: Scope::Platform }]),
        (
            "coordinator@demo.phakhi.invalid",
            "coordinator",
            networks.items.iter().map(|n| Grant { role: Role::Coordinator, scope: Scope::Network(n.id) }).collect(),
        ),
    ] {
        let password = secret::new("")[..20].to_owned();
        let user = NewUser {
            email: email.into(),
            display_name: email.into(),
            password_hash: Some(password::hash(&password).context("hashing a demo password")?),
            grants,
        };
        store.create_user(user).await.context("creating a demo account")?;
        accounts.push((email.to_owned(), password, role));
    }
    Ok(accounts)
}
