// SPDX-License-Identifier: GPL-2.0-only
//
// A crate's panic inside a plugin call cannot unwind into the suite (the
// entries are extern "C"): the process aborts and the case is a crash, as
// the user's program would be. Rust prints the panic with a backtrace
// (RUST_BACKTRACE is often set) for each of thousands of cases; this hook
// prints it on one line instead: the message and where the crate
// panicked, what a finding needs.

use std::sync::Once;

pub fn one_line() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let at = info
                .location()
                .map(|l| format!("{}:{}", l.file().rsplit("registry/").next().unwrap_or(""), l.line()))
                .unwrap_or_default();
            let msg = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_default();
            eprintln!("panic at {at}: {msg}");
        }));
    });
}
