// SPDX-License-Identifier: GPL-2.0-only
//
// Putting the suite's ring under a crate's own mapping. aya's
// PerfEventArray and perf-event2's Sampler open a perf event and map it
// themselves (perf_event_open, then mmap of that fd), with no way to hand
// them a mapping or an fd. The adapters let the crate do exactly that on
// this kernel, find the mapping it made (the one new perf_event mapping in
// /proc/self/maps), and map the suite's fd over it with MAP_FIXED: the
// crate's own code then reads the suite's ring through its own pointer,
// unmodified. What the crate mapped beyond the suite's ring becomes an
// inaccessible reservation, so a read past the ring faults as it would
// past a perf mapping, and the crate's munmap at drop still covers it all.

use std::fs;
use std::os::raw::{c_int, c_void};

/// The start and end of every perf_event mapping of this process.
pub fn perf_mappings() -> Vec<(usize, usize)> {
    let maps = fs::read_to_string("/proc/self/maps").unwrap_or_default();
    maps.lines()
        .filter(|l| l.ends_with("[perf_event]"))
        .filter_map(|l| {
            let range = l.split_whitespace().next()?;
            let (a, b) = range.split_once('-')?;
            Some((
                usize::from_str_radix(a, 16).ok()?,
                usize::from_str_radix(b, 16).ok()?,
            ))
        })
        .collect()
}

/// The one perf_event mapping in `after` that was not in `before`.
pub fn new_mapping(before: &[(usize, usize)], after: &[(usize, usize)]) -> Option<(usize, usize)> {
    let new: Vec<_> = after.iter().filter(|m| !before.contains(m)).collect();
    if new.len() == 1 {
        Some(*new[0])
    } else {
        None
    }
}

/// Maps `len` bytes of `fd` over the start of the crate's mapping
/// [start, end) (prot as the crate mapped it) and makes the rest
/// inaccessible. The whole perf mapping is replaced first by an
/// inaccessible reservation: the kernel refuses to split a perf mapping
/// (perf_mmap_may_split(), EINVAL), so the suite's ring cannot replace
/// only part of it. false if it does not fit or a mapping fails.
pub fn map_over(start: usize, end: usize, fd: c_int, len: usize, prot: c_int) -> bool {
    if len == 0 || len > end - start {
        return false;
    }
    unsafe {
        let q = libc::mmap(
            start as *mut c_void,
            end - start,
            libc::PROT_NONE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED | libc::MAP_NORESERVE,
            -1,
            0,
        );
        if q == libc::MAP_FAILED {
            return false;
        }
        let p = libc::mmap(
            start as *mut c_void,
            len,
            prot,
            libc::MAP_SHARED | libc::MAP_FIXED,
            fd,
            0,
        );
        p != libc::MAP_FAILED
    }
}
