//! Rebuilds when a message catalog changes (`static_loader!` reads `locales/` at compile
//! time), and builds the static files into the binary: each under a name carrying a hash of
//! its content (so it can be cached for a year), CSS `url()`s pointing at those names, and
//! text files compressed ahead of time with gzip and brotli. See `src/assets.rs`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// The full USWDS stylesheet is the source of `static/css/uswds.css` (scripts/build-css),
/// never sent: nothing links it.
const NOT_SERVED: &[&str] = &["uswds/css/"];

fn main() {
    println!("cargo:rerun-if-changed=locales");
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=static");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let root = Path::new("static");
    let mut files = Vec::new();
    walk(root, &mut files);
    files.retain(|f| !NOT_SERVED.iter().any(|skip| f.starts_with(skip)));
    files.sort();

    // Everything but stylesheets first: a stylesheet's content (and so its hash) names the
    // hashed fonts and images it uses.
    let mut hashed = BTreeMap::new();
    let mut bodies = BTreeMap::new();
    let (css, rest): (Vec<_>, Vec<_>) = files.into_iter().partition(|f| f.ends_with(".css"));
    for file in rest.into_iter().chain(css) {
        let mut body = std::fs::read(root.join(&file)).expect("a static file");
        if file.ends_with(".css") {
            body = rewrite_urls(&file, &String::from_utf8(body).expect("UTF-8 CSS"), &hashed)
                .into_bytes();
        }
        let digest = hex(&Sha256::digest(&body)[..5]);
        hashed.insert(file.clone(), with_hash(&file, &digest));
        bodies.insert(file, body);
    }

    let mut table = String::from("&[\n");
    for (file, body) in &bodies {
        let stem = out.join(format!("asset-{}", file.replace('/', "__")));
        std::fs::write(&stem, body).expect("write asset");
        let (gzip, br) = if compressible(file) {
            (
                Some(write(&stem, "gz", &gzip(body), body.len())),
                Some(write(&stem, "br", &brotli(body), body.len())),
            )
        } else {
            (None, None)
        };
        let include = |p: Option<Option<PathBuf>>| match p.flatten() {
            Some(p) => format!("Some(include_bytes!({:?}))", p.display().to_string()),
            None => "None".to_owned(),
        };
        writeln!(
            table,
            "    Asset {{ path: {file:?}, hashed: {:?}, content_type: {:?}, identity: include_bytes!({:?}), gzip: {}, br: {} }},",
            hashed[file],
            content_type(file),
            stem.display().to_string(),
            include(gzip),
            include(br),
        )
        .expect("write to a string");
    }
    table.push(']');
    std::fs::write(out.join("assets.rs"), table).expect("write the asset table");
}

fn walk(dir: &Path, files: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("the static directory") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            walk(&path, files);
        } else {
            let relative = path.strip_prefix("static").expect("under static/");
            files.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// `css/app.css` → `css/app.0123456789.css`.
fn with_hash(file: &str, digest: &str) -> String {
    match file.rsplit_once('.') {
        Some((stem, ext)) if !stem.ends_with('/') => format!("{stem}.{digest}.{ext}"),
        _ => format!("{file}.{digest}"),
    }
}

/// Points each relative `url(...)` of a stylesheet at the hashed name of what it names.
fn rewrite_urls(file: &str, css: &str, hashed: &BTreeMap<String, String>) -> String {
    let dir = file.rsplit_once('/').map_or("", |(dir, _)| dir);
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("url(") {
        let (before, after) = rest.split_at(start + 4);
        out.push_str(before);
        let end = after.find(')').unwrap_or(after.len());
        let raw = after[..end].trim().trim_matches(['"', '\'']);
        let (target, suffix) = raw.split_at(raw.find(['?', '#']).unwrap_or(raw.len()));
        match resolve(dir, target).and_then(|t| hashed.get(&t)) {
            Some(name) => write!(out, "\"/static/{name}{suffix}\"").expect("write"),
            None => out.push_str(&after[..end]),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

fn resolve(dir: &str, target: &str) -> Option<String> {
    if target.is_empty() || target.starts_with(['/', '#']) || target.contains(':') {
        return None;
    }
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in target.split('/') {
        match part {
            ".." => {
                parts.pop()?;
            }
            "." | "" => {}
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

fn compressible(file: &str) -> bool {
    [".css", ".js", ".svg", ".txt", ".md"]
        .iter()
        .any(|ext| file.ends_with(ext))
}

/// Writes a compressed form only when it saves something.
fn write(stem: &Path, ext: &str, body: &[u8], original: usize) -> Option<PathBuf> {
    (body.len() < original).then(|| {
        let path = stem.with_extension(format!(
            "{}.{ext}",
            stem.extension().map_or("".into(), |e| e.to_string_lossy())
        ));
        std::fs::write(&path, body).expect("write a compressed asset");
        path
    })
}

fn gzip(body: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(body).expect("gzip in memory");
    encoder.finish().expect("gzip in memory")
}

fn brotli(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &body[..], &mut out, &params).expect("brotli in memory");
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn content_type(file: &str) -> &'static str {
    match file.rsplit_once('.').map_or("", |(_, ext)| ext) {
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}
