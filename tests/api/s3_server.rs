//! A real S3-compatible server for the tests: moto's server mode, with one bucket.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use secrecy::SecretString;

pub struct S3Server {
    child: Child,
    pub port: u16,
}

pub const BUCKET: &str = "records";

impl S3Server {
    pub fn start() -> S3Server {
        let port = crate::helpers::free_port();
        let child = Command::new("python3")
            .args([
                "-m",
                "moto.server",
                "-H",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 with moto[server] (scripts/test installs it)");
        crate::helpers::wait_for_port(port, "moto (python3 -m pip install 'moto[server]')");
        let server = S3Server { child, port };
        server.create_bucket();
        server
    }

    /// moto does not check signatures, so a bare PUT makes the bucket.
    fn create_bucket(&self) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("moto");
        write!(
            stream,
            "PUT /{BUCKET} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            self.port
        )
        .expect("request");
        let mut reply = String::new();
        stream.read_to_string(&mut reply).expect("reply");
        assert!(reply.starts_with("HTTP/1.1 200"), "bucket created: {reply}");
    }

    /// The `AWS_*` settings an instance needs to use this server.
    pub fn env(&self) -> Vec<(String, String)> {
        [
            ("AWS_ACCESS_KEY_ID", "test"),
            ("AWS_SECRET_ACCESS_KEY", "test"),
            ("AWS_REGION", "us-east-1"),
            ("AWS_ALLOW_HTTP", "true"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .chain([(
            "AWS_ENDPOINT".to_owned(),
            format!("http://127.0.0.1:{}", self.port),
        )])
        .collect()
    }

    pub fn secret_env(&self) -> Vec<(String, SecretString)> {
        self.env()
            .into_iter()
            .map(|(k, v)| (k, SecretString::from(v)))
            .collect()
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
