//! Certificates for the TLS measurement, made with the `openssl` commands the README gives (a
//! test CA, then a server certificate for `localhost` and 127.0.0.1), so a run also proves that
//! the gateway loads what those commands make.

use std::path::{Path, PathBuf};

use crate::procs;

/// A server certificate and key, and the CA that signed it.
pub(crate) struct ServerCertificate {
    pub ca: PathBuf,
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// Makes the CA and the server certificate in `dir`; an error says which command failed (e.g.
/// no `openssl` on this machine).
pub(crate) fn make(dir: &Path) -> Result<ServerCertificate, String> {
    let files = ServerCertificate {
        ca: dir.join("ca.pem"),
        cert: dir.join("server.pem"),
        key: dir.join("server-key.pem"),
    };
    let key = |name: &str| dir.join(name).display().to_string();
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-noenc",
    ];
    openssl(
        &[
            &["req", "-x509"][..],
            &ec,
            &["-days", "365", "-subj", "/O=Acme/CN=Acme test CA"],
        ],
        &["-keyout", &key("ca-key.pem"), "-out", &key("ca.pem")],
    )?;
    openssl(
        &[
            &["req", "-x509"][..],
            &ec,
            &[
                "-days",
                "90",
                "-CA",
                &key("ca.pem"),
                "-CAkey",
                &key("ca-key.pem"),
            ],
            &["-subj", "/CN=localhost"],
            &["-addext", "basicConstraints=critical,CA:FALSE"],
            &["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
            &["-addext", "extendedKeyUsage=serverAuth"],
        ],
        &[
            "-keyout",
            &key("server-key.pem"),
            "-out",
            &key("server.pem"),
        ],
    )?;
    Ok(files)
}

fn openssl(parts: &[&[&str]], files: &[&str]) -> Result<(), String> {
    let args: Vec<String> = parts
        .iter()
        .flat_map(|p| p.iter())
        .chain(files)
        .map(|a| a.to_string())
        .collect();
    procs::run_tool("openssl", &args)
}
