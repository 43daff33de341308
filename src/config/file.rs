//! The config file (TOML, `--config FILE` or `WADISPATCH_CONFIG`), merged under flags and
//! environment variables: its keys are the flags' long names, and each value becomes the flag's
//! environment variable unless that variable is already set. So the order is flag > environment
//! variable > config file > default, and a value from the file is read, checked and paired with
//! other flags (`requires`, `conflicts_with`) exactly as the same environment variable would be.

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::io::Read;
use std::path::{Path, PathBuf};

use clap::{Arg, ArgAction, Command, CommandFactory, Parser};

use super::Cli;

/// The flag naming the config file.
pub const CONFIG_FLAG: &str = "--config";
/// The environment variable naming the config file when the flag is not given.
pub const CONFIG_ENV: &str = "WADISPATCH_CONFIG";
/// Largest config file read: settings take a few KiB; a larger file is a mistake (a log, a
/// database) and is refused rather than read into memory.
pub const MAX_CONFIG_FILE_BYTES: u64 = 1 << 20;

/// Parses the command line with the config file's values under it, exiting as clap does on a
/// bad or missing flag. Sets environment variables: call it before any other thread starts.
pub fn parse_cli() -> Result<Cli, String> {
    let args: Vec<OsString> = std::env::args_os().collect();
    let path = config_path(&args).or_else(|| std::env::var_os(CONFIG_ENV).map(PathBuf::from));
    if let Some(path) = path {
        let table = read(&path)?;
        set_unset(assignments(&Cli::command(), &table, &path)?);
    }
    Ok(Cli::parse_from(args))
}

/// Sets each environment variable that is not set already: the file ranks below them.
fn set_unset(assignments: Vec<(String, String)>) {
    for (name, value) in assignments {
        if std::env::var_os(&name).is_none() {
            std::env::set_var(name, value);
        }
    }
}

/// The file `--config FILE` or `--config=FILE` names, if given (before a `--`).
fn config_path(args: &[OsString]) -> Option<PathBuf> {
    let mut args = args.iter().skip(1).take_while(|arg| *arg != "--");
    while let Some(arg) = args.next() {
        let arg = arg.to_str().unwrap_or_default();
        if arg == CONFIG_FLAG {
            return args.next().map(PathBuf::from);
        }
        if let Some(path) = arg
            .strip_prefix(CONFIG_FLAG)
            .and_then(|rest| rest.strip_prefix('='))
        {
            return Some(PathBuf::from(path));
        }
    }
    None
}

/// Reads and parses the file, at most `MAX_CONFIG_FILE_BYTES`. Errors name the file, never
/// its contents.
fn read(path: &Path) -> Result<toml::Table, String> {
    let shown = path.display();
    let file = std::fs::File::open(path).map_err(|e| format!("cannot open {shown}: {e}"))?;
    let mut text = String::new();
    file.take(MAX_CONFIG_FILE_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(|e| format!("cannot read {shown}: {e}"))?;
    if text.len() as u64 > MAX_CONFIG_FILE_BYTES {
        return Err(format!(
            "{shown} is larger than {MAX_CONFIG_FILE_BYTES} bytes: not a config file"
        ));
    }
    // toml's message quotes the offending line, which may hold a secret: keep the position.
    text.parse::<toml::Table>().map_err(|e| match e.span() {
        Some(span) => {
            let line = text[..span.start].matches('\n').count() + 1;
            format!("{shown} is not valid TOML (line {line})")
        }
        None => format!("{shown} is not valid TOML"),
    })
}

/// The environment variable and value each key of `table` stands for, checked by the flag's own
/// parser. A key that names no flag, or a flag without an environment variable (such as
/// `audit --since`, a question to one run rather than a setting), is an error naming the key.
fn assignments(
    cli: &Command,
    table: &toml::Table,
    path: &Path,
) -> Result<Vec<(String, String)>, String> {
    let mut flags = BTreeMap::new();
    collect_flags(cli, &mut flags);
    let shown = path.display();
    let mut out = Vec::new();
    for (key, value) in table {
        if format!("--{key}") == CONFIG_FLAG {
            return Err(format!(
                "{shown}: a config file cannot name another (`{key}`)"
            ));
        }
        let Some(arg) = flags.get(key.as_str()) else {
            return Err(format!(
                "{shown}: unknown key `{key}` (keys are the flags' long names, such as grpc-addr)"
            ));
        };
        let Some(env) = arg.get_env().and_then(OsStr::to_str) else {
            return Err(format!(
                "{shown}: `{key}` cannot be set in the config file: give --{key} on the command line"
            ));
        };
        let values = match value {
            toml::Value::Array(items) => items.iter().map(scalar).collect(),
            single => scalar(single).map(|value| vec![value]),
        }
        .ok_or_else(|| {
            format!("{shown}: `{key}` must be a string, number, boolean or a list of them")
        })?;
        let joined = match (values.as_slice(), arg.get_value_delimiter()) {
            ([one], _) => one.clone(),
            (many, Some(delimiter)) => many.join(&delimiter.to_string()),
            (_, None) => return Err(format!("{shown}: `{key}` takes one value, not a list")),
        };
        for value in &values {
            accepts(arg, value).map_err(|_| {
                format!(
                    "{shown}: the value of `{key}` is not one --{key} accepts (value not shown)"
                )
            })?;
        }
        out.push((env.to_owned(), joined));
    }
    Ok(out)
}

/// Checks `value` with the flag's own parser (ranges included), alone: the flag's pairings
/// with other flags are clap's to check once the value is in its environment variable.
fn accepts(arg: &Arg, value: &str) -> Result<(), clap::Error> {
    let alone = Arg::new("value")
        .long("value")
        .action(ArgAction::Set)
        .value_parser(arg.get_value_parser().clone());
    Command::new("check")
        .arg(alone)
        .try_get_matches_from(["check", &format!("--value={value}")])
        .map(drop)
}

/// Every flag of `command` and its subcommands by long name.
fn collect_flags(command: &Command, out: &mut BTreeMap<String, Arg>) {
    for arg in command.get_arguments() {
        if let Some(long) = arg.get_long() {
            out.entry(long.to_owned()).or_insert_with(|| arg.clone());
        }
    }
    for sub in command.get_subcommands() {
        collect_flags(sub, out);
    }
}

/// A TOML scalar as the text a flag would take.
fn scalar(value: &toml::Value) -> Option<String> {
    match value {
        toml::Value::String(text) => Some(text.clone()),
        toml::Value::Integer(n) => Some(n.to_string()),
        toml::Value::Float(x) => Some(x.to_string()),
        toml::Value::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Command as Subcommand;

    fn table(text: &str) -> toml::Table {
        text.parse().unwrap()
    }

    fn assign(text: &str) -> Result<Vec<(String, String)>, String> {
        assignments(&Cli::command(), &table(text), Path::new("gw.toml"))
    }

    #[test]
    fn keys_become_their_flags_environment_variables() {
        let set = assign(
            "grpc-addr = \"0.0.0.0:50051\"\nupstream-max-in-flight = 8\nallow-unauthenticated = true\n\
             webhook-allow = [\"10.0.0.0/8\", \"192.0.2.7\"]\nsim-utc-offset = \"+08:00\"\nspeed = 2.5\n",
        )
        .unwrap();
        let set: BTreeMap<_, _> = set.into_iter().collect();
        assert_eq!(set["WADISPATCH_GRPC_ADDR"], "0.0.0.0:50051");
        assert_eq!(set["WADISPATCH_UPSTREAM_MAX_IN_FLIGHT"], "8");
        assert_eq!(set["WADISPATCH_ALLOW_UNAUTHENTICATED"], "true");
        assert_eq!(set["WADISPATCH_WEBHOOK_ALLOW"], "10.0.0.0/8,192.0.2.7");
        assert_eq!(set["WADISPATCH_SIM_UTC_OFFSET"], "+08:00");
        assert_eq!(set["WADISPATCH_SIM_SPEED"], "2.5");
    }

    #[test]
    fn an_unknown_key_is_an_error_naming_it() {
        let error = assign("grpc-adr = \"0.0.0.0:1\"").unwrap_err();
        assert!(error.contains("unknown key `grpc-adr`"), "{error}");
        assert!(!error.contains("0.0.0.0:1"), "{error}");
        // A nested table is a key too: `[upstream]` names no flag.
        let error = assign("[upstream]\nurl = \"http://x\"").unwrap_err();
        assert!(error.contains("unknown key `upstream`"), "{error}");
        // A flag of one run (no environment variable) is not a setting.
        let error = assign("since = \"1h\"").unwrap_err();
        assert!(error.contains("`since` cannot be set"), "{error}");
    }

    #[test]
    fn a_bad_value_is_an_error_naming_the_key_not_the_value() {
        for (text, secret) in [
            ("grpc-addr = \"s3cret-not-an-address\"", "s3cret"),
            ("webhook-signing-secret = \"whsec_s3cret!!\"", "s3cret"),
            ("webhook-path-secret = \"s3cret/with/slashes\"", "s3cret"),
            ("upstream-max-in-flight = 0", "= 0"),
        ] {
            let error = assign(text).unwrap_err();
            let key = text.split(' ').next().unwrap();
            assert!(error.contains(&format!("`{key}`")), "{error}");
            assert!(error.contains("gw.toml"), "{error}");
            assert!(!error.contains(secret), "{error}");
        }
        let error = assign("grpc-addr = [\"127.0.0.1:1\", \"127.0.0.1:2\"]").unwrap_err();
        assert!(error.contains("takes one value"), "{error}");
        let error = assign("heartbeat = { seconds = 5 }").unwrap_err();
        assert!(error.contains("must be a string"), "{error}");
    }

    #[test]
    fn the_file_is_read_bounded_and_its_errors_show_no_contents() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gw.toml");
        std::fs::write(&path, "seed = 3\n").unwrap();
        assert_eq!(read(&path).unwrap()["seed"].as_integer(), Some(3));
        std::fs::write(&path, "seed = 3\nwebhook-header = \"X-Token: s3cret\n").unwrap();
        let error = read(&path).unwrap_err();
        assert!(error.contains("line 2"), "{error}");
        assert!(!error.contains("s3cret"), "{error}");
        let big = vec![b'#'; MAX_CONFIG_FILE_BYTES as usize + 1];
        std::fs::write(&path, big).unwrap();
        assert!(read(&path).unwrap_err().contains("larger than"));
        assert!(read(&dir.path().join("absent.toml"))
            .unwrap_err()
            .contains("cannot open"));
    }

    #[test]
    fn config_path_comes_from_the_flag_in_either_spelling() {
        let args = |list: &[&str]| list.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            config_path(&args(&["gw", "serve", "--config", "a.toml"])),
            Some(PathBuf::from("a.toml"))
        );
        assert_eq!(
            config_path(&args(&["gw", "--config=b.toml", "sim"])),
            Some(PathBuf::from("b.toml"))
        );
        assert_eq!(
            config_path(&args(&["gw", "sim", "--", "--config", "c"])),
            None
        );
        assert_eq!(config_path(&args(&["gw", "sim"])), None);
    }

    /// The one test that sets a process environment variable: `WADISPATCH_SIM_SEED`, which no
    /// other unit test reads.
    #[test]
    fn flag_beats_environment_beats_file_beats_default() {
        const SEED: &str = "WADISPATCH_SIM_SEED";
        let seed = |argv: &[&str]| match Cli::try_parse_from(argv).unwrap().command {
            Subcommand::Sim(args) => args.seed,
            other => panic!("{other:?}"),
        };
        let file = |value: &str| set_unset(assign(&format!("seed = {value}")).unwrap());
        std::env::remove_var(SEED);
        assert_eq!(seed(&["gw", "sim"]), 1, "the default");
        file("5");
        assert_eq!(seed(&["gw", "sim"]), 5, "the file over the default");
        std::env::set_var(SEED, "6");
        file("5");
        assert_eq!(seed(&["gw", "sim"]), 6, "the environment over the file");
        assert_eq!(seed(&["gw", "sim", "--seed", "7"]), 7, "the flag over both");
        std::env::remove_var(SEED);
    }
}
