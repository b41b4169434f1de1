// SPDX-License-Identifier: GPL-2.0-only
//
// ringcheck's adapter for perf-event2 0.7.4's Sampler, the crate
// unmodified. A user of the crate reads a ring as
//
//	while let Some(record) = sampler.next_record() { ... }
//
// next_record() loads data_tail and data_head, parses the header at the
// tail and returns a Record borrowing the ring; dropping the Record stores
// data_tail = tail + size. So: read_event is next_record(), consume drops
// the Record (release per record: the crate has no other release), and
// read_init does nothing (the crate has no snapshot: every next_record()
// reloads the head). The suite is given a copy of what the user is given:
// the header (type, misc, 8 + len()) and the record's bytes (data()),
// which the crate may hand in two pieces when the record wraps.
//
// The ring: Sampler::new is private to the crate, which maps only the fd
// of an event it opened (Counter::sampled). open_fd opens a disabled
// software DUMMY event through the crate's Builder, lets the crate map it,
// and maps the suite's fd over that mapping (../swap.rs). The Sampler
// reads data_offset and data_size from the control page, so any page size
// and data areas smaller than a page work. Backward rings are not read by
// the crate (no write_backward support): forward only.
//
// A panic of the crate (its asserts on a record's size) unwinds into an
// extern "C" function and aborts: the case crashes, as the user's
// program would.

#[path = "../../abi.rs"]
mod abi;
#[path = "../../panics.rs"]
mod panics;
#[path = "../../swap.rs"]
mod swap;

use std::os::raw::{c_int, c_void};
use std::ptr;

use perf_event::events::Software;
use perf_event::{Builder, Record, Sampler};

struct Adapter {
    // dropped before the sampler it borrows
    record: Option<Record<'static>>,
    sampler: Box<Sampler>,
    copy: Vec<u64>,
}

extern "C" fn open_fd(ring: *const abi::FdRing) -> *mut c_void {
    let ring = unsafe { &*ring };
    if ring.backward != 0 {
        return ptr::null_mut();
    }
    let len = (ring.page_size + ring.data_size) as usize;
    let before = swap::perf_mappings();
    let sampler = match Builder::new(Software::DUMMY)
        .enabled(false)
        .build()
        .and_then(|c| c.sampled(len.next_power_of_two()))
    {
        Ok(s) => s,
        Err(_) => return ptr::null_mut(),
    };
    let Some((start, end)) = swap::new_mapping(&before, &swap::perf_mappings()) else {
        return ptr::null_mut();
    };
    // memmap2's map_raw maps read-write, as the suite's forward rings need
    if !swap::map_over(start, end, ring.fd, len, libc::PROT_READ | libc::PROT_WRITE) {
        return ptr::null_mut();
    }
    let a = Box::new(Adapter {
        record: None,
        sampler: Box::new(sampler),
        copy: Vec::new(),
    });
    Box::into_raw(a) as *mut c_void
}

extern "C" fn close(a: *mut c_void) {
    let mut a = unsafe { Box::from_raw(a as *mut Adapter) };
    a.record = None;
    drop(a);
}

extern "C" fn read_init(_a: *mut c_void) -> c_int {
    0
}

extern "C" fn read_event(a: *mut c_void) -> *const abi::PerfEventHeader {
    let a = unsafe { &mut *(a as *mut Adapter) };
    // a Record not consumed is dropped first, as Rust's borrow of the
    // Sampler forces on a user: that releases it
    a.record = None;
    let sampler: &'static mut Sampler = unsafe { &mut *(&mut *a.sampler as *mut Sampler) };
    let Some(record) = sampler.next_record() else {
        return ptr::null();
    };
    let size = 8 + record.len();
    // grown when a record needs it, never cleared: every byte handed on
    // is written below (a memset a record would be the adapter's cost)
    if a.copy.len() < size.div_ceil(8) {
        a.copy.resize(size.div_ceil(8), 0);
    }
    let bytes = unsafe { std::slice::from_raw_parts_mut(a.copy.as_mut_ptr() as *mut u8, size) };
    bytes[0..4].copy_from_slice(&record.ty().to_ne_bytes());
    bytes[4..6].copy_from_slice(&record.misc().to_ne_bytes());
    bytes[6..8].copy_from_slice(&(size as u16).to_ne_bytes());
    let mut at = 8;
    for piece in record.data() {
        bytes[at..at + piece.len()].copy_from_slice(piece);
        at += piece.len();
    }
    a.record = Some(record);
    a.copy.as_ptr() as *const abi::PerfEventHeader
}

extern "C" fn consume(a: *mut c_void) {
    let a = unsafe { &mut *(a as *mut Adapter) };
    a.record = None;
}

extern "C" fn read_done(a: *mut c_void) {
    let a = unsafe { &mut *(a as *mut Adapter) };
    a.record = None;
}

static OPS: abi::ReaderOps = abi::ReaderOps {
    abi_version: abi::ABI_VERSION,
    name: b"perf-event2-0.7.4\0".as_ptr(),
    open: None,
    close: Some(close),
    read_init: Some(read_init),
    read_event: Some(read_event),
    consume: Some(consume),
    read_done: Some(read_done),
    push: None,
    caps: abi::CAP_FORWARD | abi::CAP_RELEASE_RECORD | abi::CAP_PART_PAGE | abi::CAP_RING_IN_USE,
    min_data_size: 0,
    open_fd: Some(open_fd),
    drain: None,
};

#[no_mangle]
pub extern "C" fn ringcheck_reader() -> *const abi::ReaderOps {
    panics::one_line();
    &OPS
}
