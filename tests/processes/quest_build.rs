//! The Quest build's files: the manifest asks for what a headset app needs, and the build
//! script says what is missing instead of failing somewhere inside a build.

use std::path::Path;
use std::process::Command;

fn project() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn manifest_asks_for_head_tracking_hands_and_passthrough() {
    let manifest = std::fs::read_to_string(project().join("android/manifest.yaml")).unwrap();
    let after = |needle: &str| -> &str {
        let at = manifest
            .find(needle)
            .unwrap_or_else(|| panic!("manifest.yaml lacks {needle}"));
        &manifest[at..]
    };
    // Head tracking is required; hands and passthrough are optional, so a headset without
    // them still installs Retki.
    assert!(
        after("android.hardware.vr.headtracking")
            .lines()
            .nth(1)
            .unwrap()
            .contains("required: true")
    );
    assert!(
        after("oculus.software.handtracking")
            .lines()
            .nth(1)
            .unwrap()
            .contains("required: false")
    );
    assert!(
        after("com.oculus.feature.PASSTHROUGH")
            .lines()
            .nth(1)
            .unwrap()
            .contains("required: false")
    );
    for needle in [
        "com.oculus.permission.HAND_TRACKING",
        "com.oculus.intent.category.VR",
        "org.khronos.openxr.intent.category.IMMERSIVE_HMD",
        "\"runtime_libs\"",
    ] {
        after(needle);
    }
}

#[test]
fn the_build_script_names_what_is_missing() {
    let has_xbuild = Command::new("sh")
        .args(["-c", "command -v x"])
        .output()
        .is_ok_and(|o| o.status.success());
    if has_xbuild {
        return; // A machine set up for Android builds: nothing is missing to report.
    }
    let output = Command::new("bash")
        .arg(project().join("scripts/quest-apk"))
        .output()
        .expect("bash runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("cannot build the APK on this machine"),
        "{stderr}"
    );
    assert!(stderr.contains("xbuild's 'x' command"), "{stderr}");
    assert!(stderr.contains("libopenxr_loader.so"), "{stderr}");

    let output = Command::new("bash")
        .arg(project().join("scripts/quest-apk"))
        .arg("--nonsense")
        .output()
        .expect("bash runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown argument '--nonsense'"));
}
