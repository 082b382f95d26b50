//! Rebuilds when a message catalog changes: `static_loader!` reads `locales/` at compile time.

fn main() {
    println!("cargo:rerun-if-changed=locales");
    println!("cargo:rerun-if-changed=migrations");
}
