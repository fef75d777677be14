//! The host's roots: on a connection made with the `initialize` handshake whose client
//! offers roots, the first folder root is the project root (unless `--root` was given).
//! Connections of the 2026 protocol cannot be asked; the working directory serves then.

use std::path::PathBuf;
use std::time::Duration;

use rmcp::RoleServer;
use rmcp::service::RequestContext;

/// A client that offers roots but does not answer is not waited for longer than this.
const ROOTS_TIMEOUT: Duration = Duration::from_secs(5);

/// The first root the client lists that is a folder on this machine.
#[allow(deprecated)] // roots/list is deprecated in the 2026 protocol, still used before it
pub async fn client_root(ctx: &RequestContext<RoleServer>) -> Option<PathBuf> {
    let offered = ctx
        .peer
        .peer_info()
        .is_some_and(|info| info.capabilities.roots.is_some());
    if !offered {
        return None;
    }
    let listed = match tokio::time::timeout(ROOTS_TIMEOUT, ctx.peer.list_roots()).await {
        Ok(Ok(listed)) => listed,
        Ok(Err(e)) => {
            tracing::warn!("the client did not list its roots: {e}");
            return None;
        }
        Err(_) => {
            tracing::warn!("the client did not list its roots within {ROOTS_TIMEOUT:?}");
            return None;
        }
    };
    listed
        .roots
        .iter()
        .filter_map(|r| file_uri_path(&r.uri))
        .find(|p| p.is_dir())
}

/// The local path of a `file://` URI, percent-decoded; `None` for any other URI.
pub fn file_uri_path(uri: &str) -> Option<PathBuf> {
    let rest = uri
        .strip_prefix("file://")
        .map(|r| r.strip_prefix("localhost").unwrap_or(r))?;
    if !rest.starts_with('/') {
        return None;
    }
    let bytes = rest.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    let path = String::from_utf8(decoded).ok()?;
    // file:///C:/work on Windows names C:/work.
    let path = if cfg!(windows) && path.as_bytes().get(2) == Some(&b':') {
        path[1..].to_string()
    } else {
        path
    };
    Some(PathBuf::from(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_become_paths() {
        assert_eq!(
            file_uri_path("file:///home/a/my%20project"),
            Some(PathBuf::from("/home/a/my project"))
        );
        assert_eq!(
            file_uri_path("file://localhost/srv/x"),
            Some(PathBuf::from("/srv/x"))
        );
        assert_eq!(file_uri_path("https://example.invalid/x"), None);
        assert_eq!(file_uri_path("file:///bad%zz"), None);
        assert_eq!(file_uri_path("file:///cut%2"), None);
    }
}
