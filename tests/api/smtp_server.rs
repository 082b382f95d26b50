//! A real SMTP server for the tests: Python's aiosmtpd delivering into a Maildir.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

pub struct SmtpServer {
    child: Child,
    pub port: u16,
    pub maildir: PathBuf,
}

impl SmtpServer {
    pub fn start(scratch: &std::path::Path) -> SmtpServer {
        let maildir = scratch.join("maildir");
        for sub in ["cur", "new", "tmp"] {
            std::fs::create_dir_all(maildir.join(sub)).expect("maildir");
        }
        let port = crate::helpers::free_port();
        let child = Command::new("python3")
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
                "-c",
                "aiosmtpd.handlers.Mailbox",
            ])
            .arg(&maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 with aiosmtpd (scripts/test installs it)");
        crate::helpers::wait_for_port(port, "aiosmtpd (python3 -m pip install aiosmtpd)");
        SmtpServer {
            child,
            port,
            maildir,
        }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every delivered message, raw.
    pub fn messages(&self) -> Vec<Vec<u8>> {
        std::fs::read_dir(self.maildir.join("new"))
            .expect("maildir/new")
            .flatten()
            .map(|e| std::fs::read(e.path()).expect("message file"))
            .collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The text/plain part of a message (of its first part, when attachments make it mixed).
pub fn plain_text(mail: &mailparse::ParsedMail) -> String {
    let body = match mail.ctype.mimetype.as_str() {
        "multipart/mixed" => &mail.subparts[0],
        _ => mail,
    };
    body.subparts
        .iter()
        .find(|p| p.ctype.mimetype == "text/plain")
        .and_then(|p| p.get_body().ok())
        .unwrap_or_default()
}
