//! SQL for people and their credentials: `users`, `tokens` (API and calendar tokens, stored as
//! SHA-256 hashes) and `login_failures` (throttling). Every change here is also an audit event.

use super::events::{record, NewEvent};
use super::{get_i64, get_opt_string, get_string, utc_text, Store, StoreError};
use app::domain::access::{Account, Role};
use app::domain::{Instant, WorkingGroup};
use serde_json::json;

/// A user as the CLI creates one: the password is already hashed (argon2id PHC string).
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub org: Option<String>,
    pub role: Role,
    pub wgs: Vec<WorkingGroup>,
    pub password_hash: String,
}

/// What a token is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// `Authorization: Bearer …` on the API.
    Api,
    /// The secret in a personal calendar URL.
    Calendar,
}

impl TokenKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::Api => "api",
            TokenKind::Calendar => "calendar",
        }
    }
}

/// A token as listed (never the secret itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    pub id: String,
    pub email: String,
    pub name: String,
    pub kind: String,
    pub created_at: String,
    pub revoked_at: Option<String>,
    pub last_used_at: Option<String>,
}

/// Failed logins counted under one key ("account:…" or "address:…").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failures {
    pub failures: i64,
    pub first_at: String,
    pub locked_until: Option<String>,
}

fn account(r: &sqlx::any::AnyRow) -> Result<Account, StoreError> {
    let role = get_string(r, "role")?;
    let wgs: Vec<String> = super::get_json(r, "wgs")?;
    Ok(Account {
        email: get_string(r, "email")?,
        name: get_string(r, "name")?,
        org: get_opt_string(r, "org")?,
        role: Role::parse(&role).ok_or_else(|| StoreError::Corrupt(format!("role \"{role}\"")))?,
        wgs: wgs.iter().filter_map(|w| w.parse::<WorkingGroup>().ok()).collect(),
        disabled: get_i64(r, "disabled")? != 0,
    })
}

fn account_json(a: &Account) -> serde_json::Value {
    json!({
        "email": a.email, "name": a.name, "org": a.org, "role": a.role.as_str(),
        "wgs": a.wgs.iter().map(|w| w.slug()).collect::<Vec<_>>(), "disabled": a.disabled,
    })
}

const USER_COLUMNS: &str = "email, name, org, role, wgs, disabled";

impl Store {
    /// Adds a user. Fails with [`StoreError::Conflict`] when the email is taken (emails compare
    /// case-insensitively: they are stored lower-cased).
    pub async fn create_user(&self, user: &NewUser, at: Instant, actor: &str) -> Result<Account, StoreError> {
        let email = user.email.trim().to_lowercase();
        let mut tx = self.pool.begin().await?;
        let taken =
            sqlx::query("SELECT email FROM users WHERE email = $1").bind(&email).fetch_optional(&mut *tx).await?;
        if taken.is_some() {
            return Err(StoreError::Conflict(format!("a user with the email {email} already exists")));
        }
        let wgs: Vec<&str> = user.wgs.iter().map(|w| w.slug()).collect();
        let now = utc_text(at);
        sqlx::query(
            "INSERT INTO users (email, name, org, role, wgs, password_hash, disabled, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $7)",
        )
        .bind(&email)
        .bind(user.name.trim())
        .bind(user.org.clone())
        .bind(user.role.as_str())
        .bind(serde_json::to_string(&wgs).map_err(|e| StoreError::Corrupt(e.to_string()))?)
        .bind(&user.password_hash)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        let created = Account {
            email: email.clone(),
            name: user.name.trim().to_string(),
            org: user.org.clone(),
            role: user.role,
            wgs: user.wgs.clone(),
            disabled: false,
        };
        record(
            &mut tx,
            at,
            NewEvent {
                actor,
                record_kind: "user",
                record_id: &email,
                action: "create",
                summary: format!("added {} as {}", created.name, created.role),
                before: None,
                after: Some(account_json(&created)),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(created)
    }

    /// The account with this email and its password hash.
    pub async fn user_with_hash(&self, email: &str) -> Result<Option<(Account, String)>, StoreError> {
        let row = sqlx::query(&format!("SELECT {USER_COLUMNS}, password_hash FROM users WHERE email = $1"))
            .bind(email.trim().to_lowercase())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| Ok((account(&r)?, get_string(&r, "password_hash")?))).transpose()
    }

    /// The account with this email.
    pub async fn user(&self, email: &str) -> Result<Option<Account>, StoreError> {
        Ok(self.user_with_hash(email).await?.map(|(a, _)| a))
    }

    /// Every user, by name.
    pub async fn users(&self) -> Result<Vec<Account>, StoreError> {
        sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY name, email"))
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(account)
            .collect()
    }

    pub async fn user_count(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM users").fetch_one(&self.pool).await?;
        get_i64(&row, "n")
    }

    /// Replaces a user's password hash. [`StoreError::NotFound`] when there is no such user.
    pub async fn set_password(&self, email: &str, hash: &str, at: Instant, actor: &str) -> Result<(), StoreError> {
        let email = email.trim().to_lowercase();
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query("UPDATE users SET password_hash = $2, updated_at = $3 WHERE email = $1")
            .bind(&email)
            .bind(hash)
            .bind(utc_text(at))
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("no user has the email {email}")));
        }
        let ev = NewEvent {
            actor,
            record_kind: "user",
            record_id: &email,
            action: "password",
            summary: "changed the password".into(),
            before: None,
            after: None,
        };
        record(&mut tx, at, ev).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Disables (or re-enables) a user. A disabled user's sessions and tokens stop working on
    /// their next request, because every request looks the account up again.
    pub async fn set_disabled(&self, email: &str, disabled: bool, at: Instant, actor: &str) -> Result<(), StoreError> {
        let email = email.trim().to_lowercase();
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query("UPDATE users SET disabled = $2, updated_at = $3 WHERE email = $1")
            .bind(&email)
            .bind(disabled as i64)
            .bind(utc_text(at))
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("no user has the email {email}")));
        }
        let ev = NewEvent {
            actor,
            record_kind: "user",
            record_id: &email,
            action: if disabled { "disable" } else { "enable" },
            summary: if disabled { "disabled the account".into() } else { "enabled the account".into() },
            before: Some(json!({ "disabled": !disabled })),
            after: Some(json!({ "disabled": disabled })),
        };
        record(&mut tx, at, ev).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Stores a new token's hash. Returns the token's id.
    pub async fn create_token(
        &self,
        email: &str,
        name: &str,
        kind: TokenKind,
        hash: &str,
        at: Instant,
        actor: &str,
    ) -> Result<String, StoreError> {
        let email = email.trim().to_lowercase();
        let mut tx = self.pool.begin().await?;
        if sqlx::query("SELECT email FROM users WHERE email = $1")
            .bind(&email)
            .fetch_optional(&mut *tx)
            .await?
            .is_none()
        {
            return Err(StoreError::NotFound(format!("no user has the email {email}")));
        }
        let id = format!("t{}", &hash[..12]);
        sqlx::query("INSERT INTO tokens (id, email, name, kind, hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(&id)
            .bind(&email)
            .bind(name)
            .bind(kind.as_str())
            .bind(hash)
            .bind(utc_text(at))
            .execute(&mut *tx)
            .await?;
        let ev = NewEvent {
            actor,
            record_kind: "token",
            record_id: &id,
            action: "create",
            summary: format!("created the {} token \"{name}\" for {email}", kind.as_str()),
            before: None,
            after: Some(json!({ "id": id, "email": email, "name": name, "kind": kind.as_str() })),
        };
        record(&mut tx, at, ev).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Revokes the tokens of `email` whose id or name is `which` (all of that kind when `which` is
    /// `None`). Returns how many were revoked.
    pub async fn revoke_tokens(
        &self,
        email: &str,
        which: Option<&str>,
        kind: TokenKind,
        at: Instant,
        actor: &str,
    ) -> Result<u64, StoreError> {
        let email = email.trim().to_lowercase();
        let mut tx = self.pool.begin().await?;
        let rows = sqlx::query(
            "SELECT id, name FROM tokens WHERE email = $1 AND kind = $2 AND revoked_at IS NULL ORDER BY created_at",
        )
        .bind(&email)
        .bind(kind.as_str())
        .fetch_all(&mut *tx)
        .await?;
        let mut n = 0;
        for r in rows {
            let (id, name) = (get_string(&r, "id")?, get_string(&r, "name")?);
            if which.is_some_and(|w| w != id && w != name) {
                continue;
            }
            sqlx::query("UPDATE tokens SET revoked_at = $2 WHERE id = $1")
                .bind(&id)
                .bind(utc_text(at))
                .execute(&mut *tx)
                .await?;
            let ev = NewEvent {
                actor,
                record_kind: "token",
                record_id: &id,
                action: "revoke",
                summary: format!("revoked the {} token \"{name}\" of {email}", kind.as_str()),
                before: None,
                after: None,
            };
            record(&mut tx, at, ev).await?;
            n += 1;
        }
        tx.commit().await?;
        Ok(n)
    }

    /// The account a live token (by its hash) belongs to, and the token's id and name. Revoked
    /// tokens find nothing; disabled accounts are returned as such (the caller refuses them).
    pub async fn account_for_token(
        &self,
        hash: &str,
        kind: TokenKind,
        at: Instant,
    ) -> Result<Option<(Account, String, String)>, StoreError> {
        let row = sqlx::query(
            "SELECT u.email, u.name, u.org, u.role, u.wgs, u.disabled, t.id AS token_id, t.name AS token_name
             FROM tokens t JOIN users u ON u.email = t.email
             WHERE t.hash = $1 AND t.kind = $2 AND t.revoked_at IS NULL",
        )
        .bind(hash)
        .bind(kind.as_str())
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        let id = get_string(&r, "token_id")?;
        sqlx::query("UPDATE tokens SET last_used_at = $2 WHERE id = $1")
            .bind(&id)
            .bind(utc_text(at))
            .execute(&self.pool)
            .await?;
        Ok(Some((account(&r)?, id, get_string(&r, "token_name")?)))
    }

    /// Tokens of one user (or everyone's), newest first.
    pub async fn tokens(&self, email: Option<&str>) -> Result<Vec<TokenInfo>, StoreError> {
        let rows = match email {
            Some(e) => {
                sqlx::query("SELECT * FROM tokens WHERE email = $1 ORDER BY created_at DESC")
                    .bind(e.trim().to_lowercase())
                    .fetch_all(&self.pool)
                    .await?
            }
            None => sqlx::query("SELECT * FROM tokens ORDER BY created_at DESC").fetch_all(&self.pool).await?,
        };
        rows.iter()
            .map(|r| {
                Ok(TokenInfo {
                    id: get_string(r, "id")?,
                    email: get_string(r, "email")?,
                    name: get_string(r, "name")?,
                    kind: get_string(r, "kind")?,
                    created_at: get_string(r, "created_at")?,
                    revoked_at: get_opt_string(r, "revoked_at")?,
                    last_used_at: get_opt_string(r, "last_used_at")?,
                })
            })
            .collect()
    }

    /// Failed logins counted under `key`.
    pub async fn login_failures(&self, key: &str) -> Result<Option<Failures>, StoreError> {
        let row = sqlx::query("SELECT failures, first_at, locked_until FROM login_failures WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            Ok(Failures {
                failures: get_i64(&r, "failures")?,
                first_at: get_string(&r, "first_at")?,
                locked_until: get_opt_string(&r, "locked_until")?,
            })
        })
        .transpose()
    }

    /// Stores the failure count under `key` (as the caller's throttling rule computed it).
    pub async fn put_login_failures(&self, key: &str, f: &Failures) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO login_failures (key, failures, first_at, locked_until) VALUES ($1, $2, $3, $4)
             ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, first_at = excluded.first_at,
                locked_until = excluded.locked_until",
        )
        .bind(key)
        .bind(f.failures)
        .bind(&f.first_at)
        .bind(f.locked_until.clone())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Forgets the failures under `key` (after a successful login).
    pub async fn clear_login_failures(&self, key: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM login_failures WHERE key = $1").bind(key).execute(&self.pool).await?;
        Ok(())
    }
}
