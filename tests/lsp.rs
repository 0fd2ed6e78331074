//! `bearing lsp` and the editors: a scripted client over stdio, hostile documents through
//! `didOpen`, yaml-language-server on the schemas `init` associates, and headless Neovim
//! attached to the server. A test binary of its own, beside `tests/cli.rs`: the editor
//! tests need Node.js and Neovim (`.ci/run` installs them; see `lsp/tools.rs`).

mod support;

#[path = "lsp/client.rs"]
mod client;
#[path = "lsp/hostile.rs"]
mod hostile;
#[path = "lsp/neovim.rs"]
mod neovim;
#[path = "lsp/session.rs"]
mod session;
#[path = "lsp/tools.rs"]
mod tools;
#[path = "lsp/yaml_language_server.rs"]
mod yaml_language_server;
