//! The accounts side of the Vercel-style contract (`api.md` §4): users, their bearer tokens,
//! teams and projects. A user's personal scope is its own id; a team's scope is the team id.
//! Deployments and their build queue are in [`super::builds`].

use faas_api::vercel::{Billing, Pagination, Plan, Team, TimePage};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::keys::hash_key;
use crate::db::StoreError;

/// A user, as a token names it and as a deployment's creator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: String,
    pub username: String,
    /// The name of the token that called (its label), for the activity log.
    pub token_name: String,
}

/// A project of one scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    pub id: String,
    pub scope: String,
    pub name: String,
    pub builds_fail: bool,
}

const ALPHANUMERIC: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const LOWER_ALPHANUMERIC: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";

/// `n` random characters of `[0-9A-Za-z]`, or of `[0-9a-z]` when `lowercase` (host names).
/// The randomness is that of UUID v4 (122 bits per UUID), plenty for ids.
pub fn random_alphanumeric(n: usize, lowercase: bool) -> String {
    let alphabet = if lowercase {
        LOWER_ALPHANUMERIC
    } else {
        ALPHANUMERIC
    };
    let mut out = String::with_capacity(n);
    while out.len() < n {
        for byte in uuid::Uuid::new_v4().as_bytes() {
            // 62 and 36 do not divide 256: drop the bytes that would bias the first letters.
            let limit = 256 - 256 % alphabet.len();
            if usize::from(*byte) < limit && out.len() < n {
                out.push(char::from(alphabet[usize::from(*byte) % alphabet.len()]));
            }
        }
    }
    out
}

/// A new id with `prefix` (`dpl_`, `prj_`, `team_`, `usr_`), 24 random alphanumerics after it
/// as Vercel's ids have.
pub fn new_id(prefix: &str) -> String {
    format!("{prefix}{}", random_alphanumeric(24, false))
}

pub fn create_user(
    tx: &Transaction<'_>,
    id: &str,
    username: &str,
    now: i64,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO vercel_users (id, username, created_ms) VALUES (?1, ?2, ?3)",
        params![id, username, now],
    )?;
    Ok(())
}

pub fn user_exists(conn: &Connection, id: &str) -> Result<bool, StoreError> {
    Ok(conn
        .query_row("SELECT 1 FROM vercel_users WHERE id = ?1", [id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// A team to create; the rest of [`Team`] follows from these.
#[derive(Debug, Clone, Copy)]
pub struct NewTeam<'a> {
    pub id: &'a str,
    pub slug: &'a str,
    pub name: &'a str,
    pub created_at: i64,
    /// The user who creates it; a member too.
    pub creator: &'a str,
}

/// Creates a team with `members` (the creator first among them, as a rule).
pub fn create_team(
    tx: &Transaction<'_>,
    team: &NewTeam<'_>,
    members: &[&str],
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO vercel_teams (id, slug, name, created_ms, creator_id)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![team.id, team.slug, team.name, team.created_at, team.creator],
    )?;
    for user in members {
        tx.execute(
            "INSERT INTO vercel_members (user_id, team_id) VALUES (?1, ?2)",
            params![user, team.id],
        )?;
    }
    Ok(())
}

/// Makes `token` a token of `user_id` (again valid if it was revoked, unless `revoked`).
pub fn upsert_token(
    tx: &Transaction<'_>,
    token: &str,
    user_id: &str,
    label: &str,
    revoked: bool,
    now: i64,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO vercel_tokens (token_hash, user_id, label, revoked, created_ms)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (token_hash) DO UPDATE
         SET user_id = excluded.user_id, label = excluded.label, revoked = excluded.revoked",
        params![hash_key(token), user_id, label, revoked, now],
    )?;
    Ok(())
}

/// The user of a token that exists and is not revoked.
pub fn user_by_token(conn: &Connection, token: &str) -> Result<Option<User>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT u.id, u.username, t.label FROM vercel_tokens t JOIN vercel_users u ON u.id = t.user_id
             WHERE t.token_hash = ?1 AND t.revoked = 0",
        )?
        .query_row([hash_key(token)], |r| {
            Ok(User {
                id: r.get(0)?,
                username: r.get(1)?,
                token_name: r.get(2)?,
            })
        })
        .optional()?)
}

/// SQL selecting (as one column) the ids of the teams a Functions API key reaches as a
/// bearer token of the Vercel-style routes (the admin key is both: `api.md` §4): the teams of
/// the user the key is a live token of. `key_param` is the placeholder of the key's id
/// (such as `?2`). A key that is no token reaches none.
pub fn teams_of_key_sql(key_param: &str) -> String {
    format!(
        "SELECT m.team_id FROM api_keys k
         JOIN vercel_tokens tok ON tok.token_hash = k.key_hash AND tok.revoked = 0
         JOIN vercel_members m ON m.user_id = tok.user_id
         WHERE k.id = {key_param}"
    )
}

/// SQL selecting the build scopes a Functions API key reaches as a token: its user's
/// personal scope and its teams' (see [`teams_of_key_sql`]).
pub fn scopes_of_key_sql(key_param: &str) -> String {
    format!(
        "SELECT tok.user_id FROM api_keys k
         JOIN vercel_tokens tok ON tok.token_hash = k.key_hash AND tok.revoked = 0
         WHERE k.id = {key_param}
         UNION {}",
        teams_of_key_sql(key_param)
    )
}

const TEAM_COLUMNS: &str = "t.id, t.slug, t.name, t.created_ms, coalesce(t.creator_id, '')";

/// A team as the API answers it: teams are not edited (`updatedAt` is `createdAt`), have no
/// avatar nor description, stage under their slug and are on the `pro` plan.
fn team_of_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Team> {
    let slug: String = r.get(1)?;
    let created_at: i64 = r.get(3)?;
    Ok(Team {
        id: r.get(0)?,
        staging_prefix: slug.clone(),
        slug,
        name: r.get(2)?,
        created_at,
        updated_at: created_at,
        creator_id: r.get(4)?,
        avatar: None,
        description: None,
        billing: Some(Billing { plan: Plan::Pro }),
    })
}

/// A page of the user's teams, newest first (ties by id), paged like the deployments: `next`
/// is the `createdAt` of the last one when older ones match.
pub fn teams_of(
    conn: &Connection,
    user_id: &str,
    page: &TimePage,
) -> Result<(Vec<Team>, Pagination), StoreError> {
    let sql = format!(
        "SELECT {TEAM_COLUMNS} FROM vercel_teams t
         JOIN vercel_members m ON m.team_id = t.id
         WHERE m.user_id = ?1 AND (?2 IS NULL OR t.created_ms < ?2)
           AND (?3 IS NULL OR t.created_ms > ?3)
         ORDER BY t.created_ms DESC, t.id DESC LIMIT ?4"
    );
    let mut teams = conn
        .prepare_cached(&sql)?
        .query_map(
            params![user_id, page.until, page.since, i64::from(page.limit) + 1],
            team_of_row,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let more = teams.len() > page.limit as usize;
    teams.truncate(page.limit as usize);
    let pagination = Pagination {
        count: teams.len() as u32,
        next: if more {
            teams.last().map(|t| t.created_at)
        } else {
            None
        },
        prev: teams.first().map(|t| t.created_at),
    };
    Ok((teams, pagination))
}

/// The team with `id` (or, when `by_slug`, with that slug) if the user is a member of it.
pub fn member_team(
    conn: &Connection,
    user_id: &str,
    id_or_slug: &str,
    by_slug: bool,
) -> Result<Option<Team>, StoreError> {
    let column = if by_slug { "t.slug" } else { "t.id" };
    let sql = format!(
        "SELECT {TEAM_COLUMNS} FROM vercel_teams t
         JOIN vercel_members m ON m.team_id = t.id AND m.user_id = ?1 WHERE {column} = ?2"
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![user_id, id_or_slug], team_of_row)
        .optional()?)
}

fn project_of_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Project> {
    Ok(Project {
        id: r.get(0)?,
        scope: r.get(1)?,
        name: r.get(2)?,
        builds_fail: r.get::<_, i64>(3)? != 0,
    })
}

/// The scope's project with this id, or else with this name.
pub fn find_project(
    conn: &Connection,
    scope: &str,
    id_or_name: &str,
) -> Result<Option<Project>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT id, scope, name, builds_fail FROM vercel_projects
             WHERE scope = ?1 AND (id = ?2 OR name = ?2) ORDER BY id = ?2 DESC LIMIT 1",
        )?
        .query_row(params![scope, id_or_name], project_of_row)
        .optional()?)
}

/// Creates a project in `scope`.
pub fn create_project(
    tx: &Transaction<'_>,
    scope: &str,
    name: &str,
    builds_fail: bool,
    now: i64,
) -> Result<Project, StoreError> {
    let project = Project {
        id: new_id("prj_"),
        scope: scope.to_owned(),
        name: name.to_owned(),
        builds_fail,
    };
    tx.execute(
        "INSERT INTO vercel_projects (id, scope, name, builds_fail, created_ms)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![project.id, scope, name, builds_fail, now],
    )?;
    Ok(project)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_prefixed_alphanumerics() {
        let id = new_id("dpl_");
        assert_eq!(id.len(), 28);
        assert!(id[4..].bytes().all(|b| b.is_ascii_alphanumeric()), "{id}");
        let host = random_alphanumeric(8, true);
        assert!(
            host.bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase()),
            "{host}"
        );
        assert_ne!(new_id("dpl_"), new_id("dpl_"));
    }
}
